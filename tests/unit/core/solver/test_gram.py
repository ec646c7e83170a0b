"""The Gram-matrix path gives the direct path's trace: every row (θ, J, ∇J, step) within 1e-9 relative.

Where a row is smaller than the rounding error of the direct formula itself (a gradient close to zero
near the minimum, the cost of a nearly perfect fit), no evaluation determines its digits to 1e-9: plain
numpy's Xᵀ(Xθ − y) and the tiled pass differ there too. Such a row must agree within that rounding
bound instead, Higham's forward bound for r = X⁺θ⁺ and X⁺ᵀr with X⁺ = [1, X, y] and θ⁺ = (θ, −1).
"""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdtutor.core.descent import gradient_descent
from gdtutor.core.objectives import LinearRegression

RELATIVE = 1e-9
EPS = np.finfo(float).eps


def rounding_bounds(X, y, cost, trace):
    """For each row: the bound on the rounding error of the direct J and ∇J there."""
    extended = np.column_stack([np.ones(len(y)), X, y])
    m, width = extended.shape
    gamma = 2 * width * EPS
    cost_scale = (0.5 if cost == "half-mse" else 1.0) / m
    gradient_scale = (1.0 if cost == "half-mse" else 2.0) / m
    cost_bounds, gradient_bounds = [], []
    for theta in trace.thetas:
        extended_theta = np.append(theta, -1.0)
        residual_error = gamma * (np.abs(extended) @ np.abs(extended_theta))
        residuals = np.abs(extended @ extended_theta)
        cost_bounds.append(cost_scale * float((2 * residuals + residual_error) @ residual_error))
        gradient_bounds.append(
            gradient_scale * float(np.linalg.norm(np.abs(extended[:, :-1]).T @ residual_error))
        )
    return np.array(cost_bounds), np.array(gradient_bounds)


@st.composite
def problems(draw):
    """Features of any scale and offset, fits from noisy to nearly perfect, a stable learning rate."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    m = draw(st.integers(2, 400))
    n = draw(st.integers(1, 4))
    scales = 10.0 ** rng.uniform(-3, 3, size=n)
    offsets = rng.normal(size=n) * 10.0 ** rng.uniform(-3, 3, size=n)
    X = offsets + scales * rng.normal(size=(m, n))
    true_theta = rng.normal(size=n + 1) * 10.0 ** rng.uniform(-2, 2, size=n + 1)
    noise = 10.0 ** draw(st.floats(-14, 0))
    y = true_theta[0] + X @ true_theta[1:] + noise * rng.normal(size=m)
    cost = draw(st.sampled_from(["half-mse", "mse"]))
    design = np.column_stack([np.ones(m), X])
    curvature = np.linalg.eigvalsh(design.T @ design / m)[-1] * (1.0 if cost == "half-mse" else 2.0)
    alpha = draw(st.floats(0.05, 1.9)) / curvature
    start = rng.normal(size=n + 1) * 10.0 ** rng.uniform(-2, 2, size=n + 1)
    iterations = draw(st.integers(1, 300))
    return X, y, cost, alpha, start, iterations


def assert_rows_agree(subject, reference, floors, what):
    for k, (a, b, floor) in enumerate(zip(subject, reference, floors, strict=True)):
        gap = float(np.linalg.norm(np.atleast_1d(a - b)))
        size = float(np.linalg.norm(np.atleast_1d(b)))
        assert gap <= max(RELATIVE * size, floor), f"{what} row {k}: {a} against {b} (gap {gap:.2e})"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_trace_row_agrees_with_the_direct_path(problem):
    X, y, cost, alpha, start, iterations = problem
    direct = gradient_descent(LinearRegression(X, y, cost=cost, gram=False), start, alpha, iterations)
    gram = gradient_descent(LinearRegression(X, y, cost=cost, gram=True), start, alpha, iterations)
    assert gram.stopped == direct.stopped
    assert gram.thetas.shape == direct.thetas.shape
    cost_floors, gradient_floors = rounding_bounds(X, y, cost, direct)
    # θ carries every earlier step's rounding
    theta_floors = np.concatenate([[0.0], np.cumsum(alpha * gradient_floors)[:-1]])
    assert_rows_agree(gram.thetas, direct.thetas, theta_floors, "θ")
    assert_rows_agree(gram.costs, direct.costs, cost_floors, "J")
    assert_rows_agree(gram.gradients, direct.gradients, gradient_floors, "∇J")
    assert_rows_agree(gram.steps, direct.steps, alpha * gradient_floors, "step")
