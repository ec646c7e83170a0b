"""Predictions from several features: ``x`` takes one raw value per feature, validate says how many it needs,
and the tutor's value is numpy's, scaled or not."""

import numpy as np
import pytest

from gdtutor.engine import Tutor
from gdtutor.engine.selftest import check_lesson
from gdtutor.engine.steps import handler_for
from gdtutor.lessons.loading import parse_lesson

DATA = [[1, 2, 5], [2, 1, 6], [3, 4, 11], [4, 3, 12]]

LESSON = """\
id: two-features
title: Two features
problem:
  data: [[1, 2, 5], [2, 1, 6], [3, 4, 11], [4, 3, 12]]
  alpha: 0.1
  iterations: 20
decimals: 3
steps:
  - id: predict
    kind: number
    ask: prediction
    iteration: 20
    x: [2.5, 3]
    prompt: Predict y for a point with x1 = 2.5 and x2 = 3.
    mistakes:
      - id: forgot-bias
        explain: The hypothesis starts with θ₀; your sum left it out.
        value: theta1*x1 + theta2*x2
  - id: predict-scaled
    kind: number
    ask: prediction
    normalize: true
    iterations: 200
    iteration: 200
    x: [2.5, 3]
    prompt: The same, once the features are scaled.
    mistakes:
      - id: raw-into-h
        explain: θ was fitted to scaled features, so the input must be scaled the same way first.
        value: theta0 + theta1*xraw1 + theta2*xraw2
tests:
  - {step: predict, answer: "9.075", verdict: correct}
  - {step: predict, answer: "8.422", verdict: wrong, mistake: forgot-bias}
  - {step: predict-scaled, answer: "9.001", verdict: correct}
  - {step: predict-scaled, answer: "18.829", verdict: wrong, mistake: raw-into-h}
"""


def question_of(lesson, step_id):
    step = lesson.step(step_id)
    return handler_for(step).ask(lesson, step)


def descend(X, y, alpha, iterations, scale=False, ddof=1):
    """Plain numpy batch descent on the one-half MSE, from θ = 0: the independent reference."""
    X = np.asarray(X, dtype=float)
    mu, sigma = X.mean(axis=0), X.std(axis=0, ddof=ddof)
    Z = (X - mu) / sigma if scale else X
    A = np.column_stack([np.ones(len(y)), Z])
    theta = np.zeros(A.shape[1])
    for _ in range(iterations):
        theta = theta - alpha * A.T @ (A @ theta - y) / len(y)
    return theta, mu, sigma


def load(text=LESSON):
    lesson, problems = parse_lesson(text, "two-features.yaml")
    assert [str(p) for p in problems] == []
    return lesson


def test_a_prediction_from_two_features_is_numpys_value():
    lesson = load()
    data = np.array(DATA, dtype=float)
    theta, _, _ = descend(data[:, :2], data[:, 2], 0.1, 20)
    expected = theta[0] + np.array([2.5, 3]) @ theta[1:]
    question = question_of(lesson, "predict")
    assert question.expected == pytest.approx(expected, rel=1e-13)
    assert question.answer() == f"{expected:.3f}"
    assert question.solution().startswith("h = ")


def test_a_scaled_prediction_scales_the_input_like_the_training_data():
    lesson = load()
    data = np.array(DATA, dtype=float)
    theta, mu, sigma = descend(data[:, :2], data[:, 2], 0.1, 200, scale=True)
    expected = theta[0] + ((np.array([2.5, 3]) - mu) / sigma) @ theta[1:]
    question = question_of(lesson, "predict-scaled")
    assert question.expected == pytest.approx(expected, rel=1e-13)
    assert "scaled like the training data: x₁ = (2.5 − 2.5) / 1.29099 = 0" in question.solution()
    verdict = question.check(f"{theta[0] + np.array([2.5, 3]) @ theta[1:]:.3f}")
    assert verdict.mistake == "raw-into-h"


def test_the_lessons_own_tests_pass_and_no_mistake_is_accepted():
    assert [str(problem) for problem in check_lesson(load())] == []


def test_the_tutor_asks_for_the_prediction_with_every_input():
    tutor = Tutor(load(), seed=0)
    tutor.next()
    assert tutor.view().asking == "the prediction h(2.5, 3): a number, to 3 decimals"


@pytest.mark.parametrize(
    ("x", "message"),
    [
        ("2", "steps[0].x (step predict): 1 value, but the data has 2 features (x1, x2)"),
        ("[1, 2, 3]", "steps[0].x (step predict): 3 values, but the data has 2 features (x1, x2)"),
    ],
)
def test_a_wrong_number_of_inputs_is_one_clear_message(x, message):
    text = LESSON.replace("x: [2.5, 3]\n    prompt: Predict", f"x: {x}\n    prompt: Predict", 1)
    _, problems = parse_lesson(text, "two-features.yaml")
    assert [str(p) for p in problems] == [
        f"two-features.yaml:13:8: {message}: give one raw value per feature, as x: [x1, x2]"
    ]


def test_inputs_may_be_drawn_per_learner():
    text = LESSON.replace("x: [2.5, 3]\n    prompt: Predict", "x: [{random: [1, 4]}, 3]\n    prompt: Predict")
    lesson = load(text)
    variants = [lesson.instantiate(seed) for seed in range(3)]
    values = {question_of(variant, "predict").expected for variant in variants}
    assert len(values) == 3


def test_a_mistake_on_a_two_feature_problem_may_name_x2():
    # Before, every lesson formula was parsed as if there were one feature: "write x (or x1), not x2".
    lesson = load()
    assert lesson.step("predict").mistakes[0].value == "theta1*x1 + theta2*x2"


BOTH_AT_ONCE = """\
id: vec
title: Both parameters
problem:
  data: [[1, 2], [2, 4.5], [3, 5.5]]
  alpha: 0.1
decimals: 3
steps:
  - id: both-at-once
    kind: number
    ask: theta
    prompt: Give θ₀ and θ₁ after the first update.
    mistakes:
      - id: updated-theta0-only
        explain: Both parameters move on every update, each by its own partial derivative.
        value: [theta0 - alpha*sum(h - y)/m, theta1]
tests:
  - {step: both-at-once, answer: "0.4, 0", verdict: wrong, mistake: updated-theta0-only}
"""


def test_a_custom_mistake_on_an_answer_that_gives_every_parameter():
    # Before, such a mistake was refused: "a mistake's value is one number ...; add param".
    lesson = load(BOTH_AT_ONCE)
    assert [str(problem) for problem in check_lesson(lesson)] == []
    verdict = question_of(lesson, "both-at-once").check("0.4, 0")
    assert (verdict.status, verdict.mistake) == ("wrong", "updated-theta0-only")
    assert verdict.explanation.startswith("Both parameters move")
    assert question_of(lesson, "both-at-once").check("1, 1").mistake is None
