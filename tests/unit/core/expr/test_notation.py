"""The notations people type all read as the same tree."""

import pytest

from gdtutor.core.expr import (
    Add,
    Call,
    Div,
    ExprError,
    Mul,
    Neg,
    Num,
    Pow,
    Sub,
    Sum,
    Var,
    hypothesis,
    parse,
)

THETA = Var("theta")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("theta^2", Pow(THETA, Num(2))),
        ("theta**2", Pow(THETA, Num(2))),
        ("θ²", Pow(THETA, Num(2))),
        ("θ ^ 2", Pow(THETA, Num(2))),
        ("ϑ^2", Pow(THETA, Num(2))),
        ("θ⁻¹", Pow(THETA, Num(-1))),
        ("θ¹²", Pow(THETA, Num(12))),
        ("(θ - 1)²", Pow(Sub(THETA, Num(1)), Num(2))),
        ("2theta", Mul(Num(2), THETA)),
        ("2 theta", Mul(Num(2), THETA)),
        ("2θ", Mul(Num(2), THETA)),
        ("2(theta-1)", Mul(Num(2), Sub(THETA, Num(1)))),
        ("(theta)(theta)", Mul(THETA, THETA)),
        ("theta theta", Mul(THETA, THETA)),
        ("theta(1 - theta)", Mul(THETA, Sub(Num(1), THETA))),
        ("2*theta", Mul(Num(2), THETA)),
        ("2·theta", Mul(Num(2), THETA)),
        ("2⋅θ", Mul(Num(2), THETA)),
        ("2×theta", Mul(Num(2), THETA)),
        ("theta − 1", Sub(THETA, Num(1))),
        ("theta – 1", Sub(THETA, Num(1))),
        ("theta ÷ 2", Div(THETA, Num(2))),
        ("theta/2", Div(THETA, Num(2))),
        ("1/2/4", Div(Div(Num(1), Num(2)), Num(4))),
        ("1-2-4", Sub(Sub(Num(1), Num(2)), Num(4))),
        ("-theta^2", Neg(Pow(THETA, Num(2)))),
        ("-θ²", Neg(Pow(THETA, Num(2)))),
        ("2^3^2", Pow(Num(2), Pow(Num(3), Num(2)))),
        ("2^-1", Pow(Num(2), Num(-1))),
        ("-2", Num(-2)),
        ("-(2)", Neg(Num(2))),
        ("--2", Neg(Num(-2))),
        ("-2^2", Neg(Pow(Num(2), Num(2)))),
        ("--theta", Neg(Neg(THETA))),
        ("+theta", THETA),
        ("1/2x", Mul(Div(Num(1), Num(2)), Var("x"))),
        ("2x^2", Mul(Num(2), Pow(Var("x"), Num(2)))),
        (".5", Num(0.5)),
        ("1.5e-3", Num(0.0015)),
        ("2E2", Num(200)),
        ("exp(theta)", Call("exp", THETA)),
        ("log(theta)", Call("log", THETA)),
        ("sqrt(theta)", Call("sqrt", THETA)),
        ("√θ", Call("sqrt", THETA)),
        ("√(θ + 1)", Call("sqrt", Add(THETA, Num(1)))),
        ("abs(theta)", Call("abs", THETA)),
        ("sin(theta)", Call("sin", THETA)),
        ("cos(theta)", Call("cos", THETA)),
        ("2exp(theta)", Mul(Num(2), Call("exp", THETA))),
        ("sum(x)", Sum(Var("x"))),
        ("Σ(x)", Sum(Var("x"))),
        ("∑ x", Sum(Var("x"))),
        ("Σ x·y + 1", Add(Sum(Mul(Var("x"), Var("y"))), Num(1))),
        ("alpha", Var("alpha")),
        ("α", Var("alpha")),
        ("m", Var("m")),
        ("xy", Mul(Var("x"), Var("y"))),
        ("x_i", Var("x")),
        ("y_i", Var("y")),
    ],
)
def test_notation(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize("text", ["theta_1", "theta1", "θ₁", "θ_1", "ϑ₁", "theta01"])
def test_spellings_of_theta1(text):
    assert parse(text) == Var("theta1")


@pytest.mark.parametrize("text", ["x1", "x", "x₁", "x_1"])
def test_with_one_feature_x1_is_x(text):
    assert parse(text) == Var("x")


def test_with_several_features_x_has_an_index():
    assert parse("x2 + x₃", features=3) == Add(Var("x2"), Var("x3"))
    with pytest.raises(ExprError, match="x1 … x3"):
        parse("x", features=3)
    with pytest.raises(ExprError, match="not one of x1 … x3"):
        parse("x4", features=3)


def test_h_is_the_hypothesis():
    assert parse("h") == Add(Var("theta0"), Mul(Var("theta1"), Var("x")))
    assert parse("h", features=2) == hypothesis(2)
    assert parse("h", features=2).to_ascii() == "theta0 + theta1*x1 + theta2*x2"
    for spelling in ["h(x)", "h(x_i)", "h_theta(x)", "h(x1)"]:
        assert parse(spelling) == parse("h")
    assert parse("hx") == Mul(parse("h"), Var("x"))


def test_implicit_multiplication_of_a_subscripted_name():
    assert parse("θ₀ + θ₁x") == parse("theta0 + theta1*x")
    assert parse("theta1x") == parse("theta1*x")


def test_whitespace_of_every_kind_is_ignored():
    assert parse(" theta\t+\n1\u00a0") == Add(THETA, Num(1))


def test_free_names_and_natural_parameter_order():
    expr = parse("theta10 + theta2 + theta + alpha*x + y/m")
    assert expr.free_names() == {"theta10", "theta2", "theta", "alpha", "x", "y", "m"}
    assert expr.parameters() == ("theta", "theta2", "theta10")


def test_functions_need_parentheses_and_a_known_name():
    for text in ["sin theta", "exp", "sum x", "sqr(theta)"]:
        with pytest.raises(ExprError):
            parse(text)


def test_the_lexer_knows_every_function_the_evaluator_has():
    from gdtutor.core.expr.evaluate import FUNCTIONS
    from gdtutor.core.expr.names import FUNCTION_NAMES

    assert set(FUNCTION_NAMES) == {*FUNCTIONS, "sum"}
