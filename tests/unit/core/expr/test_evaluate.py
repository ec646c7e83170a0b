"""Evaluation over numpy: scalars, arrays, sums over the training set, quiet floating point."""

import math

import numpy as np
import pytest

from gdtutor.core.expr import ExprError, parse

X = np.array([1.0, 2.0, 3.0])
Y = np.array([2.0, 4.0, 7.0])


def test_scalar_evaluation_returns_a_float():
    value = parse("2(theta - 1)^2").evaluate({"theta": 3.0})
    assert value == 8.0 and type(value) is float


def test_the_articles_cost_and_gradient():
    # J(θ) = θ², α = 0.1, θ = 3: the article's first update is 0.6
    cost = parse("theta^2")
    assert cost.evaluate({"theta": 3}) == 9.0
    assert 0.1 * cost.diff("theta").evaluate({"theta": 3}) == pytest.approx(0.6)


def test_data_names_evaluate_to_arrays_outside_sum():
    value = parse("theta0 + theta1*x").evaluate({"theta0": 1.0, "theta1": 2.0, "x": X})
    np.testing.assert_allclose(value, [3.0, 5.0, 7.0])


def test_sum_adds_over_the_training_set():
    env = {"theta0": 1.0, "theta1": 2.0, "x": X, "y": Y}
    assert parse("sum(h - y)").evaluate(env) == pytest.approx(3 + 5 + 7 - 13)
    expected = ((1 + 2 * X - Y) ** 2).sum() / (2 * 3)
    assert parse("1/(2m) sum((h - y)^2)").evaluate(env) == pytest.approx(expected)


def test_m_defaults_to_the_number_of_examples_but_can_be_given():
    assert parse("m").evaluate({"x": X}) == 3.0
    assert parse("m").evaluate({"x": X, "m": 10}) == 10.0


def test_sum_of_a_body_without_data_is_m_times_the_body():
    assert parse("sum(theta)").evaluate({"theta": 2.0, "m": 5}) == 10.0
    assert parse("sum(theta)").evaluate({"theta": 2.0, "y": Y}) == 6.0
    with pytest.raises(ExprError, match="needs m"):
        parse("sum(theta)").evaluate({"theta": 2.0})


def test_sum_is_over_the_last_axis_so_parameters_can_be_a_grid():
    grid = np.array([[0.0], [1.0], [2.0]])  # three values of theta1, examples along the last axis
    values = parse("sum((theta1*x - y)^2)").evaluate({"theta1": grid, "x": X, "y": Y})
    expected = [((t * X - Y) ** 2).sum() for t in (0.0, 1.0, 2.0)]
    np.testing.assert_allclose(values, expected)


def test_vectorised_over_parameter_arrays():
    values = parse("theta^2 + 1").evaluate({"theta": np.array([0.0, 1.0, 2.0])})
    np.testing.assert_allclose(values, [1.0, 2.0, 5.0])


def test_missing_and_non_numeric_values_are_clear_errors():
    with pytest.raises(ExprError, match="no value given for theta1"):
        parse("theta1 + 1").evaluate({})
    with pytest.raises(ExprError, match="not a number"):
        parse("theta").evaluate({"theta": "three"})


def test_overflow_and_domain_errors_are_quiet(recwarn):
    assert parse("exp(theta)").evaluate({"theta": 1e6}) == math.inf
    assert math.isnan(parse("sqrt(theta)").evaluate({"theta": -1.0}))
    assert parse("1/theta").evaluate({"theta": 0.0}) == math.inf
    assert parse("theta^999999999").evaluate({"theta": 1.5}) == math.inf
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_every_function():
    env = {"theta": 0.25}
    for name, function in [
        ("exp", math.exp),
        ("log", math.log),
        ("sqrt", math.sqrt),
        ("abs", abs),
        ("sin", math.sin),
        ("cos", math.cos),
    ]:
        assert parse(f"{name}(theta)").evaluate(env) == pytest.approx(function(0.25))


def test_hypothesis_with_several_features():
    env = {"theta0": 1.0, "theta1": 2.0, "theta2": -1.0, "x1": X, "x2": Y}
    np.testing.assert_allclose(parse("h", features=2).evaluate(env), 1 + 2 * X - Y)


def test_arrays_that_do_not_fit_together_are_a_clear_error():
    with pytest.raises(ExprError, match="do not fit together"):
        parse("x*theta").evaluate({"x": X, "theta": np.ones(4)})


def test_sums_nest_and_line_up_with_per_example_values():
    batch = np.tile(X, (4, 1))  # four sample points, the examples along the last axis
    variance = parse("sum((x - sum(x)/m)^2)/m")
    assert variance.evaluate({"x": X}) == pytest.approx(X.var())
    np.testing.assert_allclose(variance.evaluate({"x": batch}), [X.var()] * 4)
    np.testing.assert_allclose(parse("x*sum(y)").evaluate({"x": X, "y": Y}), X * Y.sum())
    assert parse("sum(theta + sum(x))").evaluate({"theta": 1.0, "x": X}) == pytest.approx(3 * (1 + 6))


def test_a_column_of_parameter_values_gives_one_value_per_point():
    column = np.array([[1.0], [2.0]])
    np.testing.assert_allclose(parse("sum(theta*x)").evaluate({"theta": column, "x": X}), [6.0, 12.0])
    np.testing.assert_allclose(parse("sum(theta)").evaluate({"theta": column, "m": 3}), [3.0, 6.0])
