"""A wrong θ, however large, is never carried forward from a table: the table shows the solver's value and
everything after it is worked from that, so no answer is graded against a value that is not a number."""

from gdtutor.engine import Feedback, Tutor
from gdtutor.engine.views import Cell
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


def test_a_huge_wrong_theta_is_never_carried_the_table_shows_the_solvers():
    tutor = Tutor.for_steps(lesson(), ["table"], seed=0)
    assert feedback(tutor.submit("0.6")).verdict.correct
    shown = feedback(tutor.submit("1e308"))  # θ after one update, wrong: the right value is filled in
    assert shown.verdict.status == "wrong" and "row 1, θ = 2.4" in shown.note
    assert tutor.view().table.rows[1][1] == Cell("2.4", "revealed")
    assert feedback(tutor.submit("0.48")).verdict.correct  # worked from the θ the table shows


def test_a_later_step_stands_on_the_value_the_table_shows():
    tutor = Tutor.for_steps(lesson(), ["theta-only", "next-step"], seed=0)
    assert feedback(tutor.submit("1e308")).complete
    tutor.next()
    assert tutor.view().step_id == "next-step"
    assert feedback(tutor.submit("0.48")).verdict.correct
