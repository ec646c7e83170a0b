"""Which plots a step gets, built from the solver's run and the learner's own iterates.

The solver's iterates are only shown as far as the learner has got (so a plot never gives an answer away),
except on a full run: an explore step once predicted, or the end of the lesson.
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from gdtutor.checking.symbols import show
from gdtutor.core.expr import unicode_name
from gdtutor.core.objectives import Objective
from gdtutor.engine.opening import problem_line
from gdtutor.engine.plots import PlotSpec, Series, describe_costs, describe_path, series, short, spans_decades
from gdtutor.lessons.problem import Setup

CURVE_POINTS = 200
CURVES_KEPT = 16  # ranges kept per objective
Curve = tuple[np.ndarray | None, list[float]]  # a θ grid and J on it (None: J overflows over most of it)
_CURVES: weakref.WeakKeyDictionary[Objective, dict[tuple[float, float], Curve]] = weakref.WeakKeyDictionary()
ANSWERS = "your answers"
PLOTS_KEPT = 64
_PLOTS: dict[Hashable, tuple[dict[tuple[float, float], Curve] | None, tuple[PlotSpec, ...]]] = {}
# The curve series made from each kept curve, by the curve's id (the entry holds the curve, so no other
# curve can have that id while it is there) and label.
_LINES: dict[tuple[int, str], tuple[list[float], Series]] = {}


@dataclass(frozen=True)
class Answered:
    """A θ the learner typed, right or wrong: the iteration it is for and every parameter's value (a value
    typed for one parameter stands beside the solver's for the others)."""

    iteration: int
    theta: np.ndarray
    right: bool


def describe_problem(setup: Setup) -> str:
    """The problem in one line: "J(θ) = θ², start θ = 3, α = 0.1"."""
    objective = setup.cost_expr() if setup.spec.objective is not None else None
    return problem_line(setup.spec, setup.params, objective)


def plots_for(
    setup: Setup,
    learner: Mapping[int, np.ndarray],
    full_run: bool,
    compare: Setup | None = None,
    answers: Sequence[Answered] = (),
    predicting: bool = False,
) -> list[PlotSpec]:
    """The plots for a step on ``setup``: its main picture, then the cost by iteration once there is one.

    ``learner`` holds the θ the learner stands on per iteration (right answers and wrong ones kept);
    ``answers`` every θ they typed, which J(θ) and the path mark beside the solver's iterates.
    ``predicting``: a prediction h(x) is asked, so the fitted line is drawn without its equation (which
    would be the answer worked out).

    Kept per everything they are drawn from, while the curves of J they were drawn from stay kept: the
    steps on one problem show the same plots until the learner types another θ, and every step entered
    asks for them again.
    """
    drawn_from = (
        setup.key,
        None if compare is None else compare.key,
        full_run,
        predicting,
        tuple((k, np.asarray(theta, dtype=np.float64).tobytes()) for k, theta in sorted(learner.items())),
        tuple((a.iteration, np.asarray(a.theta, dtype=np.float64).tobytes(), a.right) for a in answers),
    )
    kept = _PLOTS.get(drawn_from)
    if kept is not None and kept[0] is _CURVES.get(setup.objective):
        return list(kept[1])
    plots = _plots(setup, learner, full_run, compare, answers, predicting)
    if len(_PLOTS) >= PLOTS_KEPT:
        _PLOTS.clear()
    # The entry holds the curves it was drawn from, so no other set of curves can be taken for them.
    _PLOTS[drawn_from] = (_CURVES.get(setup.objective), tuple(plots))
    return plots


def _plots(
    setup: Setup,
    learner: Mapping[int, np.ndarray],
    full_run: bool,
    compare: Setup | None,
    answers: Sequence[Answered],
    predicting: bool,
) -> list[PlotSpec]:
    reached = max(learner, default=0)
    trace = setup.run() if full_run else setup.run(reached)
    thetas, costs = trace.thetas, trace.costs
    mine = sorted(learner.items())
    learner_thetas = np.array([theta for _, theta in mine]) if mine else np.empty((0, len(setup.params)))
    learner_iterations = [k for k, _ in mine]
    main = _main_plot(setup, thetas, costs, answers, predicting)
    plots: list[PlotSpec | None] = [main]
    # J by iteration once there is a descent to show; before the first update it would be an empty box
    # beside the data, so only a problem with no other picture (more parameters than axes) shows it then.
    if len(costs) > 1 or mine or main is None:
        plots.append(_cost_plot(setup, costs, learner_iterations, learner_thetas))
    if compare is not None:
        compared = _compare_plot(setup, compare)
        if compared.kind == "fit":  # both fitted lines: the step's own line is one of them
            plots[0] = None
        plots.append(compared)
    return [plot for plot in plots if plot is not None]


def _main_plot(
    setup: Setup, thetas: np.ndarray, costs: np.ndarray, answers: Sequence[Answered], predicting: bool
) -> PlotSpec | None:
    if setup.spec.is_regression:
        return _fit_plot(setup, thetas[-1], predicting)
    if len(setup.params) == 1:
        return _curve_plot(setup, thetas, costs, answers)
    if len(setup.params) == 2:
        return _path_plot(setup, thetas, answers)
    return None


def _curve_plot(setup: Setup, thetas: np.ndarray, costs: np.ndarray, answers: Sequence[Answered]) -> PlotSpec:
    """J over θ with the solver's iterates on it (``costs``: J at each iterate, as the run worked it out)."""
    name = unicode_name(setup.params[0])
    objective = setup.objective
    grid, curve, off_chart = _curve_range(setup, thetas[:, 0], [answer.theta[0] for answer in answers])
    parts = [_curve_line(f"J({name})", grid, curve)]
    parts.append(series("solver", thetas[:, 0], costs, "points"))
    shown = [answer for answer in answers if float(answer.theta[0]) not in off_chart]
    if shown:
        xs = [float(answer.theta[0]) for answer in shown]
        parts.append(series(ANSWERS, xs, [objective.cost(answer.theta) for answer in shown], "marked"))
    sentences = [describe_path(thetas, [name]), _wrong_answer(setup, thetas, answers)]
    if off_chart:
        values = ", ".join(short(value) for value in off_chart)
        verb = "is" if len(off_chart) == 1 else "are"
        sentences.append(f"Your {name} = {values} {verb} off the chart: J there is too large to draw.")
    return PlotSpec(
        kind="curve",
        title=f"J({name}) and the iterates",
        x_label=name,
        y_label=f"J({name})",
        series=tuple(parts),
        summary=" ".join(filter(None, sentences)),
    )


def _curve_line(label: str, grid: np.ndarray, curve: list[float]) -> Series:
    """The curve of J as a series, made once per kept curve (200 points) and label."""
    key = (id(curve), label)
    found = _LINES.get(key)
    if found is None:
        if len(_LINES) >= 4 * CURVES_KEPT:
            _LINES.clear()
        found = _LINES[key] = (curve, series(label, grid, curve, "line"))
    return found[1]


def _curve_range(
    setup: Setup, solver: np.ndarray, answered: Sequence[float]
) -> tuple[np.ndarray, list[float], list[float]]:
    """The θ grid and J over it for the curve, and the learner's values left off it.

    The range covers the solver's iterates, 0 and the learner's finite values. When J overflows over much of
    that range (a θ of 1e200 on θ²), the learner's values are dropped from the far end one at a time until it
    does not, so the curve is never empty; the ones dropped are said in words.
    """
    finite_solver = [float(v) for v in solver if np.isfinite(v)]
    mine = sorted({float(v) for v in answered}, key=abs)
    off_chart = [v for v in mine if not np.isfinite(v)]
    mine = [v for v in mine if np.isfinite(v)]
    for cut in range(len(mine), -1, -1):
        grid, curve = _curve_over(setup, [*finite_solver, 0.0, *mine[:cut]])
        if grid is not None:
            return grid, curve, [*mine[cut:], *off_chart]
    # The solver itself has run off to where J overflows: draw the bowl around 0.
    grid, curve = _curve_over(setup, [0.0])
    return (np.empty(0), [], [*mine, *off_chart]) if grid is None else (grid, curve, [*mine, *off_chart])


def _curve_over(setup: Setup, points: Sequence[float]) -> Curve:
    """A grid over ``points`` with a margin and J on it, or None when J is not finite over most of it.

    Worked out once per objective and range (200 evaluations of J): the plot is worked out again after
    every action, and its range stays the same while the iterates and answers stay inside it."""
    low, high = min(points), max(points)
    kept = _CURVES.setdefault(setup.objective, {})
    if (low, high) not in kept:
        if len(kept) >= CURVES_KEPT:
            kept.clear()
        kept[low, high] = _curve_between(setup, low, high)
    return kept[low, high]


def _curve_between(setup: Setup, low: float, high: float) -> Curve:
    margin = max(0.15 * (high - low), 0.5)
    with np.errstate(over="ignore", invalid="ignore"):
        grid = np.linspace(low - margin, high + margin, CURVE_POINTS)
    if not np.all(np.isfinite(grid)):
        return None, []
    curve = [float(setup.objective.cost(np.array([x]))) for x in grid]
    if sum(np.isfinite(curve)) < CURVE_POINTS // 2:
        return None, []
    return grid, curve


def _wrong_answer(setup: Setup, thetas: np.ndarray, answers: Sequence[Answered]) -> str:
    """The learner's latest θ, when wrong, against the solver's, in words: "Your θ = 3.6 sits higher on the
    curve than the solver's 2.4." Compared with the solver's θ at the same iteration once that is shown,
    else with the last one shown (so the words never give the answer away)."""
    # Only while the latest answer is the wrong one: after a right answer, or on a later step, the sentence
    # would be about something the learner has already put right.
    if not answers or answers[-1].right or not np.all(np.isfinite(answers[-1].theta)):
        return ""
    answer = answers[-1]
    iteration = min(answer.iteration, len(thetas) - 1)
    reference = thetas[iteration]
    names = [unicode_name(name) for name in setup.params]
    mine, theirs = setup.objective.cost(answer.theta), setup.objective.cost(reference)
    if not (np.isfinite(mine) and np.isfinite(theirs)):
        return ""
    where = "higher" if mine > theirs else "lower" if mine < theirs else "at the same height"
    how = "than" if mine != theirs else "as"
    own = ", ".join(short(float(v)) for v in answer.theta)
    solver = ", ".join(short(float(v)) for v in reference)
    at = (
        ""
        if iteration == answer.iteration
        else " at the start"
        if iteration == 0
        else f" at iteration {iteration}"
    )
    if len(names) == 1:
        return f"Your {names[0]} = {own} sits {where} on the curve {how} the solver's {solver}{at}."
    pair = f"({', '.join(names)})"
    return f"Your {pair} = ({own}) sits {where} on J {how} the solver's ({solver}){at}."


def _path_plot(setup: Setup, thetas: np.ndarray, answers: Sequence[Answered]) -> PlotSpec:
    first, second = (unicode_name(name) for name in setup.params)
    parts = [series("solver", thetas[:, 0], thetas[:, 1], "points")]
    if answers:
        xs, ys = zip(*((float(a.theta[0]), float(a.theta[1])) for a in answers), strict=True)
        parts.append(series(ANSWERS, xs, ys, "marked"))
    sentences = [describe_path(thetas, [first, second]), _wrong_answer(setup, thetas, answers)]
    return PlotSpec(
        kind="path",
        title=f"The path of ({first}, {second})",
        x_label=first,
        y_label=second,
        series=tuple(parts),
        summary=" ".join(filter(None, sentences)),
    )


def _fit_plot(setup: Setup, theta: np.ndarray, predicting: bool = False) -> PlotSpec:
    """The data and the line through them; with several features, y against the first feature with the
    others held at their mean (the only slice of the fit a flat plot can show), and a note that says so."""
    X, y = setup.design
    xs = X[:, 0]
    line_label = "the fitted line" if predicting else _line_label(setup, theta)
    note = ""
    x_label = "x"
    if setup.features > 1:
        x_label = "x₁"
        others = ", ".join(unicode_name(f"x{k + 1}") for k in range(1, setup.features))
        note = (
            f"With {setup.features} features J depends on {len(theta)} parameters: no flat plot shows J over "
            f"them, or every feature at once. Shown: J by iteration, and the fit against x₁ with {others} "
            "held at their mean, so the points need not lie on the line."
        )
    fitted = series(line_label, *_line_over(setup, theta, xs), "line")
    return PlotSpec(
        kind="fit",
        title="The data and the fitted line" if setup.features == 1 else "The fit against x₁",
        x_label=x_label,
        y_label="y",
        series=(series("data", xs, y, "points"), fitted),
        summary=f"{len(xs)} examples; the line is {line_label}." + (f" {note}" if note else ""),
        note=note,
    )


def _line_over(setup: Setup, theta: np.ndarray, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The fitted h over the range of the first feature, every other feature at its mean."""
    X, _ = setup.design
    grid = np.linspace(float(xs.min()), float(xs.max()), 50)
    rows = np.tile(X.mean(axis=0), (grid.size, 1))
    rows[:, 0] = grid
    return grid, setup.objective.predict(theta, rows)  # type: ignore[attr-defined]


def _line_label(setup: Setup, theta: np.ndarray) -> str:
    if setup.spec.normalize:
        return "the fitted line"
    terms = " + ".join(
        f"{show(float(value))}·{unicode_name(f'x{k}') if setup.features > 1 else 'x'}"
        for k, value in enumerate(theta[1:], start=1)
    )
    return f"h(x) = {show(float(theta[0]))} + {terms}"


def _compare_fits(setup: Setup, other: Setup, label_a: str, label_b: str) -> PlotSpec:
    """Two runs on different data drawn as their fitted lines over the data of both (lesson 10: the line an
    outlier drags beside the clean one)."""
    theta_a, theta_b = setup.run().thetas[-1], other.run().thetas[-1]
    (X_a, y_a), (X_b, y_b) = setup.design, other.design
    xs, ys = np.concatenate([X_a[:, 0], X_b[:, 0]]), np.concatenate([y_a, y_b])
    line_a, line_b = _line_label(setup, theta_a), _line_label(other, theta_b)
    return PlotSpec(
        kind="fit",
        title="The two fitted lines",
        x_label="x",
        y_label="y",
        series=(
            series("data", xs, ys, "points"),
            series(label_a, *_line_over(setup, theta_a, xs), "line"),
            series(label_b, *_line_over(other, theta_b, xs), "line"),
        ),
        summary=f"{label_a}: the line is {line_a}; {label_b}: {line_b}.",
    )


def run_names(setup: Setup, other: Setup) -> tuple[str, str]:
    """What tells two compared runs apart, as their legend names: "α = 0.1" / "α = 0.01", "with (3, 20)" /
    "without (3, 20)", "6 examples" / "5 examples", "start θ = 3" / "start θ = 1"."""
    a, b = setup.spec, other.spec
    if setup.alpha != other.alpha:
        return f"α = {show(setup.alpha)}", f"α = {show(other.alpha)}"
    rows_a, rows_b = [tuple(row) for row in a.data or ()], [tuple(row) for row in b.data or ()]
    if rows_a != rows_b:
        extra = _extra_rows(rows_a, rows_b) or _extra_rows(rows_b, rows_a)
        if extra is not None:
            point = "(" + ", ".join(show(float(v)) for v in extra) + ")"
            with_it, without = f"with {point}", f"without {point}"
            return (with_it, without) if len(rows_a) > len(rows_b) else (without, with_it)
        return f"{len(rows_a)} examples", f"{len(rows_b)} examples"
    if not np.array_equal(setup.start, other.start):
        return _start_name(setup), _start_name(other)
    if a.iterations != b.iterations:
        return f"{a.iterations} iterations", f"{b.iterations} iterations"
    return "this run", "the other run"


def _start_name(setup: Setup) -> str:
    values = zip(setup.params, setup.start, strict=True)
    return "start " + ", ".join(f"{unicode_name(name)} = {show(float(value))}" for name, value in values)


def _extra_rows(more: list[tuple], fewer: list[tuple]) -> tuple | None:
    """The one row ``more`` has besides all of ``fewer``, if that is the whole difference."""
    rest = list(more)
    for row in fewer:
        if row not in rest:
            return None
        rest.remove(row)
    return rest[0] if len(rest) == 1 else None


def _cost_plot(setup: Setup, costs: np.ndarray, iterations: list[int], mine: np.ndarray) -> PlotSpec:
    objective = setup.objective
    learner_costs = [objective.cost(theta) for theta in mine]
    # One cost (the start) as a line would be a lone braille dot: as a point it shows.
    parts = [series("solver", np.arange(len(costs)), costs, "line" if len(costs) > 1 else "points")]
    if iterations:
        parts.append(series(ANSWERS, iterations, learner_costs, "marked"))
    return PlotSpec(
        kind="cost",
        title="The cost by iteration",
        x_label="iteration",
        y_label="J",
        series=tuple(parts),
        summary=describe_costs(costs),
        log_y=spans_decades(np.concatenate([costs, np.asarray(learner_costs, dtype=np.float64)])),
        integer_x=True,
        note=_unshown(setup),
    )


def _unshown(setup: Setup) -> str:
    """What a problem with more parameters than a flat plot has axes for cannot show."""
    if setup.spec.is_regression or len(setup.params) <= 2:
        return ""
    count = len(setup.params)
    return f"J depends on {count} parameters: no flat plot shows J over them, only J by iteration."


def _compare_plot(setup: Setup, other: Setup) -> PlotSpec:
    label_a, label_b = run_names(setup, other)
    if setup.spec.is_regression and setup.features == 1 and other.features == 1:
        return _compare_fits(setup, other, label_a, label_b)
    first, second = setup.run().costs, other.run().costs
    return PlotSpec(
        kind="compare",
        title="Two runs side by side",
        x_label="iteration",
        y_label="J",
        series=(
            series(label_a, np.arange(len(first)), first, "line"),
            series(label_b, np.arange(len(second)), second, "line"),
        ),
        summary=f"{label_a}: {describe_costs(first)} {label_b}: {describe_costs(second)}",
        log_y=spans_decades(np.concatenate([first, second])),
        integer_x=True,
    )
