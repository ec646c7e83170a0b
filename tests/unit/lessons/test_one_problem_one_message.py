"""One slip, one message: an error in the problem is reported once, not again by every check that needs the
problem; messages name the step by its id as well as its place; a missing data file says where it was looked
for; a test naming a step that does not exist suggests the one meant."""

from __future__ import annotations

from pathlib import Path

from gdtutor.lessons.loading import parse_lesson, read_lesson

# Every check that needs the problem's parameters: a formula step's param, names in mistakes, a table.
LESSON = """\
id: cascade
title: Cascade
problem:
  objective: {objective}
  start: {{theta: 3}}
steps:
  - id: derivative
    kind: formula
    ask: derivative
    prompt: Derive.
    mistakes:
      - {{id: forgot-power, explain: The power stays., formula: theta}}
  - id: next-theta
    kind: number
    ask: theta
    prompt: Next.
    mistakes:
      - {{id: took-alpha, explain: Not alpha itself., value: theta - alpha}}
  - id: table
    kind: iterate
    rows: [0, 2]
    prompt: Table.
tests:
  - {{step: next-theta, answer: "2.4", verdict: correct}}
"""

DATA_LESSON = """\
id: from-a-file
title: From a file
problem:
  data_file: food-truck.csv
steps:
  - id: predict
    kind: number
    ask: prediction
    x: 2
    prompt: Predict.
    mistakes:
      - {id: no-intercept, explain: The intercept counts., value: h - theta0}
  - id: slope
    kind: formula
    ask: derivative
    param: theta1
    prompt: Derive.
"""


def messages(text: str, base_dir: Path | None = None) -> list[str]:
    return [str(problem) for problem in parse_lesson(text, "lesson.yaml", base_dir=base_dir)[1]]


def test_a_typo_in_the_objective_is_one_error():
    lesson, problems = parse_lesson(LESSON.format(objective="theta^2"), "lesson.yaml")
    assert lesson is not None and problems == []
    assert messages(LESSON.format(objective="thta^2")) == [
        "lesson.yaml:4:14: problem.objective does not parse: unknown name 'thta': did you mean 'theta'?"
    ]


def test_a_missing_data_file_is_one_error_that_says_where_it_looked(tmp_path: Path):
    lesson_file = tmp_path / "trucks" / "lesson.yaml"
    lesson_file.parent.mkdir()
    lesson_file.write_text(DATA_LESSON, encoding="utf-8")
    _, problems = read_lesson(lesson_file)
    assert [problem.message for problem in problems] == [
        f'problem.data_file: no file "food-truck.csv" in {lesson_file.parent}'
        " (a data_file is read from the lesson's own folder)"
    ]
    # With the file there, the same lesson loads.
    (lesson_file.parent / "food-truck.csv").write_text("1,2\n2,3.5\n3,5\n", encoding="utf-8")
    lesson, problems = read_lesson(lesson_file)
    assert lesson is not None and problems == []


def test_a_test_of_a_step_that_does_not_exist_suggests_the_one_meant():
    text = LESSON.format(objective="theta^2").replace("{step: next-theta,", "{step: next-thta,")
    assert messages(text) == [
        'lesson.yaml:24:12: tests[0].step: no step has the id "next-thta" (did you mean "next-theta"?)'
    ]


def test_messages_about_a_step_name_its_id_after_its_place():
    text = LESSON.format(objective="theta^2").replace("rows: [0, 2]", "rows: [2, 0]")
    assert messages(text) == [
        "lesson.yaml:21:11: steps[2].rows (step table) must be [first, last] with first <= last, got [2, 0]"
    ]
    # Also when the shape is wrong, and the step has no id yet to name.
    broken = LESSON.format(objective="theta^2").replace("kind: iterate", "kind: iterated")
    assert "steps[2].kind (step table) must be one of" in messages(broken)[0]
    nameless = LESSON.format(objective="theta^2").replace(
        "  - id: table\n    kind: iterate", "  - kind: iterate"
    )
    assert messages(nameless)[0].startswith('lesson.yaml:19:5: steps[2]: missing required key "id"')
