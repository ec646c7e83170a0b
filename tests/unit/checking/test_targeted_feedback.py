"""Feedback aimed at the misconception a step exists for, and format hints that are neither an answer nor a
known mistake and reveal no data, with the precision said up front."""

from __future__ import annotations

from pathlib import Path

import pytest

from gdtutor.checking import GDQuestion, NumberRule
from gdtutor.core.expr import parse
from gdtutor.core.objectives import ExpressionObjective
from gdtutor.engine import Tutor
from gdtutor.lessons import load_lesson

LESSONS = Path(__file__).resolve().parents[3] / "lessons"
SQUARE = ExpressionObjective(parse("theta^2"))


def lesson(stem: str):
    return load_lesson(next(LESSONS.glob(f"{stem}-*.yaml")))


def test_zero_for_is_it_zero_yet_is_told_that_descent_only_approaches_zero():
    question = Tutor.for_steps(lesson("05"), ["after-30"], seed=0).question()
    verdict = question.check("0")
    assert verdict.mistake == "already-zero"
    assert "shrinks towards 0 but stays above it" in verdict.explanation


def test_a_negative_step_is_told_the_minus_belongs_to_the_update():
    question = GDQuestion(SQUARE, 3, 0.1, "step")
    verdict = question.check("-0.6", NumberRule(decimals=3))
    assert verdict.mistake == "step-sign"
    assert "the minus sign is the update's" in verdict.explanation
    assert "0.6" not in verdict.explanation


def test_x_outside_the_sum_is_told_it_belongs_inside():
    tutor = Tutor.for_steps(lesson("07"), ["grad-theta1"], seed=0)
    verdict = tutor.question().check("2/m*sum(h-y)*x")
    assert verdict.mistake == "missing-x"
    assert "outside the sum" in verdict.explanation and "add them up" not in verdict.message


@pytest.mark.parametrize(
    ("typed", "variant_words"),
    [
        # θ₂ = 1.92 (from 2.4 at α = 0.1): the derivative taken one iteration back, at 2.4 → 2.4 − 0.48.
        ("1.44", "at the earlier θ = 2.4"),
        # ...or at the start, θ = 3 → 1.92 − 0.6
        ("1.32", "at the starting θ = 3"),
        # the first update repeated from the start
        ("2.4", "repeated the first update"),
        # this update's step taken off the start: 3 − 0.384
        ("2.616", "subtracted the step from the starting"),
    ],
)
def test_every_update_that_stands_on_an_earlier_theta_is_named_stale(typed, variant_words):
    # θ after the third update, standing on θ₂ = 1.92, with θ₁ = 2.4 and the start 3.
    question = GDQuestion(SQUARE, 1.92, 0.1, "theta", start=3, previous=2.4, iteration=3)
    verdict = question.check(typed, NumberRule(decimals=3))
    assert verdict.mistake == "stale-theta", (typed, verdict)
    assert variant_words in verdict.explanation


def test_a_simultaneous_update_mistake_names_the_parameter_computed_late():
    objective = ExpressionObjective(parse("theta1^2 + theta1*theta2 + theta2^2"))
    question = GDQuestion(objective, [3, 4], 0.1, "theta")
    wrong = next(value for mistake, value in question.mistaken() if mistake == "sequential-update")
    verdict = question.check(", ".join(f"{v:.4f}" for v in wrong), NumberRule(decimals=3))
    assert verdict.mistake == "sequential-update"
    assert verdict.explanation.startswith("You computed θ₂ with the new θ₁")


def asking_of_every_step():
    for path in sorted(LESSONS.glob("*.yaml")):
        tutor = Tutor(load_lesson(path), seed=0)
        while not tutor.finished:
            view = tutor.view()
            if view.is_question:
                yield path.stem, view, tutor.question()
            while view.is_question and not view.complete:
                tutor.submit(tutor.question().answer())
                view = tutor.view()
            tutor.next()


def test_format_hints_are_never_an_answer_nor_a_known_mistake_and_reveal_no_data():
    checked = 0
    for name, view, question in asking_of_every_step():
        if view.kind == "formula":
            example = view.asking.removeprefix("a formula, typed like ")
            assert example != view.asking, view.asking
            verdict = question.check(example)
            assert verdict.status == "wrong" and verdict.mistake is None, (name, view.step_id, example)
            checked += 1
        if (name, view.step_id) in (
            ("01-notation-and-cost", "predict"),
            ("10-training-set-statistics", "more-data"),
        ):
            assert view.asking == "the prediction: a number, to 3 decimals"  # h(4) would give x⁽²⁾ away
    assert checked >= 10


def test_the_precision_is_said_before_the_first_answer():
    numbers = [(name, view) for name, view, _ in asking_of_every_step() if view.kind in ("number", "iterate")]
    assert numbers
    for name, view in numbers:
        assert "to 3 decimals" in view.asking or "significant figure" in view.asking, (name, view.asking)


def test_explore_steps_take_the_words_their_prompts_use_and_a_start_of_the_outcome():
    tutor = Tutor.for_steps(lesson("06"), ["path"], seed=0)
    question = tutor.question()
    assert question.check("bounce").value == "oscillates"
    assert question.check("reach the floor").correct
    assert question.check("fly off").value == "diverges"
    assert question.check("conv").correct


def test_an_option_is_chosen_by_a_start_that_fits_it_alone():
    from gdtutor.checking.choices import read_choice

    options = ["Outliers have no effect", "An outlier's pull is diluted", "An average of votes"]
    assert read_choice("outl", options) == 0
    assert read_choice("an outlier", options) == 1
    with pytest.raises(Exception, match="starts options 2, 3"):
        read_choice("an ", options)


def test_run_summaries_say_rises_as_times_and_an_oscillation_as_what_theta_does():
    from gdtutor.engine.plots import describe_costs
    from gdtutor.lessons.questions import explore_truth

    assert "each rise about 9.0 times the one before" in describe_costs([9, 81, 729, 6561])
    alpha_one = lesson("04")
    step = alpha_one.step("alpha-one")
    outcome, account = explore_truth(alpha_one, step)
    assert outcome == "oscillates"
    assert account.startswith("θ jumps back and forth between") and "J went from 9 to 9" not in account


@pytest.mark.parametrize(
    ("asked", "words"),
    [
        ("theta", "The new θ is the θ the update starts from minus the step, α times dJ/dθ"),
        ("step", "The step is α times dJ/dθ, worked out at this iteration's θ."),
        ("gradient", "The slope is dJ/dθ worked out at this iteration's θ"),
        ("cost", "The cost is J worked out at this iteration's θ"),
    ],
)
def test_a_wrong_answer_no_mistake_explains_is_reminded_of_the_rule_without_its_numbers(asked, words):
    question = GDQuestion(SQUARE, 3, 0.1, asked)
    verdict = question.check("123.456", NumberRule(decimals=3))
    assert verdict.status == "wrong" and verdict.mistake is None and verdict.message == "Not quite."
    assert verdict.explanation is not None and verdict.explanation.startswith(words)
    assert not any(number in verdict.explanation for number in ("3", "0.1", "6", "0.6", "2.4", "9"))
    assert question.check(question.worked_solution().split("= ")[-1], NumberRule(decimals=3)).correct


def test_the_rule_names_the_parameter_asked_about_or_every_parameter():
    objective = ExpressionObjective(parse("theta0^2 + 3*theta1^2"))
    one = GDQuestion(objective, (1, 1), 0.1, "step", param="theta1").check("99", NumberRule(decimals=2))
    assert one.explanation == "The step is α times ∂J/∂θ₁, worked out at this iteration's θ."
    every = GDQuestion(objective, (1, 1), 0.1, "theta").check("(9, 9)", NumberRule(decimals=2))
    assert every.explanation is not None and every.explanation.startswith("After an update each parameter")
    named = GDQuestion(objective, (1, 1), 0.1, "step").check("-0.2, -0.6", NumberRule(decimals=2))
    assert named.mistake == "step-sign"  # a known mistake keeps its own explanation


def test_a_wrong_derivative_no_mistake_explains_is_reminded_of_the_rules_of_differentiating():
    question = Tutor.for_steps(lesson("02"), ["derivative"], seed=0).question()
    verdict = question.check("3*theta")
    assert verdict.status == "wrong" and verdict.mistake is None
    assert verdict.explanation is not None
    assert verdict.explanation.startswith("Differentiate term by term in θ: a power of θ comes down in front")
    assert "2" not in verdict.explanation  # nothing of this derivative's own answer
    partial = Tutor.for_steps(lesson("06"), ["partial-1"], seed=0).question().check("theta2^3")
    assert partial.mistake is None and partial.explanation is not None
    assert partial.explanation.startswith("Differentiate term by term in θ₁, the other parameters held as")


@pytest.mark.parametrize(
    ("stem", "step_id", "typed", "words"),
    [
        ("14", "mean-size", "12345.678", "The mean of x is the sum of its values divided by m"),
        ("14", "deviation-size", "12345.678", "The standard deviation of x is the square root"),
        ("14", "scale-one", "12345.678", "A scaled value is its distance from the mean"),
        ("01", "predict", "12345.678", "A prediction puts the example's x into h = θ₀ + θ₁x"),
        ("14", "predict-query", "12345.678", "A prediction puts the example's x (scaled as"),
        ("15", "solve-it", "12345.678, 9999.5", "θ* is where J is smallest, where every partial derivative"),
    ],
)
def test_a_wrong_direct_answer_no_mistake_explains_is_reminded_of_its_rule(stem, step_id, typed, words):
    question = Tutor.for_steps(lesson(stem), [step_id], seed=0).question()
    verdict = question.check(typed)
    assert verdict.status == "wrong" and verdict.mistake is None
    assert verdict.explanation is not None and verdict.explanation.startswith(words)
    assert question.answer() not in verdict.explanation
