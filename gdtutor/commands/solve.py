"""`gdtutor solve`: run gradient descent on a formula or on a data file and print the trace.

The argument names and the `--json` keys are a contract that outside checks rely on, so they only ever grow:
params, history, theta, cost, stopped, normalization, predictions.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import NoReturn, TextIO

import numpy as np

from gdtutor.checking.symbols import show
from gdtutor.core.data import load_table
from gdtutor.core.descent import MAX_ITERATIONS, Descent, Row
from gdtutor.core.labels import unicode_name
from gdtutor.core.normalize import Normalization
from gdtutor.core.objectives import ExpressionObjective, LinearRegression, normal_equation
from gdtutor.errors import GdtutorError

TABLE_HEAD_ROWS = 25
TABLE_TAIL_ROWS = 10

EPILOG = """\
Gradient descent needs --alpha and --iterations; the normal equation takes neither.
--start takes NAME=VALUE pairs with --expr (a parameter left out starts at 0) and the values θ0 … θn
with --data (all zeros if left out). --tol stops when the gradient's length is at most T.
--normalize z-scores each feature with the training mean and deviation (predictions too) and refuses a
feature that has the same value in every row. --plot with --json draws the chart on stderr.

Iteration 0 is the start, everywhere: row k of the table and entry k of --json's history is θ after k
updates, with its cost J and the step α·∇J taken from it. A long table shows its first 25 and last 10
rows; --json prints every row, as it goes, so a run of a million iterations needs no more memory than
one of ten (--plot keeps one cost per iteration for its chart).

--method normal-equation solves the least-squares problem in closed form: the history holds that one
solution (iteration 0, its cost and gradient, a step of zeros: no step is taken) and stopped is
"converged", since the solution is the minimum itself.

--json prints one object: params, history (entry k is θ after k updates, with its cost, gradient and
the step α·∇J taken from it), theta, cost, stopped ("iterations", "converged" or "diverged"),
normalization ({"mu", "sigma"} or null) and predictions ([{"x", "y"}]). Values that are not finite
in a diverged run are written as null. A diverging run is a result, not an error: it exits 0.

examples:
  gdtutor solve --expr "theta^2" --start theta=3 --alpha 0.1 --iterations 10
  gdtutor solve --data examples/houses.csv --normalize --alpha 0.5 --iterations 400 --predict 120,3
  gdtutor solve --data examples/houses.csv --method normal-equation --predict 120,3 --json"""


def _fail(message: str) -> NoReturn:
    raise GdtutorError(f"solve: {message}")


def _finite_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--expr", metavar="EXPR", help='the cost J as a formula, e.g. "theta^2"')
    source.add_argument("--data", metavar="FILE", help="training data: features then y on each line")
    parser.add_argument(
        "--method",
        choices=("gradient-descent", "normal-equation"),
        default="gradient-descent",
        help="how to minimize (normal-equation only with --data; default gradient-descent)",
    )
    parser.add_argument(
        "--start", nargs="+", metavar="START", help="starting θ (see below; default all zeros)"
    )
    parser.add_argument(
        "--alpha", type=_finite_float, metavar="A", help="learning rate α (required for gradient descent)"
    )
    parser.add_argument(
        "--iterations",
        type=int,
        metavar="N",
        help=f"updates to make, 0 to {MAX_ITERATIONS:,} (required for gradient descent; 0: just the start)",
    )
    parser.add_argument(
        "--tol", type=_finite_float, metavar="T", help="stop when ‖∇J‖ ≤ T (default: run all N updates)"
    )
    parser.add_argument(
        "--cost", choices=("half-mse", "mse"), help="with --data: cost function (default half-mse)"
    )
    parser.add_argument("--normalize", action="store_true", help="with --data: z-score the features")
    parser.add_argument(
        "--ddof", type=int, choices=(0, 1), help="with --normalize: σ divides by N−ddof (default 1)"
    )
    parser.add_argument(
        "--predict",
        action="append",
        metavar="X1,X2,...",
        help="with --data: predict y for these raw features",
    )
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    parser.add_argument("--plot", action="store_true", help="add a chart of J by iteration")


def _check_combinations(args: argparse.Namespace) -> None:
    normal = args.method == "normal-equation"
    if args.expr is not None:
        for flag, given in (
            ("--cost", args.cost is not None),
            ("--normalize", args.normalize),
            ("--ddof", args.ddof is not None),
            ("--predict", args.predict is not None),
        ):
            if given:
                _fail(f"{flag} applies only with --data")
        if normal:
            _fail("--method normal-equation needs --data: a formula is minimized by gradient descent")
    if args.ddof is not None and not args.normalize:
        _fail("--ddof applies only with --normalize")
    if normal:
        for flag, given in (
            ("--alpha", args.alpha is not None),
            ("--iterations", args.iterations is not None),
            ("--start", args.start is not None),
            ("--tol", args.tol is not None),
            ("--plot", args.plot),
        ):
            if given:
                _fail(f"{flag} has no meaning with --method normal-equation: it takes no steps")
    else:
        if args.alpha is None:
            _fail("--alpha is required for gradient descent")
        if args.iterations is None:
            _fail("--iterations is required for gradient descent")


def _parse_number(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        _fail(f"{what}: {text!r} is not a number")
    if not math.isfinite(value):
        _fail(f"{what}: {text!r} is not a finite number")
    return value


def _canonical_name(text: str) -> str | None:
    """The canonical parameter name that ``text`` spells (θ₁, theta_1 → theta1), or None."""
    from gdtutor.core.expr import ExprError, Var, parse

    try:
        expr = parse(text)
    except ExprError:
        return None
    return expr.name if isinstance(expr, Var) and expr.parameters() else None


def _expression_objective(args: argparse.Namespace) -> tuple[ExpressionObjective, np.ndarray]:
    from gdtutor.core.expr import ExprError, parse
    from gdtutor.core.expr.names import DATA_NAMES

    try:
        expr = parse(args.expr)
    except ExprError as error:
        _fail(f"--expr: {error}")
    data_names = sorted(expr.free_names() & DATA_NAMES)
    if data_names:
        _fail(f"--expr uses training data ({', '.join(data_names)}); fit data with --data FILE instead")
    objective = ExpressionObjective(expr)
    unknown = sorted(expr.free_names() - set(objective.params))
    if unknown:
        _fail(f"--expr uses {', '.join(unknown)}: solve gives values only to the θ parameters")
    if not objective.params:
        _fail(f"--expr {args.expr!r} has no parameter to descend on (write it in theta, theta0, theta1, ...)")
    start = dict.fromkeys(objective.params, 0.0)
    given: set[str] = set()
    for item in args.start or []:
        name, separator, value = (part.strip() for part in item.partition("="))
        if not separator:
            _fail(f"--start {item!r}: with --expr write NAME=VALUE, e.g. {objective.params[0]}=3")
        canonical = _canonical_name(name)
        if canonical not in start:
            import difflib  # only for this message: its import costs more than a small solve

            close = difflib.get_close_matches(canonical or name, objective.params, n=1)
            hint = (
                f"; did you mean {close[0]}?"
                if close
                else f" (its parameters: {', '.join(objective.params)})"
            )
            _fail(f"--start {item!r}: {name!r} is not a parameter of the formula{hint}")
        if canonical in given:
            _fail(f"--start gives {canonical} more than once")
        given.add(canonical)
        start[canonical] = _parse_number(value, f"--start {item!r}")
    return objective, np.array(list(start.values()), dtype=np.float64)


def _regression(args: argparse.Namespace) -> LinearRegression:
    dataset = load_table(args.data)
    normalization = None
    if args.normalize:
        normalization = Normalization.fit(dataset.X, ddof=1 if args.ddof is None else args.ddof)
    return LinearRegression(dataset.X, dataset.y, cost=args.cost or "half-mse", normalization=normalization)


def _regression_start(args: argparse.Namespace, regression: LinearRegression) -> np.ndarray:
    size = regression.n + 1
    if args.start is None:
        return np.zeros(size)
    if any("=" in item for item in args.start):
        _fail("--start with --data takes the values θ0 … θn in order, e.g. --start " + " ".join(["0"] * size))
    if len(args.start) != size:
        _fail(f"--start needs {size} values (θ0 … θ{size - 1}) for this data, got {len(args.start)}")
    return np.array([_parse_number(item, "--start") for item in args.start], dtype=np.float64)


def _queries(args: argparse.Namespace, features: int) -> list[list[float]]:
    queries = []
    for text in args.predict or []:
        fields = [field for field in text.replace(",", " ").split() if field]
        if len(fields) != features:
            _fail(f"--predict {text!r}: needs {features} feature value(s), got {len(fields)}")
        queries.append([_parse_number(field, f"--predict {text!r}") for field in fields])
    return queries


class NormalEquation:
    """The closed-form solution as a run of one row (iteration 0, no step), shaped like a Descent."""

    stopped = "converged"  # the solution is the minimum itself

    def __init__(self, regression: LinearRegression) -> None:
        self.params = regression.params
        self._regression = regression

    def __iter__(self) -> Iterator[Row]:
        theta = normal_equation(self._regression.X, self._regression.y)
        cost, gradient = self._regression.cost_and_gradient(theta)
        yield Row(0, theta, cost, gradient, np.zeros(theta.size))


def _json_number(value: float) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def _json_vector(values: np.ndarray) -> list[float | None]:
    return [_json_number(value) for value in values]


def _history_entry(row: Row) -> dict[str, object]:
    return {
        "iteration": row.iteration,
        "theta": _json_vector(row.theta),
        "cost": _json_number(row.cost),
        "gradient": _json_vector(row.gradient),
        "step": _json_vector(row.step),
    }


class Outcome:
    """What is kept of a run while its rows stream past: the last row, and the costs only for --plot."""

    def __init__(self, keep_costs: bool) -> None:
        self.last: Row | None = None
        self.costs: array[float] | None = array("d") if keep_costs else None

    def saw(self, row: Row) -> None:
        self.last = row
        if self.costs is not None:
            self.costs.append(row.cost)

    @property
    def final(self) -> Row:
        if self.last is None:
            raise RuntimeError("a run yields at least its start row")  # a bug in solve, not the user's
        return self.last


def _stream_json(
    out: TextIO,
    run: Descent | NormalEquation,
    rows: Iterator[Row],
    outcome: Outcome,
    normalization: Normalization | None,
    predict: Callable[[np.ndarray], list[tuple[list[float], float]]],
) -> None:
    """Write the result as one JSON object, row by row, formatted exactly as ``json.dumps`` formats it."""
    out.write('{"params": ' + json.dumps(list(run.params)) + ', "history": [')
    for index, row in enumerate(rows):
        outcome.saw(row)
        out.write((", " if index else "") + json.dumps(_history_entry(row), allow_nan=False))
    final = outcome.final
    predictions = predict(final.theta)
    rest = {
        "theta": _json_vector(final.theta),
        "cost": _json_number(final.cost),
        "stopped": run.stopped,
        "normalization": normalization.as_dict() if normalization is not None else None,
        "predictions": [{"x": x, "y": _json_number(y)} for x, y in predictions],
    }
    out.write("], " + json.dumps(rest, allow_nan=False)[1:] + "\n")


def _unicode_ok(stream: object) -> bool:
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        "θ₀α·∂≤→⋮".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _table(params: tuple[str, ...], rows: Iterator[Row], outcome: Outcome, unicode: bool) -> list[str]:
    """The rows as the article's table, iteration 0 being the start; a long run shows its first
    TABLE_HEAD_ROWS and last TABLE_TAIL_ROWS rows, so only those are ever held."""
    names = [(unicode_name(name) if unicode else name) for name in params]
    step = "α·∂J/∂{}" if unicode else "alpha*dJ/d{}"
    header = ["iteration", *names, *(step.format(name) for name in names), "J"]
    head: list[Row] = []
    tail: deque[Row] = deque(maxlen=TABLE_TAIL_ROWS)
    for row in rows:
        outcome.saw(row)
        (head if len(head) < TABLE_HEAD_ROWS else tail).append(row)
    hidden = outcome.final.iteration + 1 - len(head) - len(tail)
    cells = [
        [str(row.iteration), *(show(v, unicode=False) for v in (*row.theta, *row.step, row.cost))]
        for row in (*head, *tail)
    ]
    widths = [max(len(header[i]), *(len(cell[i]) for cell in cells)) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.rjust(width) for cell, width in zip(cells, widths, strict=True))

    lines = [line(header), *map(line, cells[: len(head)])]
    if hidden:
        lines.append(("⋮" if unicode else "...") + f" {hidden} more (--json prints them all)")
    lines.extend(map(line, cells[len(head) :]))
    return lines


def _outcome_line(final: Row, stopped: str, method: str, unicode: bool) -> str:
    updates = f"{final.iteration} update{'s' if final.iteration != 1 else ''}"
    if method == "normal-equation":
        return "solved by the normal equation (the exact least-squares minimum)"
    if stopped == "converged":
        return f"converged after {updates}"
    if stopped == "diverged":
        alpha = "α" if unicode else "alpha"
        why = "grew without bound" if math.isfinite(final.cost) else "is no longer a finite number"
        return f"diverged after {updates}: the cost {why}; try a smaller {alpha}"
    return f"stopped after {updates}"


def _summary(
    params: tuple[str, ...],
    final: Row,
    normalization: Normalization | None,
    predictions: list[tuple[list[float], float]],
    unicode: bool,
) -> list[str]:
    names = [(unicode_name(name) if unicode else name) for name in params]
    values = zip(names, final.theta, strict=True)
    lines = ["  ".join(f"{name} = {show(value, unicode=False)}" for name, value in values)]
    lines.append(f"J = {show(final.cost, unicode=False)}")
    if normalization is not None:
        mu, sigma = ("μ", "σ") if unicode else ("mu", "sigma")
        lines.append(
            f"normalization: {mu} = [{_listed(normalization.mu)}], "
            f"{sigma} = [{_listed(normalization.sigma)}] (ddof={normalization.ddof})"
        )
    arrow = "→" if unicode else "->"
    for x, y in predictions:
        lines.append(f"prediction: x = [{_listed(x)}] {arrow} y = {show(y, unicode=False)}")
    return lines


def _listed(values: Iterable[float]) -> str:
    return ", ".join(show(value, unicode=False) for value in values)


def _predictions(
    regression: LinearRegression | None, queries: list[list[float]], theta: np.ndarray
) -> list[tuple[list[float], float]]:
    if regression is None or not queries:
        return []
    with np.errstate(all="ignore"):
        values = regression.predict(theta, np.array(queries))
    return [(x, float(y)) for x, y in zip(queries, values, strict=True)]


def run(args: argparse.Namespace) -> int:
    _check_combinations(args)
    solver: Descent | NormalEquation
    regression: LinearRegression | None = None
    queries: list[list[float]] = []
    if args.expr is not None:
        objective, start = _expression_objective(args)
        solver = Descent(objective, start, args.alpha, args.iterations, grad_tol=args.tol)
    else:
        regression = _regression(args)
        queries = _queries(args, regression.n)
        if args.method == "normal-equation":
            solver = NormalEquation(regression)
        else:
            start = _regression_start(args, regression)
            solver = Descent(regression, start, args.alpha, args.iterations, grad_tol=args.tol)
    normalization = regression.normalization if regression is not None else None
    rows = iter(solver)
    first = next(rows)  # a start where J is undefined fails here, before anything is written
    rows = itertools.chain([first], rows)
    outcome = Outcome(keep_costs=args.plot)

    if args.json:
        _stream_json(
            sys.stdout,
            solver,
            rows,
            outcome,
            normalization,
            lambda theta: _predictions(regression, queries, theta),
        )
    else:
        unicode = _unicode_ok(sys.stdout)
        lines = (
            [*_table(solver.params, rows, outcome, unicode), ""] if args.method == "gradient-descent" else []
        )
        for row in rows:  # the normal equation's one row, which gets no table
            outcome.saw(row)
        final = outcome.final
        lines.append(_outcome_line(final, str(solver.stopped), args.method, unicode))
        predictions = _predictions(regression, queries, final.theta)
        lines.extend(_summary(solver.params, final, normalization, predictions, unicode))
        print("\n".join(lines))
    if args.plot:
        from gdtutor.commands._plot import cost_chart, wants_colour

        chart_stream = sys.stderr if args.json else sys.stdout
        costs = np.frombuffer(outcome.costs or array("d"), dtype=np.float64)
        print(cost_chart(costs, colour=wants_colour(chart_stream)), file=chart_stream)
    return 0
