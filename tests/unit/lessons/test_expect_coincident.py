"""A step may say that a mistake giving the right answer is expected, which silences validate's warning."""

from gdtutor.engine.selftest import check_lesson
from gdtutor.lessons.loading import parse_lesson

UNCOUPLED = """\
id: uncoupled
title: Uncoupled bowl
problem:
  objective: theta1^2 + theta2^2
  start: {theta1: 3, theta2: 4}
steps:
  - id: first-step
    kind: number
    ask: theta
    prompt: Both θ after one update?
"""


def problems_of(text):
    lesson, problems = parse_lesson(text, "uncoupled.yaml")
    if lesson is None:
        return [str(problem) for problem in problems]
    return [str(problem) for problem in problems + check_lesson(lesson)]


def with_expectation(ids):
    return UNCOUPLED + f"    expect_coincident: [{', '.join(ids)}]\n"


def test_a_coincidence_nobody_expected_is_a_warning():
    assert problems_of(UNCOUPLED) == [
        'uncoupled.yaml:7:5: warning: steps[0] (step first-step): mistake "sequential-update" gives'
        " the right answer here"
        " (cannot diagnose it; list it in expect_coincident if that is meant)"
    ]


def test_an_expected_coincidence_is_not_reported():
    assert problems_of(with_expectation(["sequential-update"])) == []


def test_an_expectation_that_does_not_hold_is_a_warning():
    assert problems_of(with_expectation(["sequential-update", "uphill"])) == [
        "uncoupled.yaml:11:44: warning: steps[0].expect_coincident[1] (step first-step): mistake"
        ' "uphill" does not give the'
        " right answer here (it is diagnosed)"
    ]


def test_an_unknown_mistake_id_is_an_error():
    assert problems_of(with_expectation(["sequential-updates"])) == [
        "uncoupled.yaml:11:25: steps[0].expect_coincident[0] (step first-step): unknown mistake id"
        ' "sequential-updates"'
        " (neither in the library nor the step)"
    ]


CONVERGED = """\
id: converged
title: Far into the run
problem:
  objective: theta^2
  start: {theta: 3}
  alpha: 0.1
  iterations: 60
decimals: 3
steps:
  - id: early
    kind: number
    ask: theta
    iteration: 2
    prompt: Where is θ after two updates?
  - id: late
    kind: number
    ask: theta
    iteration: 60
    prompt: Where is θ after sixty updates?
"""


def test_mistakes_that_coincide_because_the_run_has_converged_are_not_warned_about():
    """At iteration 60 the gradient is about a millionth of the start's: θ before and after the update, and
    the update added instead of taken away, all round to 0.000, whatever numbers the lesson picks."""
    from gdtutor.engine.steps import handler_for
    from gdtutor.lessons.questions import settled_coincidences

    lesson, problems = parse_lesson(CONVERGED, "converged.yaml")
    assert lesson is not None and problems == []
    late = handler_for(lesson.step("late")).ask(lesson, lesson.step("late"))
    assert {"off-by-one", "uphill"} <= set(late.coinciding_mistakes())
    assert settled_coincidences(late) == late.coinciding_mistakes()
    early = handler_for(lesson.step("early")).ask(lesson, lesson.step("early"))
    assert early.coinciding_mistakes() == [] and settled_coincidences(early) == []
    assert check_lesson(lesson) == []
