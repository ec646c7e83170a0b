"""A formula as the objective: the article's table through the expression engine, and data-bearing costs."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdtutor.core.descent import gradient_descent
from gdtutor.core.expr import parse
from gdtutor.core.objectives import ExpressionObjective, LinearRegression
from gdtutor.errors import GdtutorError

ARTICLE_THETAS = [3, 2.4, 1.92, 1.536, 1.229, 0.983, 0.786, 0.629, 0.503, 0.403]
ARTICLE_UPDATES = [0.6, 0.48, 0.384, 0.307, 0.246, 0.197, 0.157, 0.126, 0.101, 0.081]


def test_article_table_from_the_formula_theta_squared():
    trace = gradient_descent(ExpressionObjective(parse("theta^2")), [3.0], alpha=0.1, iterations=10)
    assert [round(v, 3) for v in trace.thetas[:10, 0]] == ARTICLE_THETAS
    assert [round(v, 3) for v in trace.steps[:10, 0]] == ARTICLE_UPDATES
    assert trace.params == ("theta",)


def test_two_variables_from_the_article():
    objective = ExpressionObjective(parse("θ₁² + θ₂²"))
    assert objective.params == ("theta1", "theta2")
    assert objective.cost([1.0, 2.0]) == 5.0
    np.testing.assert_allclose(objective.gradient([1.0, 2.0]), [2.0, 4.0])


def test_alpha_two_diverges():
    trace = gradient_descent(ExpressionObjective(parse("theta^2")), [3.0], alpha=2.0, iterations=1000)
    assert trace.stopped == "diverged"


@settings(max_examples=40, deadline=None)
@given(
    a=st.floats(-3, 3),
    b=st.floats(-3, 3),
)
def test_gradient_matches_central_differences(a, b):
    objective = ExpressionObjective(parse("(theta0 - 1)^2 * exp(theta1 / 4) + sin(theta0 * theta1)"))
    theta = np.array([a, b])
    h = 1e-6
    numeric = [(objective.cost(theta + h * e) - objective.cost(theta - h * e)) / (2 * h) for e in np.eye(2)]
    np.testing.assert_allclose(objective.gradient(theta), numeric, rtol=1e-5, atol=1e-6)


def test_a_cost_over_data_equals_the_regression_objective():
    rng = np.random.default_rng(3)
    x = rng.normal(size=20)
    y = 2 * x + 1 + rng.normal(scale=0.1, size=20)
    formula = ExpressionObjective(parse("1/(2m) sum((h - y)^2)"), data={"x": x, "y": y})
    regression = LinearRegression(x[:, None], y)
    theta = np.array([0.3, -0.7])
    assert formula.params == regression.params
    assert formula.cost(theta) == pytest.approx(regression.cost(theta))
    np.testing.assert_allclose(formula.gradient(theta), regression.gradient(theta))


def test_data_may_not_name_a_parameter():
    with pytest.raises(GdtutorError, match="both a parameter and a data value"):
        ExpressionObjective(parse("theta^2"), data={"theta": 1.0})


def test_wrong_number_of_values():
    with pytest.raises(GdtutorError, match="expected 1 parameter values, got 2"):
        ExpressionObjective(parse("theta^2")).cost([1.0, 2.0])
