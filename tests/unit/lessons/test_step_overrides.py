"""A step that changes the problem: what it keeps of the lesson's, and what the validator says about it."""

from gdtutor.lessons.loading import parse_lesson

REGRESSION = """\
id: overrides
title: Overrides
problem:
  data: [[1, 2], [2, 4]]
  start: [1, 2]
steps:
  - id: same-shape
    kind: number
    ask: theta
    data: [[1, 3], [2, 5], [3, 8]]
    prompt: θ after one update on the new data?
  - id: own-start
    kind: number
    ask: theta
    data: [[1, 3], [2, 5]]
    start: [0, 0]
    prompt: θ after one update from 0?
"""

OBJECTIVE = """\
id: overrides
title: Overrides
problem:
  objective: theta^2
  start: {theta: 3}
steps:
  - id: shifted
    kind: number
    ask: theta
    objective: (theta - 1)^2
    prompt: θ after one update on the shifted bowl?
  - id: regression
    kind: number
    ask: theta
    data: [[1, 2], [2, 4]]
    prompt: θ after one update on the data?
"""


def test_new_data_with_the_same_parameters_keeps_the_lessons_start():
    lesson, problems = parse_lesson(REGRESSION, "overrides.yaml")
    assert problems == []
    assert dict(lesson.problem_for(lesson.step("same-shape")).start) == {"theta0": 1, "theta1": 2}
    assert dict(lesson.problem_for(lesson.step("own-start")).start) == {"theta0": 0, "theta1": 0}


def test_a_new_objective_in_the_same_parameter_keeps_the_lessons_start():
    lesson, problems = parse_lesson(OBJECTIVE, "overrides.yaml")
    assert dict(lesson.problem_for(lesson.step("shifted")).start) == {"theta": 3}
    assert [str(problem) for problem in problems] == [
        "overrides.yaml:15:11: warning: steps[1].data (step regression): the lesson's start (theta)"
        " does not fit this data"
        " set's parameters (theta0, theta1), so descent starts at 0; give start: to say where"
    ]
    assert dict(lesson.problem_for(lesson.step("regression")).start) == {"theta0": 0, "theta1": 0}


def test_a_new_objective_in_other_parameters_still_needs_its_start():
    text = OBJECTIVE.replace("objective: (theta - 1)^2", "objective: theta1^2 + theta2^2")
    lesson, problems = parse_lesson(text, "overrides.yaml")
    assert lesson is None
    assert any('missing required key "start"' in str(problem) for problem in problems)
