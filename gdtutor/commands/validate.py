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
from gdtutor.lessons.loading import display_path, lesson_files, read_lesson
from gdtutor.lessons.model import Problem
from gdtutor.plain.text import printable_for


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="lesson files or folders of them")
    parser.add_argument(
        "--lessons", metavar="DIR", action="append", default=[], help="also check the lessons in DIR"
    )


def validate_paths(paths: list[str | Path]) -> tuple[int, list[Problem]]:
    """(number of files, problems) for every lesson file under ``paths``."""
    files = lesson_files(paths)
    problems: list[Problem] = []
    first_seen: dict[str, Path] = {}
    for path in files:
        lesson, found = read_lesson(path)
        problems.extend(found)
        if lesson is None:
            continue
        if lesson.id in first_seen:
            message = f'lesson id "{lesson.id}" is also defined in {display_path(first_seen[lesson.id])}'
            problems.append(Problem.at(lesson.where("id"), message))
        first_seen.setdefault(lesson.id, path)
        problems.extend(check_lesson(lesson))
    return len(files), problems


def run(args: argparse.Namespace) -> int:
    paths = [*args.paths, *args.lessons]
    if not paths:
        raise GdtutorError("validate needs at least one lesson file or folder (gdtutor validate PATH...)")
    count, problems = validate_paths(paths)
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
