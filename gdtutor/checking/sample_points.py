"""Sample points for comparing formulas, and the comparison: equal (relative tolerance) at every point.

Points are drawn per variable from domains that avoid the usual singularities: parameters have magnitude
0.2 … 2.5 with either sign, α lies in 0.05 … 0.5, and the data columns x, x1 … xN, y are random vectors, so
``sum(...)`` really sums. Two batches of points use different numbers of examples (m = 3 and m = 6), so a
formula that hard-codes m is told apart from one that uses it. A point where either side is not finite is
dropped; at least ``MIN_POINTS`` finite points are needed. Draws are seeded: a verdict is the same every
time. Values the lesson fixes (e.g. α = 0.1) are used as given.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from gdtutor.core.expr import Add, Div, Expr, ExprError, Mul, Neg, Num, Sub, Var
from gdtutor.core.expr.evaluate import evaluate_each
from gdtutor.core.expr.names import is_data

MIN_POINTS = 5
POINTS_PER_BATCH = 6
EXAMPLES_PER_BATCH = (3, 6)
RTOL = 1e-7
ATOL = 1e-9
_SEED = 20140304


class SamplePoints:
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
        """The formula at every point, one array per batch; nan where it has no value.

        Both batches are evaluated in one walk's setting (``evaluate`` would set it up per batch); when
        either cannot be, each is evaluated on its own, so a batch without a value gets nan alone."""
        try:
            return [self._shaped(value) for value in evaluate_each(formula, self.batches)]
        except ExprError:
            return [self._evaluate(formula, env) for env in self.batches]

    @staticmethod
    def _evaluate(formula: Expr, env: Mapping[str, Any]) -> np.ndarray:
        try:
            return SamplePoints._shaped(formula.evaluate(env))
        except ExprError:
            return np.full((POINTS_PER_BATCH, 1), np.nan)

    @staticmethod
    def _shaped(result: Any) -> np.ndarray:
        value = np.asarray(result, dtype=np.float64)
        if value.ndim == 0:
            return np.full((POINTS_PER_BATCH, 1), float(value))
        return value.reshape(POINTS_PER_BATCH, -1)


def sample_points(reference: Expr, names: frozenset[str], fixed: Mapping[str, Any]) -> SamplePoints:
    """Points of both signs; parameters positive only if the reference has too few values there (log, √)."""
    scalars = tuple(
        sorted((name, float(fixed[name])) for name in names & fixed.keys() if np.ndim(fixed[name]) == 0)
    )
    points = _points(names, scalars, positive=False)
    if finite_points(points.values(reference)) < MIN_POINTS:
        return _points(names, scalars, positive=True)
    return points


@functools.lru_cache(maxsize=64)
def _points(names: frozenset[str], scalars: tuple[tuple[str, float], ...], positive: bool) -> SamplePoints:
    """The points are seeded, so the same names and fixed values always give the same ones: a step's
    answers share them instead of drawing them again (evaluation never writes into them)."""
    return SamplePoints(names, dict(scalars), positive)


def finite_points(batches: list[np.ndarray]) -> int:
    return sum(int(np.isfinite(batch).all(axis=1).sum()) for batch in batches)


def per_example(batches: list[np.ndarray]) -> bool:
    return any(batch.shape[1] > 1 for batch in batches)


def agree(first: list[np.ndarray], second: list[np.ndarray]) -> bool:
    """Equal (relative tolerance) at every point where both have values, with at least MIN_POINTS of those."""
    usable = 0
    for a, b in zip(first, second, strict=True):
        if a.shape[1] != b.shape[1] and 1 not in (a.shape[1], b.shape[1]):
            return False
        finite = np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1)
        count = int(finite.sum())
        usable += count
        if count == 0:
            continue
        if count < len(finite):
            a, b = a[finite], b[finite]
        magnitude = np.abs(b)
        scale = max(1.0, float(magnitude.max()))
        if not (np.abs(a - b) <= RTOL * np.maximum(np.abs(a), magnitude) + ATOL * scale).all():
            return False
    return usable >= MIN_POINTS


class Compared:
    """Several formulas' values at the points, laid out once so that an answer is compared with all of them
    in a few array operations: ``agree_each(given)`` is ``[agree(given, values) for values in …]``.

    Each formula's values are spread over every batch's examples and flattened, beside what ``agree`` works
    out from them alone: which rows have values, how many, and the absolute tolerance ATOL·scale. With an
    answer that has values at every point (else the comparison is made one formula at a time), the rows
    used are those, and every remaining comparison is the same operation on the same numbers as ``agree``'s
    (repeating a (points, 1) value along the examples changes neither side of any comparison)."""

    def __init__(self, formulas: list[list[np.ndarray]]) -> None:
        self.formulas = formulas
        self._laid_out = bool(formulas) and all(_fits(values) for values in formulas)
        if not self._laid_out:
            return
        values, unused, atol = [], [], []
        usable = np.zeros(len(formulas), dtype=np.int64)
        for index, examples in enumerate(EXAMPLES_PER_BATCH):
            shape = (POINTS_PER_BATCH, examples)
            batch = np.stack([np.broadcast_to(formula[index], shape) for formula in formulas])
            finite = np.isfinite(batch).all(axis=2)
            usable += finite.sum(axis=1)
            largest = np.where(finite[:, :, np.newaxis], np.abs(batch), 0.0).max(axis=(1, 2))
            values.append(batch.reshape(len(formulas), -1))
            unused.append(np.repeat(~finite, examples, axis=1))
            atol.append(np.repeat(ATOL * np.maximum(1.0, largest), batch[0].size).reshape(len(formulas), -1))
        self._values = np.concatenate(values, axis=1)
        self._magnitude = np.abs(self._values)
        self._unused = np.concatenate(unused, axis=1)
        self._atol = np.concatenate(atol, axis=1)
        self._enough = usable >= MIN_POINTS

    def agree_each(self, given: list[np.ndarray]) -> list[bool]:
        answer = _flat(given) if self._laid_out and _fits(given) else None
        if answer is None or not np.isfinite(answer).all():
            return [agree(given, values) for values in self.formulas]
        with np.errstate(invalid="ignore"):
            close = (
                np.abs(answer - self._values)
                <= RTOL * np.maximum(np.abs(answer), self._magnitude) + self._atol
            )
        return ((close | self._unused).all(axis=1) & self._enough).tolist()


def _fits(batches: list[np.ndarray]) -> bool:
    return all(
        batch.shape[1] in (1, examples) for batch, examples in zip(batches, EXAMPLES_PER_BATCH, strict=True)
    )


def _flat(batches: list[np.ndarray]) -> np.ndarray:
    """Every batch's values, one per point and example, in one row."""
    return np.concatenate(
        [
            np.broadcast_to(batch, (POINTS_PER_BATCH, examples)).ravel()
            for batch, examples in zip(batches, EXAMPLES_PER_BATCH, strict=True)
        ]
    )


def values_reusing(
    formula: Expr, known: dict[int, list[np.ndarray]], points: SamplePoints
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
