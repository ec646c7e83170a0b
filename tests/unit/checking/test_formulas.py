import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdtutor.checking import MISTAKES, FormulaMistake, Mistaken, check_formula, derive_mistakes
from gdtutor.core.expr import parse

GRADIENT_1 = "(1/m)*sum((h - y)*x)"
UPDATE_1 = "theta1 - alpha*(1/m)*sum((h - y)*x)"


@pytest.mark.parametrize("text", ["2*theta", "theta*2", "theta+theta", "2θ", "2 θ", "4θ/2", "θ·2"])
def test_equivalent_rewrites_of_2_theta_are_accepted(text):
    verdict = check_formula(text, "2*theta")
    assert verdict.status == "correct"
    assert verdict.reading.startswith("read as: ")


@pytest.mark.parametrize("text", ["(2/m)*sum(h-y)", "2*sum(h-y)/m", "sum(2(h - y))/m", "2/m Σ(θ₀ + θ₁x − y)"])
def test_equivalent_rewrites_of_a_sum_are_accepted(text):
    assert check_formula(text, "(2/m)*sum(h-y)").status == "correct"


def test_the_answer_is_echoed_in_unicode_before_grading():
    verdict = check_formula("2*theta1", "2*theta1")
    assert verdict.reading == "read as: 2·θ₁"
    assert check_formula("theta1^2", "2*theta1").reading == "read as: θ₁²"


@pytest.mark.parametrize(
    ("text", "mistake"),
    [
        ("sum((h-y)*x)", "missing-mean"),
        ("(2/m)*sum((h-y)*x)", "factor-two"),
        ("(1/(2m))*sum((h-y)*x)", "factor-two"),
        ("(1/m)*sum(h-y)", "missing-x"),
        ("(1/m)*sum((y-h)*x)", "sign-of-error"),
    ],
)
def test_gradient_mistakes_are_derived_from_the_reference_and_recognized(text, mistake):
    verdict = check_formula(text, GRADIENT_1)
    assert (verdict.status, verdict.mistake) == ("wrong", mistake)
    assert verdict.explanation


@pytest.mark.parametrize(
    ("text", "mistake"),
    [
        ("theta1 + alpha*(1/m)*sum((h-y)*x)", "uphill"),
        ("theta1 - (1/m)*sum((h-y)*x)", "no-alpha"),
        ("alpha*(1/m)*sum((h-y)*x)", "step-not-theta"),
        ("theta1 - alpha*sum((h-y)*x)", "missing-mean"),
        ("theta1 - alpha*(1/m)*sum(h-y)", "missing-x"),
        ("theta1 - 2 alpha/m sum((h-y)x)", "factor-two"),
    ],
)
def test_update_rule_mistakes_are_recognized(text, mistake):
    assert check_formula(text, UPDATE_1).mistake == mistake


def test_a_flipped_update_rule_is_uphill_and_names_the_sign_of_error_too():
    verdict = check_formula("theta1 + alpha*(1/m)*sum((h-y)*x)", UPDATE_1)
    assert verdict.mistake == "uphill"
    assert "y − h" in verdict.explanation


def test_the_derivative_of_theta_squared_taken_as_theta_is_factor_two():
    assert check_formula("theta", "2*theta").mistake == "factor-two"


def test_a_fixed_learning_rate_may_be_typed_as_its_value():
    assert check_formula("theta - 0.1*2*theta", "theta - alpha*2*theta", data={"alpha": 0.1}).correct
    assert (
        check_formula("theta - 0.2*2*theta", "theta - alpha*2*theta", data={"alpha": 0.1}).status == "wrong"
    )


def test_a_hard_coded_number_of_examples_is_not_the_general_formula():
    assert check_formula("(1/3)*sum((h-y)*x)", GRADIENT_1).status == "wrong"


def test_forgetting_the_sum_is_pointed_out():
    verdict = check_formula("(h - y)*x/m", GRADIENT_1)
    assert verdict.status == "wrong" and "sum(" in verdict.message


def test_one_examples_formula_is_not_told_to_add_up_over_the_examples():
    data = {"x": np.array([1.0, 2.0]), "y": np.array([2.0, 3.0])}
    verdict = check_formula("x", "1", params=("theta0", "theta1"), data=data)
    assert verdict.status == "wrong"
    assert "sum(" not in verdict.message


def test_a_lesson_mistake_is_named_even_when_the_answer_varies_per_example():
    data = {"x": np.array([1.0, 2.0]), "y": np.array([2.0, 3.0])}
    mistake = FormulaMistake("inner-as-x", parse("x"), "x is the derivative for θ₁.")
    verdict = check_formula("x", "1", params=("theta0", "theta1"), data=data, lesson_mistakes=[mistake])
    assert (verdict.status, verdict.mistake) == ("wrong", "inner-as-x")


def test_a_name_outside_the_problem_is_invalid_with_a_helpful_message():
    verdict = check_formula("2*theta + x", "2*theta")
    assert verdict.status == "invalid"
    assert verdict.message == "This answer uses x, which isn't in this problem"
    assert check_formula("theta2", "2*theta1", params=("theta1",)).message.startswith("This answer uses θ₂")


def test_data_names_are_allowed_in_a_regression_problem():
    assert check_formula("(1/m)*sum((theta0 + theta1*x - y)*x)", GRADIENT_1).correct


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type a formula"),
        ("2*(theta", "never closed"),
        ("thta", "did you mean 'theta'"),
        ("theta 2", "missing"),
    ],
)
def test_a_formula_that_cannot_be_read_is_invalid_with_a_caret(text, message):
    verdict = check_formula(text, "2*theta")
    assert verdict.status == "invalid"
    assert message.lower() in verdict.message.lower()
    if text:
        assert verdict.explanation.splitlines()[1].strip() == "^"


@pytest.mark.parametrize(
    "text",
    ["\x1b[31m2θ", "[bold]2θ[/bold]", "[@click=app.quit]", "2θ\x00", "θ" * 5000, "(" * 500 + "θ" + ")" * 500],
)
def test_hostile_text_is_invalid_never_an_exception(text):
    verdict = check_formula(text, "2*theta")
    assert verdict.status == "invalid"
    assert "\x1b" not in verdict.message and "\x00" not in verdict.message
    assert "\n" not in verdict.message and len(verdict.message) < 200


def test_singular_points_are_avoided_and_resampled():
    assert check_formula("-1/theta^2", "-theta^(-2)").correct
    assert check_formula("1/(2 sqrt(theta))", "0.5*theta^(-1/2)").correct
    assert check_formula("log(theta^2)/2", "log(abs(theta))").correct


def test_a_mistake_that_equals_the_right_formula_is_not_claimed():
    # With J = 0, "twice the gradient" is the gradient: the answer is right, not a factor-two mistake.
    assert check_formula("0", "0*theta").correct


def test_lesson_mistakes_come_first_with_their_explanation():
    lesson = [Mistaken("forgot-square", parse("theta"), "Differentiate θ², not θ.")]
    verdict = check_formula("theta", "2*theta", lesson_mistakes=lesson)
    assert verdict.mistake == "forgot-square"
    assert verdict.explanation.startswith(
        "Differentiate θ², not θ. It also matches another mistake: a factor"
    )


def test_an_explicit_list_of_mistakes_replaces_the_derived_ones():
    verdict = check_formula("theta", "2*theta", mistaken=[FormulaMistake("half", parse("theta"), "Half.")])
    assert verdict.mistake == "half"
    assert check_formula("theta", "2*theta", mistaken=[]).mistake is None


def test_derived_mistakes_are_in_library_order():
    ids = [mistake.id for mistake in derive_mistakes(parse(UPDATE_1))]
    assert ids[:3] == ["uphill", "no-alpha", "step-not-theta"]
    assert set(ids) >= {"missing-mean", "factor-two", "missing-x", "sign-of-error"}


def test_several_features_use_x1_to_xn():
    reference = "(1/m)*sum((h - y)*x2)"
    assert check_formula("sum(x2*(theta0 + theta1 x1 + theta2 x2 - y))/m", reference, features=2).correct
    assert check_formula("(1/m)*sum(h - y)", reference, features=2).mistake == "missing-x"


# -- properties --------------------------------------------------------------------------------------------

coefficients = st.integers(-5, 5).filter(lambda value: value != 0)


@settings(max_examples=60, deadline=None)
@given(a=coefficients, b=coefficients, c=st.integers(-5, 5))
def test_rewritten_polynomials_are_accepted(a, b, c):
    reference = f"{a}*theta^2 + {b}*theta + {c}"
    rewrite = f"theta*({a}*theta + {b}) + {c}"
    assert check_formula(rewrite, reference).correct
    assert check_formula(f"({b} + {a} theta) theta + {c}", reference).correct


@settings(max_examples=60, deadline=None)
@given(a=coefficients, b=coefficients, delta=st.sampled_from([1e-3, -1e-3, 0.01, 0.5]))
def test_perturbed_formulas_are_rejected(a, b, delta):
    reference = f"{a}*theta^2 + {b}*theta"
    assert check_formula(f"{a}*theta^2 + {b}*theta + {delta}", reference).status == "wrong"
    assert check_formula(f"{a + delta}*theta^2 + {b}*theta", reference).status == "wrong"


@settings(max_examples=40, deadline=None)
@given(
    scale=st.sampled_from(["1/m", "2/m", "1/(2m)"]),
    body=st.sampled_from(["(h - y)*x", "h - y", "(h - y)^2", "x*(h - y)"]),
    update=st.booleans(),
)
def test_each_derived_mistake_is_recognized_by_its_id_or_named(scale, body, update):
    formula = f"({scale})*sum({body})"
    reference = parse(f"theta1 - alpha*{formula}" if update else formula)
    for mistake in derive_mistakes(reference):
        verdict = check_formula(mistake.formula.to_ascii(), reference)
        if mistake.id == "sign-of-error" and "^2" in body:
            assert verdict.correct  # (y − h)² = (h − y)²: the same formula, so the mistake is never claimed
            continue
        assert verdict.status == "wrong"
        assert verdict.mistake == mistake.id or MISTAKES[mistake.id].title in verdict.explanation
