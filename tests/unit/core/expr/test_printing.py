"""Printers: minimal parentheses, plain numbers, Unicode math."""

import pytest

from gdtutor.core.expr import (
    Div,
    Mul,
    Neg,
    Num,
    Pow,
    Sum,
    Var,
    add,
    call,
    format_number,
    mul,
    neg,
    number,
    parse,
    partial_label,
    power,
    summation,
    var,
)


@pytest.mark.parametrize(
    ("text", "ascii_form", "unicode_form"),
    [
        ("2theta", "2*theta", "2·θ"),
        ("theta_1^2", "theta1^2", "θ₁²"),
        ("theta - 1", "theta - 1", "θ − 1"),
        ("2(theta - 1)^2", "2*(theta - 1)^2", "2·(θ − 1)²"),
        ("sum((h - y)*x)", "sum((theta0 + theta1*x - y)*x)", "Σ (θ₀ + θ₁·x − y)·x"),
        ("(theta^2)^3", "(theta^2)^3", "(θ²)³"),
        ("theta^(x + 1)", "theta^(x + 1)", "θ^(x + 1)"),
        ("theta^-1", "theta^-1", "θ⁻¹"),
        ("(-2)^2", "(-2)^2", "(−2)²"),
        ("-theta^2", "-theta^2", "−θ²"),
        ("(-theta)^2", "(-theta)^2", "(−θ)²"),
        ("x - (y - m)", "x - (y - m)", "x − (y − m)"),
        ("x + (y + m)", "x + (y + m)", "x + (y + m)"),
        ("x/(y*m)", "x/(y*m)", "x/(y·m)"),
        ("(x/y)*m", "(x/y)*m", "(x/y)·m"),
        ("x*(y*m)", "x*(y*m)", "x·(y·m)"),
        ("sqrt(theta + 1)", "sqrt(theta + 1)", "√(θ + 1)"),
        ("abs(theta - 1)", "abs(theta - 1)", "|θ − 1|"),
        ("alpha*theta", "alpha*theta", "α·θ"),
        ("0.50", "0.5", "0.5"),
        ("2.0", "2", "2"),
        ("1e-5", "1e-05", "1e−05"),
        ("sum(x)/m", "sum(x)/m", "(Σ x)/m"),
        ("sum(x)*theta", "sum(x)*theta", "(Σ x)·θ"),
        ("theta*sum(x*y)", "theta*sum(x*y)", "θ·Σ x·y"),
        ("sum(x + y)", "sum(x + y)", "Σ (x + y)"),
    ],
)
def test_printed_forms(text, ascii_form, unicode_form):
    expr = parse(text)
    assert expr.to_ascii() == ascii_form
    assert expr.to_unicode() == unicode_form
    assert str(expr) == ascii_form
    assert parse(ascii_form) == expr
    if "|" not in unicode_form:  # |u| is for reading only; the parser asks for abs(u)
        assert parse(unicode_form) == expr


@pytest.mark.parametrize(
    ("value", "text"), [(2.0, "2"), (0.5, "0.5"), (-3.0, "-3"), (1e20, "1e+20"), (0.1, "0.1")]
)
def test_numbers_have_no_trailing_zeros(value, text):
    assert format_number(value) == text


def test_partial_labels():
    assert partial_label("theta0") == "∂J/∂θ₀"
    assert partial_label("theta") == "∂J/∂θ"
    assert partial_label("theta12") == "∂J/∂θ₁₂"


def test_constructors_and_operators_build_trees_without_simplifying():
    theta = var("theta")
    assert add(theta, 1) == parse("theta + 1")
    assert mul(2, power(theta, 2)) == Mul(Num(2), Pow(Var("theta"), Num(2)))
    assert neg(theta) == Neg(Var("theta"))
    assert call("exp", theta) == parse("exp(theta)")
    assert summation(var("x")) == Sum(Var("x"))
    assert number(3) == Num(3.0)
    assert 2 * theta**2 - 1 == parse("2*theta^2 - 1")
    assert 1 / theta == Div(Num(1), Var("theta"))
    with pytest.raises(ValueError):
        var("bogus")


def test_structural_equality_and_hashing():
    assert parse("θ₁ + 1") == parse("theta_1 + 1")
    assert len({parse("theta^2"), parse("θ²"), parse("theta**2")}) == 1
    assert parse("theta + 1") != parse("1 + theta")


def test_walk_and_rebuild_transform_a_tree():
    expr = parse("2*theta + x")
    swapped = expr.rebuild(tuple(reversed(expr.children)))
    assert swapped == parse("x + 2*theta")
    assert [type(node).__name__ for node in expr.walk()] == ["Add", "Mul", "Num", "Var", "Var"]


def test_substitute():
    expr = parse("theta^2 + theta1")
    assert expr.substitute({"theta": parse("x + 1")}) == parse("(x + 1)^2 + theta1")
    assert expr.substitute({}) is expr
