"""Questions on feature scaling itself (a feature's mean, its deviation, a scaled value), the ddof a lesson
chooses, the names a mistake formula has for the z-score and the raw feature, θ* from the normal equation,
and a mistake on an answer that gives every parameter. Every value is checked against plain numpy."""

import numpy as np
import pytest

from gdtutor.engine import Tutor
from gdtutor.engine.selftest import check_lesson
from gdtutor.engine.steps import handler_for
from gdtutor.lessons.loading import parse_lesson

ROWS = [[2104, 3, 400], [1600, 3, 330], [2400, 3, 369], [1416, 2, 232], [3000, 4, 540], [1985, 4, 300]]
X = np.array(ROWS, dtype=float)[:, :2]
Y = np.array(ROWS, dtype=float)[:, 2]

LESSON = f"""\
id: scaling
title: Feature scaling
problem:
  data: {ROWS}
  normalize: true
  alpha: 0.3
  iterations: 50
decimals: 3
steps:
  - id: mean-size
    kind: number
    ask: mean
    feature: x1
    prompt: What is the mean size?
  - id: deviation-size
    kind: number
    ask: deviation
    feature: x1
    prompt: What is the standard deviation of the sizes?
    mistakes:
      - id: used-variance
        explain: That is the variance, the square of the deviation; take its square root.
        value: sum((xraw1 - mu1)^2) / (m - 1)
  - id: scaled-size
    kind: number
    ask: normalized
    feature: x1
    x: 2400
    prompt: What is a 2400 square-foot house's scaled size?
    mistakes:
      - id: divided-by-mean
        explain: A z-score divides by the deviation, not by the mean.
        value: (xraw1 - mu1) / mu1
      - id: z-twice
        explain: The input was already scaled once.
        value: (x1 - mu1) / sigma1
  - id: best
    kind: number
    ask: minimizer
    prompt: Where is J smallest? Give θ₀, θ₁ and θ₂.
    mistakes:
      - id: stopped-early
        explain: That is where descent stands after 50 iterations, not yet the minimum.
        value: [theta0, theta1, theta2]
  - id: best-bias
    kind: number
    ask: minimizer
    param: theta0
    prompt: What is θ₀ at the minimum?
    mistakes:
      - id: mean-of-y-not
        explain: Half the mean price is not it.
        value: sum(y) / (2*m)
tests:
  - {{step: deviation-size, answer: "{X[:, 0].std(ddof=0):.3f}", verdict: wrong, mistake: other-divisor}}
  - {{step: scaled-size, answer: "{2400 / X[:, 0].std(ddof=1):.3f}", verdict: wrong,
     mistake: mean-not-subtracted}}
"""


def load(text=LESSON):
    lesson, problems = parse_lesson(text, "scaling.yaml")
    assert [str(p) for p in problems] == []
    return lesson


def answer_of(lesson, step_id):
    step = lesson.step(step_id)
    return handler_for(step).ask(lesson, step)


def test_a_features_mean_and_deviation_are_numpys_with_n_minus_1_by_default():
    lesson = load()
    assert answer_of(lesson, "mean-size").expected == X[:, 0].mean()
    deviation = answer_of(lesson, "deviation-size")
    assert deviation.expected == pytest.approx(X[:, 0].std(ddof=1), rel=1e-15)
    assert "/ (m − 1)" in deviation.solution()


def test_ddof_0_divides_by_m_and_the_other_divisor_is_the_diagnosed_mistake():
    lesson = load(LESSON.replace("  normalize: true\n", "  normalize: true\n  ddof: 0\n").split("tests:")[0])
    deviation = answer_of(lesson, "deviation-size")
    assert deviation.expected == pytest.approx(X[:, 0].std(ddof=0), rel=1e-15)
    verdict = deviation.check(f"{X[:, 0].std(ddof=1):.3f}")
    assert verdict.mistake == "other-divisor"
    assert "by m, not by m − 1" in verdict.explanation


def test_ddof_also_scales_the_features_descent_uses():
    lesson = load(LESSON.replace("  normalize: true\n", "  normalize: true\n  ddof: 0\n").split("tests:")[0])
    mu, sigma = X.mean(axis=0), X.std(axis=0, ddof=0)
    A = np.column_stack([np.ones(len(Y)), (X - mu) / sigma])
    assert answer_of(lesson, "best").expected == pytest.approx(np.linalg.solve(A.T @ A, A.T @ Y), rel=1e-12)


def test_a_scaled_value_is_the_z_score_normalize_uses():
    lesson = load()
    question = answer_of(lesson, "scaled-size")
    expected = (2400 - X[:, 0].mean()) / X[:, 0].std(ddof=1)
    assert question.expected == pytest.approx(expected, rel=1e-15)
    assert question.answer() == f"{expected:.3f}"


def test_mistake_formulas_name_the_raw_feature_and_the_z_score_apart():
    # xraw1 is the raw input (2400), x1 its z-score: "z-twice" scales the z-score again.
    lesson = load()
    question = answer_of(lesson, "scaled-size")
    mu, sigma = X[:, 0].mean(), X[:, 0].std(ddof=1)
    z = (2400 - mu) / sigma
    mistakes = dict(question.mistaken_answers())
    assert mistakes["divided-by-mean"] == f"{(2400 - mu) / mu:.3f}"
    assert mistakes["z-twice"] == f"{(z - mu) / sigma:.3f}"
    assert question.check(f"{(2400 - mu) / mu:.3f}").mistake == "divided-by-mean"
    deviation = answer_of(lesson, "deviation-size")
    assert deviation.check(f"{X[:, 0].var(ddof=1):.3f}").mistake == "used-variance"


def test_the_normal_equation_gives_theta_star_in_the_scaled_features():
    lesson = load()
    mu, sigma = X.mean(axis=0), X.std(axis=0, ddof=1)
    A = np.column_stack([np.ones(len(Y)), (X - mu) / sigma])
    theta = np.linalg.solve(A.T @ A, A.T @ Y)
    best = answer_of(lesson, "best")
    assert best.expected == pytest.approx(tuple(theta), rel=1e-12)
    assert best.answer() == ", ".join(f"{v:.3f}" for v in theta)
    assert best.solution().startswith("The normal equation θ* = (XᵀX)⁻¹Xᵀy gives θ₀ = ")
    assert "Gradient descent after 50 iterations (α = 0.3) stands at" in best.solution()
    assert answer_of(lesson, "best-bias").expected == pytest.approx(theta[0], rel=1e-12)


def test_a_mistake_on_an_answer_that_gives_every_parameter_is_diagnosed():
    lesson = load()
    mu, sigma = X.mean(axis=0), X.std(axis=0, ddof=1)
    A = np.column_stack([np.ones(len(Y)), (X - mu) / sigma])
    theta = np.zeros(3)
    for _ in range(50):
        theta = theta - 0.3 * A.T @ (A @ theta - Y) / len(Y)
    verdict = answer_of(lesson, "best").check(", ".join(f"{v:.3f}" for v in theta))
    assert verdict.status == "wrong"
    assert verdict.mistake == "stopped-early"


def test_the_lesson_validates_with_its_own_tests():
    assert [str(problem) for problem in check_lesson(load())] == []


def test_the_tutor_says_what_to_type_for_each_new_question():
    tutor = Tutor(load(), seed=0)
    asked = []
    while not tutor.finished:
        asked.append(tutor.view().asking)
        tutor.skip()
    assert asked == [
        "the mean of x₁: a number, to 3 decimals",
        "the standard deviation of x₁: a number, to 3 decimals",
        "x₁ = 2400 scaled: a number, to 3 decimals",
        "θ* (the minimum) as 3 numbers: θ₀, θ₁ and θ₂, separated by commas, each to 3 decimals",
        "θ₀ at the minimum: a number, to 3 decimals",
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("    feature: x1\n    prompt: What is the mean", "    prompt: What is the mean"),
            '11:5: steps[0] (step mean-size): ask: mean needs "feature", one of x1, x2',
        ),
        (
            ("feature: x1\n    prompt: What is the mean", "feature: x3\n    prompt: What is the mean"),
            "14:14: steps[0].feature (step mean-size): x3 is not a feature of this data (x1 … x2)",
        ),
        (
            ("    x: 2400\n", ""),
            '25:5: steps[2] (step scaled-size): ask: normalized needs "x", the raw value to scale',
        ),
        (
            (
                "    ask: minimizer\n    prompt: Where",
                "    ask: minimizer\n    iteration: 3\n    prompt: Where",
            ),
            "41:16: steps[3].iteration (step best): does not apply to ask: minimizer: no descent runs",
        ),
        (
            ("value: [theta0, theta1, theta2]", "value: theta0"),
            "45:16: steps[3].mistakes[0].value (step best): this step asks for all of theta0, theta1,"
            " theta2, so the"
            " mistake's value is a list of 3 formulas, one per parameter in that order (or add param to ask"
            " for one)",
        ),
        (("  ddof: 0\n", "  ddof: 2\n"), "6:9: problem.ddof must be a whole number from 0 to 1, got 2"),
    ],
)
def test_a_scaling_or_minimizer_step_written_wrong_gets_one_clear_message(change, message):
    text = LESSON.replace("  normalize: true\n", "  normalize: true\n  ddof: 0\n").split("tests:")[0]
    assert change[0] in text
    _, problems = parse_lesson(text.replace(*change, 1), "scaling.yaml")
    assert [str(p) for p in problems] == [f"scaling.yaml:{message}"]


def test_scaling_questions_need_a_data_problem():
    text = """\
id: bowl
title: Bowl
problem: {objective: theta^2, start: {theta: 3}}
steps:
  - {id: mean, kind: number, ask: mean, prompt: Mean?}
"""
    _, problems = parse_lesson(text, "bowl.yaml")
    assert [str(p) for p in problems] == [
        "bowl.yaml:5:35: steps[0].ask (step mean): mean needs a data problem"
    ]


def test_a_feature_with_no_spread_cannot_be_scaled_and_validate_says_so():
    text = """\
id: flat
title: Flat
problem:
  data: [[1, 2, 5], [2, 2, 6], [3, 2, 11]]
steps:
  - {id: z, kind: number, ask: normalized, feature: x2, x: 3, prompt: Scale.}
"""
    lesson, problems = parse_lesson(text, "flat.yaml")
    assert problems == []
    assert [str(p) for p in check_lesson(lesson)] == [
        "flat.yaml:6:5: steps[0] (step z): feature x2 has no spread to scale by (the same value in every"
        " row, or too few rows)"
    ]


def test_show_value_covers_the_questions_worked_out_without_descent():
    # feedback: {show_value: true} is the lesson-level setting that lets a diagnosis show the right value.
    plain = load()
    shown = load(LESSON.replace("decimals: 3\n", "decimals: 3\nfeedback: {show_value: true}\n", 1))
    wrong = f"{X[:, 0].std(ddof=0):.3f}"
    hidden = answer_of(plain, "deviation-size").check(wrong)
    told = answer_of(shown, "deviation-size").check(wrong)
    assert hidden.mistake == told.mistake == "other-divisor"
    assert f"{X[:, 0].std(ddof=1):.6g}" not in hidden.explanation
    assert told.explanation.endswith(answer_of(shown, "deviation-size").solution())
    assert f"{X[:, 0].std(ddof=1):.6g}" in told.explanation
