"""Formula steps of a lesson: which names an answer may use, and lesson mistakes diagnosed through them."""

from pathlib import Path

from gdtutor.engine.steps import handler_for
from gdtutor.lessons import load_lesson

ROOT = Path(__file__).resolve().parents[3]
LESSON_7 = load_lesson(ROOT / "lessons/07-mse-gradient.yaml").instantiate(0)
LESSON_2 = load_lesson(ROOT / "lessons/02-descent-on-theta-squared.yaml").instantiate(0)


def question_of(lesson, step_id):
    step = lesson.step(step_id)
    return handler_for(step).ask(lesson, step)


def test_typing_x_for_the_inner_derivative_by_theta0_is_diagnosed_not_refused():
    verdict = question_of(LESSON_7, "inner-theta0").check("x")
    assert (verdict.status, verdict.mistake) == ("wrong", "inner-as-x")
    assert "derivative is 0" in verdict.explanation
    assert "θ₁" in verdict.explanation


def test_every_data_name_of_a_regression_problem_can_be_typed():
    question = question_of(LESSON_7, "inner-theta0")
    for text in ("y", "m", "theta1*x - y"):
        assert question.check(text).status == "wrong", text


def test_data_names_stay_unknown_where_the_problem_has_no_data():
    question = question_of(LESSON_2, "derivative")
    verdict = question.check("2*x")
    assert verdict.status == "invalid"
    assert "x, which isn't in this problem" in verdict.message


def test_the_derivatives_value_at_the_start_typed_for_the_formula_is_explained():
    question = question_of(LESSON_2, "derivative")
    start = float(question.setup.start[0])
    verdict = question.check(str(2 * start))
    assert verdict.status == "wrong"
    assert f"is the value of dJ/dθ at θ = {start:g}" in verdict.explanation
    assert "formula itself" in verdict.explanation


def test_a_number_that_is_not_the_value_at_the_start_gets_no_such_explanation():
    question = question_of(LESSON_2, "derivative")
    verdict = question.check(str(2 * float(question.setup.start[0]) + 1))
    assert verdict.status == "wrong"
    assert "value of dJ/dθ" not in (verdict.explanation or "")
