"""Batch gradient descent with a full trace: every θ visited, its cost, its gradient and the step taken."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from gdtutor.core.objectives import Objective
from gdtutor.errors import GdtutorError

MAX_ITERATIONS = 1_000_000
# A cost this many times its starting size (or non-finite) means the run is running away.
DIVERGENCE_FACTOR = 1e12


@dataclass(frozen=True)
class Trace:
    """Row k is θ after k updates, J and ∇J there, and the step α·∇J(θ_k) that leads to row k+1."""

    params: tuple[str, ...]
    alpha: float
    thetas: np.ndarray
    costs: np.ndarray
    gradients: np.ndarray
    steps: np.ndarray
    stopped: str  # "iterations" | "converged" | "diverged"

    @property
    def updates(self) -> int:
        return self.thetas.shape[0] - 1

    @property
    def theta(self) -> np.ndarray:
        return self.thetas[-1]

    @property
    def cost(self) -> float:
        return float(self.costs[-1])

    def head(self, iterations: int) -> Trace | None:
        """This run as if it had been asked for ``iterations`` updates (no tolerances), or None when it
        stopped after fewer updates for want of iterations and cannot tell what came next."""
        if iterations >= self.updates:
            return self if iterations == self.updates or self.stopped != "iterations" else None
        rows = iterations + 1
        return Trace(
            self.params,
            self.alpha,
            self.thetas[:rows],
            self.costs[:rows],
            self.gradients[:rows],
            self.steps[:rows],
            "iterations",
        )


def _check_settings(alpha: float, iterations: int, grad_tol: float | None, cost_rtol: float | None) -> None:
    if not (math.isfinite(alpha) and alpha > 0):
        raise GdtutorError(f"the learning rate α must be a positive number, not {alpha}")
    if not 0 <= iterations <= MAX_ITERATIONS:
        raise GdtutorError(f"iterations must be between 0 and {MAX_ITERATIONS:,}, not {iterations}")
    for name, tolerance in (("gradient tolerance", grad_tol), ("cost tolerance", cost_rtol)):
        if tolerance is not None and not (math.isfinite(tolerance) and tolerance > 0):
            raise GdtutorError(f"the {name} must be a positive number, not {tolerance}")


class Row(NamedTuple):
    """One row of a run: θ after ``iteration`` updates, J and ∇J there, and the step α·∇J(θ) taken from it."""

    iteration: int
    theta: np.ndarray
    cost: float
    gradient: np.ndarray
    step: np.ndarray


class Descent:
    """A run of gradient descent that hands out its rows one at a time, so a caller can stream them.

    Iterating runs up to ``iterations`` simultaneous updates θ := θ − α·∇J(θ) from ``start`` and yields
    row 0 (the start) to the last row; ``stopped`` is set once the rows are exhausted. It stops early as
    "converged" when ‖∇J‖ ≤ grad_tol, or when the cost changed by at most cost_rtol relative to the
    previous cost; as "diverged" when a value stops being finite or the cost grows past
    DIVERGENCE_FACTOR times its start; otherwise as "iterations". The settings are checked on creation;
    a start where J or ∇J is undefined raises GdtutorError when the first row is asked for.
    """

    def __init__(
        self,
        objective: Objective,
        start: np.ndarray | list[float],
        alpha: float,
        iterations: int,
        grad_tol: float | None = None,
        cost_rtol: float | None = None,
    ) -> None:
        _check_settings(alpha, iterations, grad_tol, cost_rtol)
        self.params = tuple(objective.params)
        theta = np.array(start, dtype=np.float64)
        if theta.shape != (len(self.params),):
            raise GdtutorError(
                f"expected {len(self.params)} start values ({', '.join(self.params)}), got {theta.size}"
            )
        if not np.isfinite(theta).all():
            raise GdtutorError("the start values must be finite numbers")
        self.objective = objective
        self.start = theta
        self.alpha = float(alpha)
        self.iterations = iterations
        self.grad_tol = grad_tol
        self.cost_rtol = cost_rtol
        self.stopped: str | None = None

    def __iter__(self) -> Iterator[Row]:
        p = len(self.params)
        theta = self.start
        with np.errstate(all="ignore"):
            cost, gradient = self.objective.cost_and_gradient(theta)
            step = self.alpha * gradient
        if not (math.isfinite(cost) and np.isfinite(gradient).all()):
            raise GdtutorError(f"the cost or its gradient is not defined at the start θ = {theta.tolist()}")
        limit = DIVERGENCE_FACTOR * max(abs(cost), 1.0)
        previous = math.nan
        k = 0
        while True:
            yield Row(k, theta, cost, gradient, step)
            stopped = self._stop_reason(k, cost, previous, gradient, step, limit)
            if stopped is not None:
                self.stopped = stopped
                return
            # One errstate per update, never around the yield, so the caller's numpy settings stay its own.
            with np.errstate(all="ignore"):
                theta = theta - step
                previous = cost
                k += 1
                if _finite(theta):
                    cost, gradient = self.objective.cost_and_gradient(theta)
                else:
                    cost, gradient = math.nan, np.full(p, math.nan)
                step = self.alpha * gradient

    def _stop_reason(
        self, k: int, cost: float, previous: float, gradient: np.ndarray, step: np.ndarray, limit: float
    ) -> str | None:
        if not (math.isfinite(cost) and _finite(gradient) and _finite(step)):
            return "diverged"
        if abs(cost) > limit:
            return "diverged"
        if self.grad_tol is not None and float(np.linalg.norm(gradient)) <= self.grad_tol:
            return "converged"
        if (
            self.cost_rtol is not None
            and k > 0
            and abs(previous - cost) <= self.cost_rtol * max(abs(previous), abs(cost))
        ):
            return "converged"
        return "iterations" if k == self.iterations else None


def _finite(values: np.ndarray) -> bool:
    """``np.isfinite(values).all()`` for the few parameters of a run, in a fifth of its time."""
    return all(map(math.isfinite, values.tolist()))


def gradient_descent(
    objective: Objective,
    start: np.ndarray | list[float],
    alpha: float,
    iterations: int,
    grad_tol: float | None = None,
    cost_rtol: float | None = None,
) -> Trace:
    """The whole run of ``Descent(...)`` (see there for when it stops) as one Trace."""
    descent = Descent(objective, start, alpha, iterations, grad_tol, cost_rtol)
    p = len(descent.params)
    thetas = np.empty((iterations + 1, p))
    costs = np.empty(iterations + 1)
    gradients = np.empty((iterations + 1, p))
    steps = np.empty((iterations + 1, p))
    rows = 0
    for row in descent:
        thetas[rows], costs[rows], gradients[rows], steps[rows] = row.theta, row.cost, row.gradient, row.step
        rows += 1
    return Trace(
        params=descent.params,
        alpha=descent.alpha,
        thetas=thetas[:rows].copy(),
        costs=costs[:rows].copy(),
        gradients=gradients[:rows].copy(),
        steps=steps[:rows].copy(),
        stopped=descent.stopped or "iterations",
    )
