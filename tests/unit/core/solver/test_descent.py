"""Gradient descent: the article's table, the trace layout, stopping rules and divergence."""

import itertools
import tracemalloc
import warnings

import numpy as np
import pytest

from gdtutor.core.descent import MAX_ITERATIONS, Descent, gradient_descent
from gdtutor.errors import GdtutorError


class Bowl:
    """J(θ) = Σ cᵢ·θᵢ², written out by hand so descent is tested apart from the expression engine."""

    def __init__(self, *curvatures: float) -> None:
        self.c = np.array(curvatures, dtype=float)
        self.params = tuple(f"theta{i}" for i in range(len(curvatures)))

    def cost(self, theta):
        return float(self.c @ (np.asarray(theta) ** 2))

    def gradient(self, theta):
        return 2 * self.c * np.asarray(theta)

    def cost_and_gradient(self, theta):
        return self.cost(theta), self.gradient(theta)


ARTICLE_THETAS = [3, 2.4, 1.92, 1.536, 1.229, 0.983, 0.786, 0.629, 0.503, 0.403]
ARTICLE_UPDATES = [0.6, 0.48, 0.384, 0.307, 0.246, 0.197, 0.157, 0.126, 0.101, 0.081]


def test_theta_squared_reproduces_the_article_table():
    trace = gradient_descent(Bowl(1.0), [3.0], alpha=0.1, iterations=10)
    assert trace.stopped == "iterations"
    assert trace.thetas.shape == (11, 1)
    before_each_update = trace.thetas[:10, 0]
    updates = trace.steps[:10, 0]
    assert [round(v, 3) for v in before_each_update] == ARTICLE_THETAS
    assert [round(v, 3) for v in updates] == ARTICLE_UPDATES


def test_row_k_is_theta_after_k_updates_with_its_cost_gradient_and_step():
    bowl = Bowl(1.0, 3.0)
    trace = gradient_descent(bowl, [1.0, -2.0], alpha=0.05, iterations=4)
    for k in range(5):
        theta = trace.thetas[k]
        assert trace.costs[k] == pytest.approx(bowl.cost(theta))
        np.testing.assert_allclose(trace.gradients[k], bowl.gradient(theta))
        np.testing.assert_allclose(trace.steps[k], 0.05 * bowl.gradient(theta))
    np.testing.assert_allclose(trace.thetas[1:], trace.thetas[:-1] - trace.steps[:-1])
    assert trace.params == ("theta0", "theta1")
    assert trace.theta.tolist() == trace.thetas[-1].tolist()


def test_update_is_simultaneous():
    class Coupled:
        params = ("a", "b")

        def cost_and_gradient(self, theta):
            a, b = theta
            return a * a * b * b, np.array([2 * a * b * b, 2 * a * a * b])

    trace = gradient_descent(Coupled(), [1.0, 2.0], alpha=0.1, iterations=1)
    # both partials at (1, 2): 8 and 4; a sequential update would use the new a for b's partial
    np.testing.assert_allclose(trace.thetas[1], [1 - 0.8, 2 - 0.4])


def test_zero_iterations_evaluates_the_start_only():
    trace = gradient_descent(Bowl(1.0), [3.0], alpha=0.1, iterations=0)
    assert trace.thetas.tolist() == [[3.0]]
    assert trace.costs.tolist() == [9.0]
    assert trace.gradients.tolist() == [[6.0]]
    assert trace.steps[0, 0] == pytest.approx(0.6)
    assert trace.stopped == "iterations"


def test_gradient_tolerance_stops_as_converged():
    trace = gradient_descent(Bowl(1.0), [3.0], alpha=0.1, iterations=1000, grad_tol=1e-3)
    assert trace.stopped == "converged"
    assert np.linalg.norm(trace.gradients[-1]) <= 1e-3
    assert np.linalg.norm(trace.gradients[-2]) > 1e-3


def test_relative_cost_change_stops_as_converged():
    # J = θ0² + 0.001·θ1²: the fast direction settles, then the cost barely moves per step
    trace = gradient_descent(Bowl(1.0, 0.001), [3.0, 3.0], alpha=0.1, iterations=10_000, cost_rtol=1e-3)
    assert trace.stopped == "converged"
    last, previous = trace.costs[-1], trace.costs[-2]
    assert abs(previous - last) <= 1e-3 * previous
    assert abs(trace.thetas[-1, 0]) < 0.01
    assert trace.updates < 10_000


def test_alpha_two_on_theta_squared_diverges_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trace = gradient_descent(Bowl(1.0), [3.0], alpha=2.0, iterations=10_000)
    assert trace.stopped == "diverged"
    assert trace.updates < 100
    assert abs(trace.thetas[-1, 0]) > abs(trace.thetas[0, 0]) * 1e5


def test_overflow_to_infinity_is_reported_as_diverged():
    # J starts near the float limit, so only overflow (not the growth limit) can stop the run
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trace = gradient_descent(Bowl(1.0), [1e150], alpha=2.0, iterations=50)
    assert trace.stopped == "diverged"
    assert np.isinf(trace.costs[-1])
    assert np.isfinite(trace.costs[:-1]).all()


def test_non_finite_cost_at_a_later_point_is_diverged():
    class Cliff:
        params = ("theta",)

        def cost_and_gradient(self, theta):
            value = theta[0]
            return (float(np.sqrt(value)) if value >= 0 else float("nan")), np.array([1.0])

    trace = gradient_descent(Cliff(), [1.5], alpha=1.0, iterations=10)
    assert trace.stopped == "diverged"
    assert trace.updates == 2
    assert np.isnan(trace.costs[-1])


def test_undefined_cost_at_the_start_is_an_error():
    class Log:
        params = ("theta",)

        def cost_and_gradient(self, theta):
            with np.errstate(divide="ignore"):
                return float(np.log(theta[0])), 1 / theta

    with pytest.raises(GdtutorError, match="not defined at the start"):
        gradient_descent(Log(), [0.0], alpha=0.1, iterations=3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"alpha": 0.0}, "learning rate"),
        ({"alpha": -0.1}, "learning rate"),
        ({"alpha": float("nan")}, "learning rate"),
        ({"iterations": -1}, "iterations"),
        ({"iterations": MAX_ITERATIONS + 1}, "iterations"),
        ({"grad_tol": 0.0}, "gradient tolerance"),
        ({"cost_rtol": -1.0}, "cost tolerance"),
        ({"start": [1.0, 2.0]}, "expected 1 start value"),
        ({"start": [float("inf")]}, "finite"),
    ],
)
def test_bad_settings_are_one_line_errors(kwargs, message):
    settings = {"start": [3.0], "alpha": 0.1, "iterations": 5, **kwargs}
    with pytest.raises(GdtutorError, match=message) as caught:
        gradient_descent(Bowl(1.0), **settings)
    assert "\n" not in str(caught.value)


def test_descent_hands_out_rows_one_at_a_time_without_holding_the_run():
    tracemalloc.start()
    try:
        descent = Descent(Bowl(1.0), [3.0], alpha=0.1, iterations=MAX_ITERATIONS)
        first = list(itertools.islice(descent, 3))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [row.iteration for row in first] == [0, 1, 2]
    assert [row.theta[0] for row in first] == pytest.approx([3.0, 2.4, 1.92])
    assert descent.stopped is None  # not run to the end: a caller that streams pays only for what it reads
    assert peak < 100_000  # a Trace of a million rows would hold 32 MB


def test_descent_rows_are_the_trace_rows_and_say_why_they_stopped():
    descent = Descent(Bowl(1.0, 2.0), [3.0, -1.0], alpha=0.1, iterations=500, grad_tol=1e-6)
    rows = list(descent)
    trace = gradient_descent(Bowl(1.0, 2.0), [3.0, -1.0], alpha=0.1, iterations=500, grad_tol=1e-6)
    assert descent.stopped == trace.stopped == "converged"
    np.testing.assert_array_equal([row.theta for row in rows], trace.thetas)
    np.testing.assert_array_equal([row.step for row in rows], trace.steps)
    np.testing.assert_array_equal([row.cost for row in rows], trace.costs)
