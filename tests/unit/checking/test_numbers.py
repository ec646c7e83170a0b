import pytest

from gdtutor.checking import AnswerError, parse_number, parse_vector, read_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2.4", 2.4),
        ("+2.4", 2.4),
        ("2.40", 2.4),
        ("−0.5", -0.5),
        ("-0.5", -0.5),
        ("1e-3", 0.001),
        (".5", 0.5),
        ("  7 ", 7.0),
        ("5.", 5.0),
        ("1.5E2", 150.0),
        ("–3", -3.0),
    ],
)
def test_accepts_the_usual_ways_of_writing_a_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "decimals", "sigfigs"),
    [("2.40", 2, 3), ("0.0120", 4, 3), ("1.5e-3", 4, 2), ("1200", 0, 4), ("1e3", -3, 1), ("0", 0, 0)],
)
def test_keeps_the_precision_the_number_was_typed_with(text, decimals, sigfigs):
    number = read_number(text)
    assert (number.decimals, number.sigfigs) == (decimals, sigfigs)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "type a number"),
        ("   ", "type a number"),
        ("2,4", "use a point for decimals: 2.4, not 2,4"),
        ("nan", "give a finite number"),
        ("-Infinity", "give a finite number"),
        ("1e999", "too large"),
        ("abc", "“abc” is not a number"),
        ("3 - 0.6", "type the result as one number"),
        ("1/2", "type the result as one number"),
        ("2.4 -1", "give one number only"),
        ("1.4, 2", "give one number only"),
    ],
)
def test_refuses_what_is_not_one_number_with_a_reason(text, message):
    with pytest.raises(AnswerError) as caught:
        parse_number(text)
    assert message in caught.value.message


@pytest.mark.parametrize(
    "text", ["2.4, -1", "(2.4, -1)", "[2.4 -1]", "2.4 -1", "2.4; −1", "⟨2.4, -1⟩", " 2.4,-1 "]
)
def test_reads_a_vector_in_any_usual_notation(text):
    assert parse_vector(text, 2) == (2.4, -1.0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2.4", "give 2 numbers: θ₀ and θ₁ (you gave 1)"),
        ("1 2 3", "give 2 numbers: θ₀ and θ₁ (you gave 3)"),
        ("", "give 2 numbers: θ₀ and θ₁"),
        ("2.4 - 1", "a sign stands alone"),
        ("2,4,-1", "use a point for decimals and commas between numbers"),
        ("2,4; -1", "θ₀: use a point for decimals"),
        ("(2.4, x)", "θ₁: “x” is not a number"),
        ("(2.4, -1", "close the bracket"),
        ("2.4, , -1", "a number is missing"),
        ("((2.4, -1))", "at most one pair of brackets"),
    ],
)
def test_explains_a_vector_it_cannot_read(text, message):
    with pytest.raises(AnswerError) as caught:
        parse_vector(text, 2, ("theta0", "theta1"))
    assert message in caught.value.message


def test_a_decimal_comma_in_a_vector_of_two_is_read_as_two_numbers():
    # Documented: with commas as separators, 2,4 is the vector (2, 4); the verdict echoes that reading.
    assert parse_vector("2,4", 2) == (2.0, 4.0)


def test_long_or_hostile_text_is_refused_quickly_and_quoted_safely():
    with pytest.raises(AnswerError) as caught:
        parse_number("9" * 100_000)
    assert "too long" in caught.value.message
    with pytest.raises(AnswerError) as caught:
        parse_number("\x1b[31m[bold]red[@click=app.quit]\x07" + "z" * 500)
    message = caught.value.message
    assert "\x1b" not in message and "\x07" not in message
    assert "\\x1b" in message and "[bold]" in message
    assert len(message) < 120


@pytest.mark.parametrize("text", ["θ = 2.4", "theta := 2.4", "θ₁=2.4", "J: 2.4"])
def test_a_label_in_front_of_a_number_is_ignored(text):
    assert parse_number(text) == 2.4


@pytest.mark.parametrize(
    "text", ["θ₀ = 2.4, θ₁ = -1", "theta0=2.4 theta1=-1", "θ₀ = 2.4 θ₁ = −1", "(theta_0: 2.4; theta_1: -1)"]
)
def test_named_components_are_read_in_order(text):
    assert parse_vector(text, 2, ("theta0", "theta1")) == (2.4, -1.0)


def test_components_named_out_of_order_are_refused():
    with pytest.raises(AnswerError, match="give θ₀ and θ₁ in that order"):
        parse_vector("θ₁ = 2.4, θ₀ = -1", 2, ("theta0", "theta1"))
