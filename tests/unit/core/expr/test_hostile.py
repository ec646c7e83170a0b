"""Hostile and malformed formulas: each gets an ExprError with a one-line message, fast, and nothing runs."""

import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdtutor.core.expr import MAX_DEPTH, MAX_LENGTH, ExprError, parse
from gdtutor.errors import GdtutorError

HOSTILE = [
    "__import__('os')",
    "__import__('os').system('ls')",
    "().__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "lambda: 0",
    "[x for x in y]",
    "(x for x in y)",
    "{x: 1}",
    "theta.real",
    "theta[0]",
    "'a'",
    '"theta"',
    "theta =3",
    "theta := 3",
    "x; y",
    "\x1b[31m",
    "\x1b[31mtheta",
    "[bold]theta[/bold]",
    "theta\x00",
    "\x00",
    "",
    "   ",
    "\t\n",
    "2,4",
    "sin",
    "sin theta",
    "exp(",
    "exp()",
    "**2",
    "2**",
    "2^",
    "foo(1)",
    "open('x')",
    "print(1)",
    "theta(",
    "(theta",
    "theta)",
    "((theta)",
    "()",
    "theta theta 2",
    "1 2",
    "1.2.3",
    ".²",  # str.isdigit() is true of superscripts: not a number
    "2.₁",
    "1٣",  # an Arabic-Indic digit
    "1e999",
    "thet",
    "Theta",
    "thеta",  # Cyrillic е
    "θο",  # Greek omicron
    "ｔｈｅｔａ",  # fullwidth
    "х",  # Cyrillic ha
    "theta_",
    "x0",
    "x2",
    "sum(x, y)",
    "theta!",
    "theta & 1",
    "theta | 1",
    "theta @ x",
    "# comment",
    "`theta`",
    "$theta",
    "theta\\x",
    "²",
    "sin(theta",
    "theta ^ * 2",
    "e^theta",
    "pi",
    "if theta else 0",
    "not theta",
    "theta > 0",
    "theta if x else y",
    "yield theta",
    "\u202etheta",  # right-to-left override
    "theta\u200b",  # zero-width space
    "x" * 100_000,
    "(" * 10_000 + "theta" + ")" * 10_000,
    "(" * (MAX_DEPTH + 1) + "theta" + ")" * (MAX_DEPTH + 1),
    "-" * 1500 + "theta",
    "theta^" * 300 + "2",
    "sqrt(" * 60 + "x" + ")" * 60 + "+" + "1+" * 100 + "1",
    "√" * 500 + "θ",
    "Σ" * 500 + "x",
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda text: repr(text)[:40])
def test_hostile_input_is_rejected_with_one_line_message(text):
    started = time.perf_counter()
    with pytest.raises(ExprError) as caught:
        parse(text)
    elapsed = time.perf_counter() - started
    error = caught.value
    assert isinstance(error, GdtutorError)
    assert error.message and "\n" not in error.message and "\x1b" not in error.message
    assert len(error.message) < 200
    assert error.text == text or not text.strip() or len(text) > MAX_LENGTH
    caret = error.caret()
    assert caret.count("\n") <= 1 and "\x1b" not in caret and "\x00" not in caret
    assert elapsed < 0.5, f"took {elapsed:.3f} s"


def test_there_are_at_least_thirty_hostile_inputs():
    assert len(HOSTILE) >= 30


@pytest.mark.parametrize(
    ("text", "position", "fragment", "suggestion"),
    [
        ("thet", 0, "did you mean 'theta'", "theta"),
        ("2*thta + 1", 2, "did you mean 'theta'", "theta"),
        ("2,4", 1, "use a point for decimals: 2.4", "2.4"),
        ("thеta", 2, "looks like 'e'", "e"),
        ("ｘ", 0, "looks like 'x'", "x"),
        ("Θ^2", 0, "looks like 'θ'", "θ"),
        ("theta =3", 6, "no '='", "3"),
        ("J(θ) = θ²", 5, "type only the right-hand side", "θ²"),
        ("sin theta", 0, "needs parentheses", "sin(theta)"),
        ("exp(theta", 3, "never closed", None),
        ("theta)", 5, "no matching '('", None),
        ("", None, "type a formula", None),
        ("foo(1)", 0, "unknown function 'foo'", None),
        ("e^theta", 0, "exp(", "exp"),
        ("Theta", 0, "did you mean 'theta'", "theta"),
        ("theta 2", 6, "missing operator", None),
        ("2**", 3, "ends too early", None),
        ("**2", 0, "'**' needs", None),
        ("()", 0, "empty parentheses", None),
        ("theta.real", 5, "'.'", None),
        ("\\theta^2", 0, "without a backslash", "theta"),
    ],
)
def test_message_position_and_suggestion(text, position, fragment, suggestion):
    with pytest.raises(ExprError) as caught:
        parse(text)
    error = caught.value
    assert error.position == position
    assert fragment in error.message
    assert error.suggestion == suggestion
    if position is not None:
        assert f"(column {position + 1})" in error.message


def test_caret_points_at_the_position():
    with pytest.raises(ExprError) as caught:
        parse("2*thta + 1")
    assert caught.value.caret() == "2*thta + 1\n  ^"


def test_caret_hides_control_characters_and_keeps_columns():
    with pytest.raises(ExprError) as caught:
        parse("\x1b[31m")
    line, marker = caught.value.caret().split("\n")
    assert line == "?[31m" and marker == "^"


def test_caret_of_long_input_is_a_window_around_the_position():
    text = "theta + " * 200 + "thet"
    with pytest.raises(ExprError) as caught:
        parse(text)
    line, marker = caught.value.caret().split("\n")
    assert len(line) < 100
    assert line[len(marker) - 1 : len(marker) + 3] == "thet"


def test_length_and_depth_limits_are_near_what_they_say():
    parse("+".join(["theta"] * 50))
    parse("(" * 40 + "theta" + ")" * 40)
    with pytest.raises(ExprError, match="too long"):
        parse("1" * (MAX_LENGTH + 1))


@pytest.mark.parametrize("text", ["9**9**9", "theta**999999999", "exp(exp(exp(theta)))", "1/0", "log(-1)"])
def test_huge_or_invalid_values_evaluate_quickly_and_quietly(text, recwarn):
    expr = parse(text)
    started = time.perf_counter()
    value = expr.evaluate({"theta": 3.0})
    assert time.perf_counter() - started < 0.5
    assert isinstance(value, float)
    assert np.isinf(value) or np.isnan(value)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_huge_power_differentiates_without_expanding():
    started = time.perf_counter()
    derivative = parse("theta**999999999").diff("theta")
    assert time.perf_counter() - started < 0.5
    assert derivative.to_ascii() == "999999999*theta^999999998"


def test_features_must_be_a_positive_integer():
    with pytest.raises(ValueError):
        parse("h", features=0)


def test_non_text_is_rejected():
    with pytest.raises(ExprError):
        parse(b"theta")  # type: ignore[arg-type]


FORMULA_CHARACTERS = "0123456789.,+-*/^() θαxyhmsuexplogsqrtabcin_₁²⁻·−Σ√=[]'\x00é"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40), st.text(alphabet=FORMULA_CHARACTERS, max_size=40)))
def test_any_text_parses_or_raises_expr_error(text):
    try:
        expr = parse(text)
    except ExprError as error:
        assert error.message and "\n" not in error.message
        return
    assert parse(expr.to_ascii()) == expr
