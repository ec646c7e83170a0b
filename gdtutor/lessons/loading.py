"""Lesson files -> ``Lesson``: read a file within its limits, parse the YAML strictly, check its shape
(``schema``) and its meaning (``validate``). Every fault found is a ``Diagnostic``
(``file:line:col: message``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from gdtutor.errors import GdtutorError
from gdtutor.files import FileRefused, display_path
from gdtutor.lessons.checked import read_lesson_bytes
from gdtutor.lessons.checks import Invalid, Report
from gdtutor.lessons.folders import folder_lessons
from gdtutor.lessons.model import Diagnostic, Lesson
from gdtutor.lessons.schema import LESSON
from gdtutor.lessons.step_names import with_step_ids, written_step_ids
from gdtutor.lessons.validate import check_meaning
from gdtutor.lessons.yaml_loader import LoadError, parse_yaml


class LessonError(GdtutorError):
    """A lesson file with problems; ``message`` is the first, ``problems`` all of them."""

    def __init__(self, problems: list[Diagnostic]) -> None:
        super().__init__(str(problems[0]) if problems else "invalid lesson")
        self.problems = problems


def read_lesson(path: str | Path) -> tuple[Lesson | None, list[Diagnostic]]:
    """Load and check one file's shape and meaning; the lesson is None when there are errors."""
    path = Path(path)
    name = display_path(path)
    try:
        raw = read_lesson_bytes(path)
    except FileRefused as error:
        return None, [Diagnostic(name, 1, 1, f"not read: {error}")]
    return lesson_from_bytes(raw, name, path.parent)


def lesson_from_bytes(raw: bytes, name: str, base_dir: Path) -> tuple[Lesson | None, list[Diagnostic]]:
    """``read_lesson`` of a file whose bytes are ``raw``, shown as ``name``, in the folder ``base_dir``."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [Diagnostic(name, line, column, "the file is not UTF-8 text")]
    return parse_lesson(text, name, base_dir=base_dir)


def parse_lesson(
    text: str, file: str, base_dir: Path | None = None
) -> tuple[Lesson | None, list[Diagnostic]]:
    """Check lesson text; ``file`` names it in problems, ``base_dir`` resolves ``data_file``."""
    try:
        root = parse_yaml(text, file)
    except LoadError as error:
        return None, error.problems
    report = Report()
    ids = written_step_ids(root)
    try:
        values = LESSON.check(root, "", report)
    except Invalid:
        return None, with_step_ids(report.problems, ids)
    lesson = check_meaning(values, file, report, base_dir or Path.cwd())
    errors = [problem for problem in report.problems if problem.severity == "error"]
    return (None if errors else lesson), with_step_ids(report.problems, ids)


def load_lesson(path: str | Path) -> Lesson:
    """The lesson in ``path``; raises ``LessonError`` listing its problems when it has any."""
    lesson, problems = read_lesson(path)
    if lesson is None:
        raise LessonError([problem for problem in problems if problem.severity == "error"])
    return lesson


def lesson_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, and the lesson files inside folders (sorted); a missing path is a usage error."""
    found: list[Path] = []
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            found.extend(folder_lessons(path))
        elif path.exists():
            found.append(path)
        else:
            raise GdtutorError(f"no such file or folder: {entry}")
    return found
