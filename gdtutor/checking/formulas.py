"""Formula answers: equivalence by evaluation at random points; mistaken formulas derived from the reference.

Two formulas are equivalent when they agree (relative tolerance) at every sample point. Points are drawn
per variable from domains that avoid the usual singularities: parameters have magnitude 0.2 … 2.5 with
either sign, α lies in 0.05 … 0.5, and the data columns x, x1 … xN, y are random vectors, so ``sum(...)``
really sums. Two batches of points use different numbers of examples (m = 3 and m = 6), so a formula that
hard-codes m is told apart from one that uses it. A point where either side is not finite is dropped and
more are drawn; at least ``MIN_POINTS`` finite points are needed. Draws are seeded: a verdict is the same
every time. Values the lesson fixes (``data``, e.g. α = 0.1) are used as given, so ``θ − 0.1·2θ`` matches
``θ − α·2θ`` when α is 0.1.

Mistaken formulas come from the reference itself:
- update rules ``θⱼ − G``: uphill (θⱼ + G; sign-of-error gives the same and is named too), no-alpha
  (α set to 1 in G), step-not-theta (G alone), and the gradient mistakes below applied to G;
- gradients and costs: missing-mean (m set to 1), factor-two (2× and ½×), missing-x (the first x factor
  of each sum's product dropped: the chain-rule factor), sign-of-error (each h − y written y − h, when
  the formula uses the data y; squared, it is the same formula and so never claimed).
Derived formulas are simplified, so lesson validation can show them readably. Mistakes that need the
descent's history (stale-theta, off-by-one, sequential-update) do not apply to a formula; lessons can add
their own mistaken formulas.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from gdtutor.checking.grading import grade, invalid
from gdtutor.checking.mistakes import PRIORITY, Mistaken
from gdtutor.checking.plaintext import AnswerError, tidy
from gdtutor.checking.tolerance import NumberRule
from gdtutor.checking.verdict import Verdict
from gdtutor.core.expr import Add, Div, Expr, ExprError, Mul, Neg, Num, Sub, Sum, Var, parse, unicode_name
from gdtutor.core.expr.names import is_data, is_parameter

MIN_POINTS = 5
POINTS_PER_BATCH = 6
EXAMPLES_PER_BATCH = (3, 6)
RTOL = 1e-7
ATOL = 1e-9
_SEED = 20140304


@dataclass(frozen=True)
class FormulaMistake:
    """A mistaken formula: its id, the formula, and an explanation (None: the library's)."""

    id: str
    formula: Expr
    explanation: str | None = None


def check_formula(
    text: str,
    reference: Expr | str,
    *,
    params: Sequence[str] | None = None,
    features: int = 1,
    data: Mapping[str, Any] | None = None,
    mistaken: Iterable[FormulaMistake | Mistaken] | None = None,
    lesson_mistakes: Iterable[FormulaMistake | Mistaken] = (),
) -> Verdict:
    """Judge a typed formula against ``reference``; diagnose it against mistaken formulas when wrong.

    ``params`` are the problem's parameters (default: the reference's); ``data`` the lesson's values:
    scalars (α = 0.1) are used as given; arrays (its training columns) only make their names part of the
    problem, since points always use random data (a formula that fits one data set by chance must fail).
    ``mistaken`` None derives the library's mistaken formulas from the reference; ``lesson_mistakes`` are
    the lesson's own, checked first.
    """
    reference = parse(reference, features) if isinstance(reference, str) else reference
    fixed = dict(data or {})
    try:
        answer = parse(tidy(text), features)
    except (ExprError, AnswerError) as error:
        return _unreadable(error)
    reading = f"read as: {answer.to_unicode()}"
    unknown = sorted(answer.free_names() - _known_names(reference, params, fixed, features))
    if unknown:
        shown = " and ".join(unicode_name(name) for name in unknown)
        verb = "isn't" if len(unknown) == 1 else "aren't"
        return invalid(f"this answer uses {shown}, which {verb} in this problem", reading)
    candidates = [_as_formula_mistake(item, features) for item in lesson_mistakes]
    if mistaken is None:
        candidates += _derived_mistakes(reference)
    else:
        candidates += [_as_formula_mistake(item, features) for item in mistaken]
    names = answer.free_names() | reference.free_names() | frozenset(params or ())
    for candidate in candidates:
        names |= candidate.formula.free_names()
    points = _sample_points(reference, names, fixed)
    expected = points.values(reference)
    given = points.values(answer)
    if _agree(given, expected):
        return Verdict("correct", "Correct.", reading, value=answer)
    verdict = _diagnose(answer, reference, reading, given, expected, candidates, points)
    if verdict.mistake is None and _forgot_sum(reference, given, expected):
        message = "Not quite: your answer still has one value per example; add them up with sum(…)."
        return Verdict("wrong", message, reading, value=answer)
    return verdict


def _forgot_sum(reference: Expr, given: list[np.ndarray], expected: list[np.ndarray]) -> bool:
    """The answer varies per example where the reference sums over the examples (not one example's
    formula, such as the derivative of a single error, where sum(…) would be no help)."""
    sums = any(isinstance(node, Sum) for node in reference.walk())
    return sums and _per_example(given) and not _per_example(expected)


def derive_mistakes(reference: Expr) -> list[FormulaMistake]:
    """The library's mistaken versions of ``reference``, most fundamental first, simplified for reading."""
    return [
        FormulaMistake(mistake.id, mistake.formula.simplify(), mistake.explanation)
        for mistake in _derived_mistakes(reference)
    ]


def _derived_mistakes(reference: Expr) -> list[FormulaMistake]:
    """The mistaken formulas as built (checking evaluates them; simplifying would only cost time)."""
    found: list[FormulaMistake] = []
    update = _as_update_rule(reference)
    if update is not None:
        parameter, step = update
        found.append(FormulaMistake("uphill", Add(parameter, step)))
        if "alpha" in step.free_names():
            found.append(FormulaMistake("no-alpha", Sub(parameter, step.substitute({"alpha": Num(1.0)}))))
        found.append(FormulaMistake("step-not-theta", step))
        found += [
            FormulaMistake(mistake.id, Sub(parameter, mistake.formula), mistake.explanation)
            for mistake in _gradient_mistakes(step)
        ]
    else:
        found += _gradient_mistakes(reference)
    return sorted(found, key=lambda mistake: PRIORITY[mistake.id])


def _gradient_mistakes(formula: Expr) -> list[FormulaMistake]:
    found = []
    if "y" in formula.free_names():
        found.append(FormulaMistake("sign-of-error", _swap_error(formula) or Neg(formula)))
    if "m" in formula.free_names():
        found.append(FormulaMistake("missing-mean", formula.substitute({"m": Num(1.0)})))
    found.append(FormulaMistake("factor-two", Mul(Num(2.0), formula)))
    found.append(FormulaMistake("factor-two", Div(formula, Num(2.0))))
    without_x = _drop_chain_factor(formula)
    if without_x is not None:
        found.append(FormulaMistake("missing-x", without_x))
    outside = _x_outside_the_sum(formula)
    if outside is not None:
        found.append(FormulaMistake("missing-x", outside, X_OUTSIDE))
    return found


X_OUTSIDE = (
    "The x⁽ⁱ⁾ stands outside the sum, where no example owns it. By the chain rule each error (h − y) is "
    "multiplied by its own x⁽ⁱ⁾, inside the sum, before the errors are added up."
)


def _x_outside_the_sum(formula: Expr) -> Expr | None:
    """The formula with each sum's x factor moved out of it: Σ(h − y)·x for Σ((h − y)·x)."""

    def move(node: Expr) -> Expr | None:
        if isinstance(node, Sum):
            body = _without_x_factor(node.body)
            feature = next(
                (n for n in node.body.walk() if isinstance(n, Var) and n.name.startswith("x")), None
            )
            return None if body is None or feature is None else Mul(Sum(body), feature)
        return None

    return _rewrite_wherever(formula, move)


def _as_update_rule(reference: Expr) -> tuple[Var, Expr] | None:
    """(θⱼ, G) when the reference reads θⱼ − G, the shape of an update rule."""
    if isinstance(reference, Sub) and isinstance(reference.left, Var) and is_parameter(reference.left.name):
        return reference.left, reference.right
    return None


def _rewrite_wherever(formula: Expr, rule: Callable[[Expr], Expr | None]) -> Expr | None:
    """The formula with ``rule`` applied at each outermost node it rewrites; None when it rewrites none."""
    rewritten = rule(formula)
    if rewritten is not None:
        return rewritten
    changed = False
    children = []
    for child in formula.children:
        new_child = _rewrite_wherever(child, rule)
        changed = changed or new_child is not None
        children.append(child if new_child is None else new_child)
    return formula.rebuild(tuple(children)) if changed else None


def _swap_error(formula: Expr) -> Expr | None:
    """The formula with each error h − y written y − h (a flipped sign, unless a square hides it)."""

    def swap(node: Expr) -> Expr | None:
        if isinstance(node, Sub) and node.right == Var("y"):
            return Sub(node.right, node.left)
        return None

    return _rewrite_wherever(formula, swap)


def _drop_chain_factor(formula: Expr) -> Expr | None:
    """The formula with the first x factor of each sum's product removed, or None when there is none."""

    def drop(node: Expr) -> Expr | None:
        if isinstance(node, Sum):
            body = _without_x_factor(node.body)
            return None if body is None else Sum(body)
        return None

    return _rewrite_wherever(formula, drop)


def _without_x_factor(product: Expr) -> Expr | None:
    if isinstance(product, Mul):
        for kept, other in ((product.left, product.right), (product.right, product.left)):
            if isinstance(other, Var) and other.name.startswith("x"):
                return kept
        left = _without_x_factor(product.left)
        if left is not None:
            return Mul(left, product.right)
        right = _without_x_factor(product.right)
        return None if right is None else Mul(product.left, right)
    if isinstance(product, Div):
        numerator = _without_x_factor(product.left)
        return None if numerator is None else Div(numerator, product.right)
    if isinstance(product, Neg):
        inner = _without_x_factor(product.arg)
        return None if inner is None else Neg(inner)
    return None


class _SamplePoints:
    """Environments for evaluation: one batch of points per number of examples in ``EXAMPLES_PER_BATCH``.

    Parameters and α are (points, 1) columns and data columns (points, m) arrays, so one evaluation covers
    a whole batch; a value is kept as (points, 1), or (points, m) when it has one value per example.
    """

    def __init__(self, names: frozenset[str], fixed: Mapping[str, Any], positive: bool) -> None:
        self.batches = [self._batch(names, fixed, examples, positive) for examples in EXAMPLES_PER_BATCH]

    @staticmethod
    def _batch(
        names: frozenset[str], fixed: Mapping[str, Any], examples: int, positive: bool
    ) -> dict[str, Any]:
        rng = np.random.default_rng([_SEED, examples, int(positive)])
        shape = (POINTS_PER_BATCH, 1)
        env: dict[str, Any] = {"m": float(examples)}
        for name in sorted(names):
            if name in fixed and np.ndim(fixed[name]) == 0:
                env[name] = float(fixed[name])
            elif is_data(name):
                env[name] = rng.uniform(-3.0, 3.0, size=(POINTS_PER_BATCH, examples))
            elif name == "alpha":
                env[name] = rng.uniform(0.05, 0.5, size=shape)
            elif name != "m":
                sign = 1.0 if positive else rng.choice([-1.0, 1.0], size=shape)
                env[name] = sign * rng.uniform(0.2, 2.5, size=shape)
        return env

    def values(self, formula: Expr) -> list[np.ndarray]:
        """The formula at every point, one array per batch; nan where it has no value."""
        return [self._evaluate(formula, env) for env in self.batches]

    @staticmethod
    def _evaluate(formula: Expr, env: Mapping[str, Any]) -> np.ndarray:
        try:
            value = np.asarray(formula.evaluate(env), dtype=np.float64)
        except ExprError:
            return np.full((POINTS_PER_BATCH, 1), np.nan)
        if value.ndim == 0:
            return np.full((POINTS_PER_BATCH, 1), float(value))
        return value.reshape(POINTS_PER_BATCH, -1)


def _sample_points(reference: Expr, names: frozenset[str], fixed: Mapping[str, Any]) -> _SamplePoints:
    """Points of both signs; parameters positive only if the reference has too few values there (log, √)."""
    scalars = tuple(
        sorted((name, float(fixed[name])) for name in names & fixed.keys() if np.ndim(fixed[name]) == 0)
    )
    points = _points(names, scalars, positive=False)
    if _finite_points(points.values(reference)) < MIN_POINTS:
        return _points(names, scalars, positive=True)
    return points


@functools.lru_cache(maxsize=64)
def _points(names: frozenset[str], scalars: tuple[tuple[str, float], ...], positive: bool) -> _SamplePoints:
    """The points are seeded, so the same names and fixed values always give the same ones: a step's
    answers share them instead of drawing them again (evaluation never writes into them)."""
    return _SamplePoints(names, dict(scalars), positive)


def _finite_points(batches: list[np.ndarray]) -> int:
    return sum(int(np.isfinite(batch).all(axis=1).sum()) for batch in batches)


def _per_example(batches: list[np.ndarray]) -> bool:
    return any(batch.shape[1] > 1 for batch in batches)


def _agree(first: list[np.ndarray], second: list[np.ndarray]) -> bool:
    """Equal (relative tolerance) at every point where both have values, with at least MIN_POINTS of those."""
    usable = 0
    for a, b in zip(first, second, strict=True):
        if a.shape[1] != b.shape[1] and 1 not in (a.shape[1], b.shape[1]):
            return False
        a, b = np.broadcast_arrays(a, b)
        finite = np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1)
        usable += int(finite.sum())
        a, b = a[finite], b[finite]
        if a.size == 0:
            continue
        scale = max(1.0, float(np.max(np.abs(b))))
        if not np.all(np.abs(a - b) <= RTOL * np.maximum(np.abs(a), np.abs(b)) + ATOL * scale):
            return False
    return usable >= MIN_POINTS


def _diagnose(
    answer: Expr,
    reference: Expr,
    reading: str,
    given: list[np.ndarray],
    expected: list[np.ndarray],
    candidates: Sequence[FormulaMistake],
    points: _SamplePoints,
) -> Verdict:
    if _finite_points(given) == 0:
        message = "Not quite: your formula has no value at the points tried."
        return Verdict("wrong", message, reading, value=answer)
    known = {id(answer): given, id(reference): expected}
    update = _as_update_rule(reference)
    if update is not None:
        known[id(update[1])] = points.values(update[1])  # the step G, which most update mistakes reuse
    evaluated = [
        Mistaken(candidate.id, _values_reusing(candidate.formula, known, points), candidate.explanation)
        for candidate in candidates
    ]
    return grade(
        lambda values: "correct" if _agree(given, values) else "wrong",
        expected,
        lambda values: _agree(values, expected),
        NumberRule(),
        evaluated,
        answer,
        reading,
    )


def _values_reusing(
    formula: Expr, known: dict[int, list[np.ndarray]], points: _SamplePoints
) -> list[np.ndarray]:
    """The formula's values, computed from values already known for its parts (the reference, its step)
    when it is only +, −, × or ÷ of those, numbers and names: 2·G, θ − G, θ + G and the like cost a few
    array operations instead of a walk of the whole tree. Same operations, so the same values."""
    if not _combinable(formula, known):
        return points.values(formula)
    with np.errstate(all="ignore"):
        combined = [_combine(formula, known, batch, index) for index, batch in enumerate(points.batches)]
    return [np.full((POINTS_PER_BATCH, 1), value) if np.ndim(value) == 0 else value for value in combined]


_OPERATIONS: dict[type, Callable[[Any, Any], Any]] = {
    Add: np.add,
    Sub: np.subtract,
    Mul: np.multiply,
    Div: np.true_divide,
}


def _combinable(formula: Expr, known: dict[int, list[np.ndarray]]) -> bool:
    if id(formula) in known or isinstance(formula, (Num, Var)):
        return True
    if isinstance(formula, Neg) or type(formula) in _OPERATIONS:
        return all(_combinable(child, known) for child in formula.children)
    return False


def _combine(formula: Expr, known: dict[int, list[np.ndarray]], batch: Mapping[str, Any], index: int) -> Any:
    if id(formula) in known:
        return known[id(formula)][index]
    if isinstance(formula, Num):
        return np.float64(formula.value)
    if isinstance(formula, Var):
        return np.asarray(batch[formula.name], dtype=np.float64)
    if isinstance(formula, Neg):
        return np.negative(_combine(formula.arg, known, batch, index))
    left, right = (_combine(child, known, batch, index) for child in formula.children)
    return _OPERATIONS[type(formula)](left, right)


def _known_names(
    reference: Expr, params: Sequence[str] | None, fixed: Mapping[str, Any], features: int
) -> set[str]:
    """The problem's names: the reference's, parameters, fixed values; with data, its columns and m."""
    known = set(reference.free_names()) | set(params or ()) | set(fixed)
    uses_data = any(is_data(name) for name in known) or any(
        isinstance(node, Sum) for node in reference.walk()
    )
    if uses_data:
        columns = ["x"] if features == 1 else [f"x{index}" for index in range(1, features + 1)]
        known |= {"m", "y", *columns, *(f"theta{index}" for index in range(features + 1))}
    return known


def _as_formula_mistake(item: FormulaMistake | Mistaken, features: int) -> FormulaMistake:
    if isinstance(item, FormulaMistake):
        return item
    formula = item.value if isinstance(item.value, Expr) else parse(str(item.value), features)
    return FormulaMistake(item.id, formula, item.explanation)


def _unreadable(error: ExprError | AnswerError) -> Verdict:
    """ "invalid" with the error's one-line message; the caret under the spot goes in the explanation."""
    verdict = invalid(error.message)
    if isinstance(error, ExprError) and error.position is not None:
        return Verdict("invalid", verdict.message, explanation=error.caret())
    return verdict
