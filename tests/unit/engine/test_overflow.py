"""A learner's own θ carried forward can be so large that the next value overflows: the tutor says so plainly
and never grades an answer against a value that is not a number."""

import math

from gdtutor.engine import Feedback, SolutionShown, Tutor
from gdtutor.lessons.loading import parse_lesson

LESSON = """\
id: overflow
title: Overflow
problem:
  objective: theta^2
  start: {theta: 3}
decimals: 3
steps:
  - id: table
    kind: iterate
    rows: [0, 2]
    columns: [theta, step]
    cell_attempts: 1
    prompt: Fill it in.
  - id: theta-only
    kind: iterate
    rows: [0, 1]
    columns: [theta]
    cell_attempts: 1
    prompt: θ after one update?
  - id: next-step
    kind: number
    ask: step
    iteration: 1
    prompt: The step at iteration 1?
"""


def feedback(events):
    return next(event for event in events if isinstance(event, Feedback))


def lesson():
    parsed, problems = parse_lesson(LESSON, "overflow.yaml")
    assert problems == []
    return parsed


def tutor_on_a_huge_theta():
    tutor = Tutor.for_steps(lesson(), ["table"], seed=0)
    assert feedback(tutor.submit("0.6")).verdict.correct
    kept = feedback(tutor.submit("1e308"))  # θ after one update, kept as typed
    assert kept.verdict.status == "wrong"
    return tutor


def test_an_answer_worked_from_an_overflowing_theta_is_not_graded_but_explained():
    tutor = tutor_on_a_huge_theta()
    assert not math.isfinite(2 * 1e308)  # the gradient 2θ there is not a number
    attempts = tutor.view().attempts
    for answer in ("2e307", "0.48", "inf"):
        said = feedback(tutor.submit(answer))
        verdict = said.verdict
        assert verdict.status == "invalid"
        assert said.note == ""  # not "Graded from your θ = …": nothing was graded
        assert verdict.message.startswith("Your θ from earlier has grown so large that this step overflows")
        assert "solution" in verdict.message
    assert tutor.view().attempts == attempts


def test_the_solution_goes_on_from_the_solvers_theta():
    tutor = tutor_on_a_huge_theta()
    shown = next(event for event in tutor.solution() if isinstance(event, SolutionShown))
    assert shown.text == "Row 1, step α·∇J: α·dJ/dθ = 0.1 · 2·2.4 = 0.48"
    assert tutor.view().table.rows[1][2].text == "0.48"
    shown = next(event for event in tutor.solution() if isinstance(event, SolutionShown))
    assert shown.text == "Row 2, θ: θ := 2.4 − 0.1 · 2·2.4 = 1.92"
    assert feedback(tutor.submit("0.384")).verdict.correct  # the table is back on the solver's path


def test_a_number_step_carried_from_an_overflowing_theta_says_so_too():
    tutor = Tutor.for_steps(lesson(), ["theta-only", "next-step"], seed=0)
    assert feedback(tutor.submit("1e308")).complete  # θ after one update, kept as typed
    tutor.next()
    assert tutor.view().step_id == "next-step"
    verdict = feedback(tutor.submit("0.48")).verdict
    assert verdict.status == "invalid" and "overflows" in verdict.message
    shown = next(event for event in tutor.solution() if isinstance(event, SolutionShown))
    assert shown.text.endswith("= 0.48")
