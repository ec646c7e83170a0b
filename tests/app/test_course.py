"""The course behind the picker: lesson headers read without a YAML parser agree with YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gdtutor.cli import main
from gdtutor.errors import GdtutorError
from gdtutor.tui.course import read_header

HEADERS = [
    "id: plain\ntitle: A plain title with $\\theta$\nsummary: One line.\nproblem: {}\n",
    "# a comment first\nid: quoted\ntitle: \"Double: quoted\"\nsummary: 'It''s single-quoted'\nsteps: []\n",
    "id: literal\ntitle: Literal block\nsummary: |\n  First line,\n  second line.\n\n  New paragraph.\n"
    "problem: {}\n",
    "id: folded\ntitle: Folded block\nsummary: >\n  Folded\n  into one.\n\n  Second.\nsteps: []\n",
    'id: escaped\ntitle: "Tab\\there"\nsummary: [not, plain]\nsteps: []\n',
    "title: Title first\nid: order\nproblem: {}\n",
]


@pytest.mark.parametrize("text", HEADERS)
def test_headers_read_as_yaml_reads_them(tmp_path: Path, text: str):
    path = tmp_path / "lesson.yaml"
    path.write_text(text, encoding="utf-8")
    expected = yaml.safe_load(text)
    header = read_header(path)
    assert header is not None
    assert header.id == expected["id"]
    assert header.title == expected["title"]
    summary = expected.get("summary")
    assert header.summary.rstrip("\n") == (summary.rstrip("\n") if isinstance(summary, str) else "")


def test_a_head_without_id_and_title_is_left_to_the_full_check(tmp_path: Path):
    path = tmp_path / "lesson.yaml"
    path.write_text("problem: {}\nid: late\ntitle: Too late\n", encoding="utf-8")
    assert read_header(path) is None
    path.write_bytes(b"id: \xff\xfe\n")
    assert read_header(path) is None


def test_a_lesson_is_named_by_id_or_a_unique_beginning(make_course):
    course = make_course()
    assert course.resolve("fixture-descent") == "fixture-descent"
    assert course.resolve("fixture-desc") == "fixture-descent"
    with pytest.raises(GdtutorError, match="fixture-brackets"):
        course.resolve("no-such-lesson")


def test_the_command_line_names_an_unknown_lesson_in_one_line(capsys):
    code = main(["no-such-lesson", "--lessons", str(Path(__file__).parent / "lessons")])
    assert code == 2
    error = capsys.readouterr().err
    assert error.startswith("gdtutor: no lesson") and error.count("\n") == 1


def test_a_missing_lessons_folder_is_a_one_line_error(capsys, tmp_path: Path):
    assert main(["--lessons", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err == f"gdtutor: --lessons {tmp_path / 'nowhere'}: no such folder\n"


def test_a_lesson_id_used_twice_is_a_problem_and_the_first_one_stays(make_course, tmp_path: Path):
    copy = tmp_path / "again.yaml"
    copy.write_text((Path(__file__).parent / "lessons" / "descent.yaml").read_text(), encoding="utf-8")
    course = make_course(Path(__file__).parent / "lessons", tmp_path)
    course.check()
    assert any("'fixture-descent' is used twice" in problem for problem in course.known_problems())
    assert [entry.id for entry in course.entries()].count("fixture-descent") == 1
