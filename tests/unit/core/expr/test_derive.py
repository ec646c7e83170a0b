"""Derivatives: readable results and the rules recorded for a worked derivation."""

import numpy as np
import pytest

from gdtutor.core.expr import Derivation, ExprError, Num, Var, derive, parse
from gdtutor.lessons.model import RULES

MSE_HALF = "(1/(2m)) * sum((h - y)^2)"


@pytest.mark.parametrize(
    ("text", "name", "ascii_form", "unicode_form"),
    [
        ("theta^2", "theta", "2*theta", "2·θ"),
        ("θ²", "theta", "2*theta", "2·θ"),
        ("theta^3", "theta", "3*theta^2", "3·θ²"),
        ("2(theta - 1)^2", "theta", "4*(theta - 1)", "4·(θ − 1)"),
        ("theta1^2 + theta0", "theta1", "2*theta1", "2·θ₁"),
        ("theta1^2 + theta0", "theta0", "1", "1"),
        ("5", "theta", "0", "0"),
        ("theta", "theta", "1", "1"),
        ("-theta", "theta", "-1", "−1"),
        ("theta/2", "theta", "1/2", "1/2"),
        ("0.5*theta^2", "theta", "theta", "θ"),
        ("exp(2theta)", "theta", "2*exp(2*theta)", "2·exp(2·θ)"),
        ("log(theta)", "theta", "1/theta", "1/θ"),
        ("sin(theta)", "theta", "cos(theta)", "cos(θ)"),
        ("cos(theta)", "theta", "-sin(theta)", "−sin(θ)"),
        ("sqrt(theta)", "theta", "1/(2*sqrt(theta))", "1/(2·√θ)"),
        ("abs(theta)", "theta", "theta/abs(theta)", "θ/|θ|"),
        ("1/theta", "theta", "-1/theta^2", "−1/θ²"),
        ("theta^999999999", "theta", "999999999*theta^999999998", "999999999·θ^999999998"),
        ("2^theta", "theta", "2^theta*log(2)", "2^θ·log(2)"),
        (MSE_HALF, "theta0", "(1/m)*sum(theta0 + theta1*x - y)", "(1/m)·Σ (θ₀ + θ₁·x − y)"),
        (MSE_HALF, "theta1", "(1/m)*sum((theta0 + theta1*x - y)*x)", "(1/m)·Σ (θ₀ + θ₁·x − y)·x"),
        ("(1/m) * sum((h - y)^2)", "theta0", "(2/m)*sum(theta0 + theta1*x - y)", "(2/m)·Σ (θ₀ + θ₁·x − y)"),
    ],
)
def test_simplified_derivatives_read_well(text, name, ascii_form, unicode_form):
    derivative = parse(text).diff(name)
    assert derivative.to_ascii() == ascii_form
    assert derivative.to_unicode() == unicode_form


def test_mse_derivation_records_the_articles_rules_in_order():
    derivation = derive(parse("(1/m) * sum((h - y)^2)"), "theta0")
    assert isinstance(derivation, Derivation)
    rules = derivation.rules()
    assert rules[:5] == ["constant-multiple", "sum", "power", "chain", "sum"]
    assert {"linear", "constant"} <= set(rules)
    power = derivation.steps[2]
    assert power.before == parse("(h - y)^2")
    assert power.after.to_unicode() == "2·(θ₀ + θ₁·x − y)"
    chain = derivation.steps[3]
    assert chain.after.to_unicode() == "2·(θ₀ + θ₁·x − y)"
    inner = derivation.steps[4]
    assert inner.before == parse("h - y") and inner.after == Num(1)
    assert derivation.result == derivation.steps[0].after


def test_the_rules_recorded_for_the_mse_are_the_ones_a_lesson_cites_by_name():
    for name in ("theta0", "theta1"):
        assert set(derive(parse(MSE_HALF), name).rules()) <= set(RULES)


def test_derivation_wrt_theta1_ends_with_x_as_the_inner_derivative():
    derivation = derive(parse(MSE_HALF), "theta1")
    inner = next(step for step in derivation.steps if step.before == parse("h - y"))
    assert inner.after == Var("x")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("theta*exp(theta)", "product"),
        ("theta/(1 + theta)", "quotient"),
        ("theta^theta", "general-power"),
        ("2^theta", "exponential"),
        ("exp(theta)", "exp"),
        ("log(theta)", "log"),
        ("sqrt(theta)", "sqrt"),
        ("abs(theta)", "abs"),
        ("sin(theta)", "sin"),
        ("cos(theta)", "cos"),
        ("sin(2theta)", "chain"),
        ("sum(theta*x)", "sum"),
        ("theta + 1", "sum"),
        ("3theta", "constant-multiple"),
    ],
)
def test_each_rule_is_recorded(text, rule):
    assert rule in derive(parse(text), "theta").rules()


def test_a_plain_variable_needs_no_chain_rule():
    assert derive(parse("theta^2"), "theta").rules() == ["power", "linear"]


def test_data_and_m_are_constants_for_a_parameter():
    assert parse("x*y*m + theta").diff("theta") == Num(1)
    assert parse("sum(x^2)").diff("theta") == Num(0)


def test_derivative_with_respect_to_data_is_allowed():
    assert parse("theta*x^2").diff("x").to_ascii() == "2*theta*x"


def test_derivative_of_the_cost_matches_the_analytic_gradient():
    rng = np.random.default_rng(7)
    x, y = rng.normal(size=20), rng.normal(size=20)
    env = {"theta0": 0.3, "theta1": -1.2, "x": x, "y": y}
    cost = parse(MSE_HALF)
    error = 0.3 - 1.2 * x - y
    assert cost.diff("theta0").evaluate(env) == pytest.approx(error.mean())
    assert cost.diff("theta1").evaluate(env) == pytest.approx((error * x).mean())


def test_the_variable_may_be_spelled_any_way_the_parser_reads():
    assert derive(parse("theta1^2"), "θ₁").result == parse("2theta1")
    assert parse("theta1^2").diff("theta_1") == parse("2theta1")


@pytest.mark.parametrize("name", ["bogus", "x + 1", ""])
def test_differentiating_by_something_that_is_not_a_name_is_an_error(name):
    with pytest.raises(ExprError):
        derive(parse("theta"), name)


def test_deeply_nested_formula_differentiates():
    text = "sin(" * 40 + "theta" + ")" * 40
    derivative = parse(text).diff("theta")
    assert np.isfinite(derivative.evaluate({"theta": 0.5}))
