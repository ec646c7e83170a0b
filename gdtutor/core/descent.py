"""Batch gradient descent with a full trace: every θ visited, its cost, its gradient and the step taken."""

from __future__ import annotations

import math
from dataclasses import dataclass

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


def gradient_descent(
    objective: Objective,
    start: np.ndarray | list[float],
    alpha: float,
    iterations: int,
    grad_tol: float | None = None,
    cost_rtol: float | None = None,
) -> Trace:
    """Run up to ``iterations`` simultaneous updates θ := θ − α·∇J(θ) from ``start``.

    Stops early as "converged" when ‖∇J‖ ≤ grad_tol, or when the cost changed by at most
    cost_rtol relative to the previous cost; as "diverged" when a value stops being finite or the
    cost grows past DIVERGENCE_FACTOR times its start. Otherwise stops as "iterations".
    """
    _check_settings(alpha, iterations, grad_tol, cost_rtol)
    p = len(objective.params)
    theta = np.array(start, dtype=np.float64)
    if theta.shape != (p,):
        raise GdtutorError(f"expected {p} start values ({', '.join(objective.params)}), got {theta.size}")
    if not np.isfinite(theta).all():
        raise GdtutorError("the start values must be finite numbers")

    thetas = np.empty((iterations + 1, p))
    costs = np.empty(iterations + 1)
    gradients = np.empty((iterations + 1, p))
    steps = np.empty((iterations + 1, p))

    stopped = "iterations"
    with np.errstate(all="ignore"):
        cost, gradient = objective.cost_and_gradient(theta)
        if not (math.isfinite(cost) and np.isfinite(gradient).all()):
            raise GdtutorError(f"the cost or its gradient is not defined at the start θ = {theta.tolist()}")
        limit = DIVERGENCE_FACTOR * max(abs(cost), 1.0)
        k = 0
        while True:
            thetas[k], costs[k], gradients[k] = theta, cost, gradient
            steps[k] = alpha * gradient
            if not (math.isfinite(cost) and np.isfinite(gradient).all() and np.isfinite(steps[k]).all()):
                stopped = "diverged"
                break
            if abs(cost) > limit:
                stopped = "diverged"
                break
            if grad_tol is not None and float(np.linalg.norm(gradient)) <= grad_tol:
                stopped = "converged"
                break
            if cost_rtol is not None and k > 0:
                previous = costs[k - 1]
                if abs(previous - cost) <= cost_rtol * max(abs(previous), abs(cost)):
                    stopped = "converged"
                    break
            if k == iterations:
                break
            theta = theta - steps[k]
            k += 1
            if not np.isfinite(theta).all():
                cost, gradient = math.nan, np.full(p, math.nan)
            else:
                cost, gradient = objective.cost_and_gradient(theta)

    rows = k + 1
    return Trace(
        params=tuple(objective.params),
        alpha=float(alpha),
        thetas=thetas[:rows].copy(),
        costs=costs[:rows].copy(),
        gradients=gradients[:rows].copy(),
        steps=steps[:rows].copy(),
        stopped=stopped,
    )
