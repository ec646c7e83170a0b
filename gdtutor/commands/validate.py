"""``gdtutor validate PATH...``: check lesson files, run their self-tests, and fuzz them with known mistakes.

One line per problem on stdout as ``file:line:col: message`` (warnings say ``warning:`` and do not fail);
exit 0 when clean, 1 when any file has problems, 2 for bad usage (a path that does not exist).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gdtutor.checking.symbols import show
from gdtutor.engine.selftest import FUZZ_SEEDS, check_lesson
from gdtutor.errors import GdtutorError
from gdtutor.files import display_path
from gdtutor.lessons.folders import folder_lessons
from gdtutor.lessons.headers import read_header
from gdtutor.lessons.loading import lesson_files, read_lesson
from gdtutor.lessons.model import Diagnostic, Lesson
from gdtutor.lessons.variants import draws, has_variants
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
    parser.add_argument(
        "--show-draws",
        action="store_true",
        help="also list, per seed, the numbers a lesson draws per learner ({random: ...}): seeds 0-7,"
        " which validate checks, and every seed a test names",
    )


def validate_paths(
    paths: list[str | Path], loaded: list[Lesson] | None = None
) -> tuple[int, list[Diagnostic]]:
    """(number of files, problems) for every lesson file under ``paths``; each lesson that loads is added
    to ``loaded`` when it is given."""
    files = lesson_files(paths)
    problems: list[Diagnostic] = []
    first_seen: dict[str, Path] = {}
    builtin = _builtin_ids()
    for path in files:
        lesson, found = read_lesson(path)
        if lesson is not None:
            if lesson.id in first_seen:
                message = f'lesson id "{lesson.id}" is also defined in {display_path(first_seen[lesson.id])}'
                found.append(Diagnostic.at(lesson.where("id"), message))
            elif lesson.id in builtin and path.resolve().parent != builtin_lessons_dir().resolve():
                message = (
                    f'lesson id "{lesson.id}" is the id of a built-in lesson, which gdtutor lessons uses '
                    "instead of this one; choose another id"
                )
                found.append(Diagnostic.at(lesson.where("id"), message))
            first_seen.setdefault(lesson.id, path)
            if loaded is not None:
                loaded.append(lesson)
            found.extend(check_lesson(lesson))
        problems.extend(sorted(found, key=lambda problem: (problem.line, problem.column)))
    return len(files), problems


def draw_lines(lesson: Lesson) -> list[str]:
    """One line per seed with every number the lesson draws for it, grouped by where the file writes it
    (``problem``, or a step by place and id); nothing for a lesson without random numbers."""
    if not has_variants(lesson):
        return []
    ids = [step.id for step in lesson.steps]
    seeds = sorted({*FUZZ_SEEDS, *(test.seed for test in lesson.tests)})
    lines = []
    for seed in seeds:
        groups: dict[str, list[str]] = {}
        for place, value in draws(lesson, seed):
            owner, _, rest = place.partition(".")
            groups.setdefault(owner, []).append(f"{rest} = {show(value, unicode=False)}")
        shown = "; ".join(f"{_owner(owner, ids)}: {', '.join(numbers)}" for owner, numbers in groups.items())
        lines.append(f"{lesson.source}: seed {seed}: {shown}")
    return lines


def _owner(owner: str, ids: list[str]) -> str:
    """``steps[4]`` as ``step practice (steps[4])``; ``problem`` as it is."""
    index = owner.removeprefix("steps[").removesuffix("]")
    return f"step {ids[int(index)]} ({owner})" if index.isdigit() else owner


def _builtin_ids() -> set[str]:
    """The ids of the shipped course's lessons, read from their headers (no full check)."""
    headers = (read_header(path) for path in folder_lessons(builtin_lessons_dir()))
    return {header.id for header in headers if header is not None}


def run(args: argparse.Namespace) -> int:
    paths = [*args.paths, *args.lessons]
    if not paths:
        raise GdtutorError("validate needs at least one lesson file or folder (gdtutor validate PATH...)")
    lessons: list[Lesson] = []
    count, problems = validate_paths(paths, lessons)
    if count == 0:
        names = ", ".join(str(path) for path in paths)
        print(
            printable_for(sys.stderr, f"gdtutor: no lesson files (.yaml, .yml) found in {names}"),
            file=sys.stderr,
        )
        return 1
    for problem in problems:
        print(printable_for(sys.stdout, str(problem)))
    if args.show_draws:
        for lesson in lessons:
            for line in draw_lines(lesson):
                print(printable_for(sys.stdout, line))
    errors = sum(problem.severity == "error" for problem in problems)
    warnings = len(problems) - errors
    summary = f"{count} lesson file{'s' * (count != 1)} checked: "
    summary += f"{errors} problem{'s' * (errors != 1)}" + (
        f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""
    )
    print(summary, file=sys.stderr)
    return 1 if errors else 0
