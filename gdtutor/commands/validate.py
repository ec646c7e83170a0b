"""``gdtutor validate PATH...``: check lesson files, run their self-tests, and fuzz them with known mistakes.

One line per problem on stdout as ``file:line:col: message`` (warnings say ``warning:`` and do not fail);
exit 0 when clean, 1 when any file has problems, 2 for bad usage (a path that does not exist).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gdtutor.engine.selftest import check_lesson
from gdtutor.errors import GdtutorError
from gdtutor.lessons.catalog import folder_lessons
from gdtutor.lessons.headers import read_header
from gdtutor.lessons.loading import display_path, lesson_files, read_lesson
from gdtutor.lessons.model import Problem
from gdtutor.paths import builtin_lessons_dir
from gdtutor.plain.text import printable_for


def configure(parser: argparse.ArgumentParser) -> None:
    # One PATH or --lessons DIR is needed; argparse would show PATH as optional since --lessons can stand in.
    parser.usage = "%(prog)s [-h] [--lessons DIR] PATH [PATH ...]"
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="lesson files or folders of them (at least one)"
    )
    parser.add_argument(
        "--lessons", metavar="DIR", action="append", default=[], help="also check the lessons in DIR"
    )


def validate_paths(paths: list[str | Path]) -> tuple[int, list[Problem]]:
    """(number of files, problems) for every lesson file under ``paths``."""
    files = lesson_files(paths)
    problems: list[Problem] = []
    first_seen: dict[str, Path] = {}
    builtin = _builtin_ids()
    for path in files:
        lesson, found = read_lesson(path)
        if lesson is not None:
            if lesson.id in first_seen:
                message = f'lesson id "{lesson.id}" is also defined in {display_path(first_seen[lesson.id])}'
                found.append(Problem.at(lesson.where("id"), message))
            elif lesson.id in builtin and path.resolve().parent != builtin_lessons_dir().resolve():
                message = (
                    f'lesson id "{lesson.id}" is the id of a built-in lesson, which gdtutor lessons uses '
                    "instead of this one; choose another id"
                )
                found.append(Problem.at(lesson.where("id"), message))
            first_seen.setdefault(lesson.id, path)
            found.extend(check_lesson(lesson))
        problems.extend(sorted(found, key=lambda problem: (problem.line, problem.column)))
    return len(files), problems


def _builtin_ids() -> set[str]:
    """The ids of the shipped course's lessons, read from their headers (no full check)."""
    headers = (read_header(path) for path in folder_lessons(builtin_lessons_dir()))
    return {header.id for header in headers if header is not None}


def run(args: argparse.Namespace) -> int:
    paths = [*args.paths, *args.lessons]
    if not paths:
        raise GdtutorError("validate needs at least one lesson file or folder (gdtutor validate PATH...)")
    count, problems = validate_paths(paths)
    if count == 0:
        names = ", ".join(str(path) for path in paths)
        print(
            printable_for(sys.stderr, f"gdtutor: no lesson files (.yaml, .yml) found in {names}"),
            file=sys.stderr,
        )
        return 1
    for problem in problems:
        print(printable_for(sys.stdout, str(problem)))
    errors = sum(problem.severity == "error" for problem in problems)
    warnings = len(problems) - errors
    summary = f"{count} lesson file{'s' * (count != 1)} checked: "
    summary += f"{errors} problem{'s' * (errors != 1)}" + (
        f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""
    )
    print(summary, file=sys.stderr)
    return 1 if errors else 0
