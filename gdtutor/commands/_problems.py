"""The one line a command prints when lesson files were skipped or a lesson cannot be opened, naming a
command that shows why."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gdtutor.lessons.model import Diagnostic


def skipped_line(problems: Sequence[Diagnostic]) -> str | None:
    """The note for ``problems``, e.g. (2 problems in lesson files were skipped; see gdtutor validate a.yaml):
    run as written, that command reports each problem at file:line:col, whichever folder the file is in.
    None when they are only warnings, which skip nothing."""
    errors = [problem for problem in problems if problem.severity == "error"]
    if not errors:
        return None
    problems = errors
    count = len(problems)
    files = " ".join(shlex.quote(name) for name in dict.fromkeys(problem.file for problem in problems))
    return f"({count} problem{'s' * (count != 1)} in lesson files were skipped; see gdtutor validate {files})"


def unopened_line(lesson_id: str, problems: Sequence[Diagnostic]) -> str:
    """Why a lesson listed by its header cannot be opened, e.g. lesson "broken" cannot be opened: 1
    problem in its file (see gdtutor validate a.yaml)."""
    errors = [problem for problem in problems if problem.severity == "error"]
    count = len(errors)
    files = " ".join(shlex.quote(name) for name in dict.fromkeys(problem.file for problem in errors))
    return (
        f'lesson "{lesson_id}" cannot be opened: {count} problem{"s" * (count != 1)} in its file'
        f" (see gdtutor validate {files})"
    )
