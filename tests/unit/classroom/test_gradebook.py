"""The gradebook: the teacher's scheme read strictly, scores as the docs define them, columns as learning
platforms import them."""

from __future__ import annotations

import csv
import io

import pytest

from gdtutor.classroom.course import Outline, course_headers, lesson_outline, outlines
from gdtutor.classroom.gradebook import Scheme, gradebook_rows, load_scheme, score
from gdtutor.classroom.report import build_report, read_class
from gdtutor.errors import GdtutorError

LESSON_ID = "descent-on-theta-squared"


def test_the_default_scheme_weighs_steps_done_and_first_tries():
    size = Outline(tuple(f"s{n}" for n in range(10)), 8)
    assert score(10, 8, size, Scheme()) == 100.0
    assert score(5, 2, size, Scheme()) == round(100 * (0.7 * 0.5 + 0.3 * 0.25), 1)
    assert score(0, 0, size, Scheme()) == 0.0
    assert score(3, 3, None, Scheme()) == 0.0


def test_a_scheme_file_sets_scale_weights_lessons_and_sizes(tmp_path):
    path = tmp_path / "scheme.yaml"
    path.write_text(
        "scale: 20\ndecimals: 0\nweights: {steps_done: 1, first_try: 1}\nlessons: [a, b]\n"
        "steps:\n  b: {steps: 4, questions: 2}\n",
        encoding="utf-8",
    )
    scheme = load_scheme(path)
    assert scheme.scale == 20 and scheme.decimals == 0 and scheme.lessons == ("a", "b")
    assert score(2, 1, scheme.sizes["b"], scheme) == 10.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("scale: -1\n", "1:8: scale must be a positive number"),
        ("weights: {steps: 1}\n", '1:11: unknown weight "steps"'),
        ("grade: 3\n", '1:1: unknown key "grade"'),
        ("weights: {steps_done: 0, first_try: 0}\n", "the weights must add up to more than 0"),
        ("lessons: a\n", "lessons must be a list of lesson ids"),
        ("scale: !!python/object:os.system echo\n", "1:8:"),
        ("a: &x [1]\nb: *x\n", "1:4: anchors are not allowed"),
    ],
)
def test_a_wrong_scheme_is_one_line_with_its_place(tmp_path, text, message):
    path = tmp_path / "scheme.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GdtutorError) as raised:
        load_scheme(path)
    assert str(raised.value).startswith(str(path))
    assert message in str(raised.value)


def test_the_shipped_lesson_outline_lists_its_steps_in_order():
    headers = course_headers()
    outline = outlines(headers, [LESSON_ID])[LESSON_ID]
    assert outline.steps[:3] == ("the-bowl", "derivative", "first-gradient")
    assert outline.questions == len(outline.steps) - 1  # one read step
    assert lesson_outline(headers[0].path.with_name("no-such-lesson.yaml")) is None


def test_gradebook_rows_have_a_name_column_and_one_column_per_lesson(made_class):
    folder, _ = made_class
    records, _ = read_class(folder)
    report = build_report(records)
    sizes = outlines(course_headers(), [LESSON_ID])
    rows = gradebook_rows(report, Scheme(lessons=(LESSON_ID,)), sizes, {LESSON_ID: "Descent"})
    assert rows[0] == ["name", f"Descent ({LESSON_ID})"]
    scores = {row[0]: row[1] for row in rows[1:]}
    size = sizes[LESSON_ID]
    for row in report.lessons:
        if row.lesson_id == LESSON_ID:
            expected = 100 * (
                0.7 * row.steps_done / len(size.steps) + 0.3 * row.first_try_correct / size.questions
            )
            assert scores[row.learner] == round(expected, 1)
    assert scores["xeno"] == 0.0  # never opened the lesson


def test_the_gradebook_command_reads_the_scheme(made_class, tmp_path, gdtutor):
    folder, _ = made_class
    scheme = tmp_path / "scheme.yaml"
    scheme.write_text(f"lessons: [{LESSON_ID}]\nweights: {{steps_done: 1, first_try: 0}}\n", encoding="utf-8")
    result = gdtutor("class", "report", "--class", str(folder), "--gradebook", "--scheme", str(scheme))
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][0] == "name" and len(rows[0]) == 2
    assert {row[0] for row in rows[1:]} >= {"sam", "tia", "old-otto"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("weights: [1, 2]\n", encoding="utf-8")
    result = gdtutor("class", "report", "--class", str(folder), "--gradebook", "--scheme", str(bad))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "bad.yaml:1:10: weights must be a mapping" in result.stderr
