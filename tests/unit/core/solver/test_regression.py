"""Linear regression: cost, gradient, residuals, lstsq agreement, normalization, prediction."""

import tracemalloc
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdtutor.core import tiles
from gdtutor.core.descent import gradient_descent
from gdtutor.core.normalize import Normalization
from gdtutor.core.objectives import LinearRegression, normal_equation
from gdtutor.errors import GdtutorError


def make_data(m=50, n=3, seed=7):
    rng = np.random.default_rng(seed)
    X = rng.normal(loc=5.0, scale=2.0, size=(m, n))
    theta = rng.normal(size=n + 1)
    y = theta[0] + X @ theta[1:] + rng.normal(scale=0.1, size=m)
    return X, y


def lstsq_theta(X, y):
    design = np.column_stack([np.ones(len(X)), X])
    return np.linalg.lstsq(design, y, rcond=None)[0]


def by_the_rows(X, y, theta, kind):
    """The cost and gradient written out one training example at a time, as the article does."""
    m = len(y)
    errors = [
        theta[0] + sum(t * x for t, x in zip(theta[1:], row, strict=True)) - target
        for row, target in zip(X, y, strict=True)
    ]
    cost = sum(e * e for e in errors) / m
    grad = [sum(errors) / m] + [
        sum(e * row[j] for e, row in zip(errors, X, strict=True)) / m for j in range(X.shape[1])
    ]
    if kind == "half-mse":
        return cost / 2, np.array(grad)
    return cost, 2 * np.array(grad)


@pytest.mark.parametrize("kind", ["half-mse", "mse"])
def test_cost_and_gradient_match_the_sums_over_examples(kind):
    X, y = make_data()
    reg = LinearRegression(X, y, cost=kind)
    theta = np.array([0.5, -1.0, 2.0, 0.25])
    expected_cost, expected_gradient = by_the_rows(X, y, theta, kind)
    cost, gradient = reg.cost_and_gradient(theta)
    assert cost == pytest.approx(expected_cost, rel=1e-12)
    assert reg.cost(theta) == pytest.approx(expected_cost, rel=1e-12)
    np.testing.assert_allclose(gradient, expected_gradient, rtol=1e-11)
    np.testing.assert_allclose(reg.gradient(theta), expected_gradient, rtol=1e-11)


def test_gradient_is_built_from_the_residuals():
    X, y = make_data(m=50)
    reg = LinearRegression(X, y, cost="mse")
    theta = np.array([1.0, 0.1, -0.2, 0.3])
    r = reg.residuals(theta)
    cost, gradient = reg.cost_and_gradient(theta)
    assert cost == pytest.approx(np.mean(r**2))
    expected = 2 / 50 * np.concatenate([[r.sum()], X.T @ r])
    np.testing.assert_allclose(gradient, expected)
    # later evaluations reuse internal buffers; results already returned must not change
    reg.cost_and_gradient(np.zeros(4))
    np.testing.assert_allclose(gradient, expected)
    np.testing.assert_allclose(r, reg.residuals(theta))


def test_a_large_regression_keeps_its_data_once():
    """The tiles read X and y where they are: a descent on 200,000 rows, its Gram matrix included,
    allocates about a tile (512 kB) beside them, not another copy of the data (6.4 MB as tiles)."""
    X, y = make_data(m=200_000, n=2)
    tracemalloc.start()
    try:
        regression = LinearRegression(X, y)
        trace = gradient_descent(regression, np.zeros(3), 0.01, 20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < X.nbytes / 2, f"peak {peak / 1e6:.1f} MB beside {X.nbytes / 1e6:.1f} MB of X"
    assert trace.costs[-1] < trace.costs[0]


def test_the_gram_matrix_is_built_at_the_second_evaluation_and_anchored_at_the_first():
    X, y = make_data(m=5_000, n=2)
    regression, direct = LinearRegression(X, y), LinearRegression(X, y, gram=False)
    start, near = np.array([1.0, 0.5, -0.5]), np.array([1.01, 0.49, -0.5])
    (cost, gradient), (expected_cost, expected_gradient) = (
        model.cost_and_gradient(start) for model in (regression, direct)
    )
    assert cost == expected_cost  # the same pass over the tiles
    np.testing.assert_array_equal(gradient, expected_gradient)
    assert regression._gram is None  # a single evaluation never pays for G
    cost, gradient = regression.cost_and_gradient(near)
    assert regression._gram is not None and regression._gram.passes == 0  # answered from G
    expected_cost, expected_gradient = direct.cost_and_gradient(near)
    assert cost == pytest.approx(expected_cost, rel=1e-9)
    np.testing.assert_allclose(gradient, expected_gradient, rtol=1e-9)


@pytest.mark.parametrize("tile_bytes", [8 * 5 * 1, 8 * 5 * 7, 8 * 5 * 50, 1 << 19])
def test_tiles_of_any_width_give_the_same_sums(tile_bytes):
    X, y = make_data(m=50)
    grid = tiles.Tiles(X, y, tile_bytes)  # 1, 7 (a ragged last tile), 50 or all rows per tile
    theta = np.array([0.5, -1.0, 2.0, 0.25])
    squares, products = grid.squares_and_products(np.append(theta, -1.0))
    r = theta[0] + X @ theta[1:] - y
    assert squares == pytest.approx(r @ r, rel=1e-12)
    np.testing.assert_allclose(products, [r.sum(), *(X.T @ r), y @ r], rtol=1e-11)


def test_residuals_are_h_minus_y():
    X = np.array([[1.0], [2.0], [3.0]])
    y = np.array([2.0, 2.0, 5.0])
    reg = LinearRegression(X, y)
    np.testing.assert_allclose(reg.residuals([1.0, 1.0]), [0.0, 1.0, -1.0])
    assert reg.params == ("theta0", "theta1")
    assert (reg.m, reg.n) == (3, 1)
    np.testing.assert_array_equal(reg.X, X)
    assert reg.X.flags.c_contiguous and reg.X.dtype == np.float64


def test_normal_equation_equals_lstsq():
    X, y = make_data()
    np.testing.assert_allclose(normal_equation(X, y), lstsq_theta(X, y), rtol=1e-12)


def test_normal_equation_survives_a_singular_design():
    X, y = make_data(n=1)
    duplicated = np.column_stack([X, X])
    theta = normal_equation(duplicated, y)
    assert np.isfinite(theta).all()
    single = lstsq_theta(X, y)
    assert theta[0] == pytest.approx(single[0])
    assert theta[1] + theta[2] == pytest.approx(single[1])


@pytest.mark.parametrize("kind", ["half-mse", "mse"])
def test_descent_on_normalized_data_converges_to_lstsq(kind):
    X, y = make_data()
    normalization = Normalization.fit(X)
    reg = LinearRegression(X, y, cost=kind, normalization=normalization)
    trace = gradient_descent(reg, np.zeros(4), alpha=0.1, iterations=3000, grad_tol=1e-12)
    assert trace.stopped == "converged"
    np.testing.assert_allclose(trace.theta, normal_equation(reg.X, y), atol=1e-10)
    # in raw units the fitted line is the least-squares line
    queries = np.array([[5.0, 5.0, 5.0], [0.0, 1.0, 9.0]])
    raw = lstsq_theta(X, y)
    np.testing.assert_allclose(reg.predict(trace.theta, queries), raw[0] + queries @ raw[1:], rtol=1e-9)


def test_descent_on_raw_data_converges_to_lstsq():
    X = np.array([[1.0], [2.0], [3.0], [4.0]])
    y = np.array([2.0, 3.9, 6.1, 8.0])
    trace = gradient_descent(LinearRegression(X, y), [0.0, 0.0], alpha=0.1, iterations=5000)
    np.testing.assert_allclose(trace.theta, lstsq_theta(X, y), atol=1e-9)


def test_big_alpha_on_regression_diverges_quietly():
    X, y = make_data()
    reg = LinearRegression(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trace = gradient_descent(reg, np.zeros(4), alpha=5.0, iterations=100_000)
    assert trace.stopped == "diverged"
    assert trace.costs[-1] > 1e12 * trace.costs[0] or not np.isfinite(trace.costs[-1])


def test_prediction_normalizes_the_query_with_training_statistics():
    X = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 40.0]])
    y = np.array([1.0, 2.0, 3.0])
    normalization = Normalization.fit(X)
    reg = LinearRegression(X, y, normalization=normalization)
    theta = np.array([1.0, 2.0, 3.0])
    query = np.array([2.0, 30.0])
    z = (query - X.mean(axis=0)) / X.std(axis=0, ddof=1)
    assert reg.predict(theta, query) == pytest.approx(1.0 + 2.0 * z[0] + 3.0 * z[1])
    np.testing.assert_allclose(reg.X, (X - X.mean(axis=0)) / X.std(axis=0, ddof=1))


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((np.ones((3, 1)), np.ones(2)), {}, "m rows"),
        ((np.ones(3), np.ones(3)), {}, "m rows"),
        ((np.ones((0, 1)), np.ones(0)), {}, "no rows"),
        ((np.array([[1.0], [np.nan]]), np.ones(2)), {}, "not finite"),
        ((np.ones((2, 1)), np.ones(2)), {"cost": "l1"}, "unknown cost"),
    ],
)
def test_bad_regression_input_is_a_clear_error(args, kwargs, message):
    with pytest.raises(GdtutorError, match=message):
        LinearRegression(*args, **kwargs)


def test_wrong_theta_or_query_sizes_are_errors():
    reg = LinearRegression(np.ones((2, 2)) + np.eye(2), np.ones(2))
    with pytest.raises(GdtutorError, match="expected 3 parameter values"):
        reg.cost([1.0, 2.0])
    with pytest.raises(GdtutorError, match="needs 2 feature values"):
        reg.predict([0.0, 0.0, 0.0], [1.0])


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    m=st.integers(1, 40),
    n=st.integers(1, 4),
    kind=st.sampled_from(["half-mse", "mse"]),
)
def test_gradient_matches_central_differences(seed, m, n, kind):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, n))
    y = rng.normal(size=m)
    theta = rng.normal(size=n + 1)
    reg = LinearRegression(X, y, cost=kind)
    h = 1e-6
    numeric = [(reg.cost(theta + h * e) - reg.cost(theta - h * e)) / (2 * h) for e in np.eye(n + 1)]
    np.testing.assert_allclose(reg.gradient(theta), numeric, rtol=1e-5, atol=1e-6)
