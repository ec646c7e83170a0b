"""An author's preview of one lesson file (``gdtutor preview``): load it as ``gdtutor validate`` does, notice
when it changes on disk, and start a tutor over it where the author was, recording nothing.

The front-end polls ``take_change()`` (a stat, no read) and on a change calls ``read()`` for the lesson and
the problems that stop it loading, then ``self_test()`` for the rest of what validate reports (the lesson's
own tests and the mistake fuzz), which can take seconds and so comes second. No textual here: the app's
preview screen and the tests drive the same object.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from gdtutor.engine.recorder import Resume
from gdtutor.engine.selftest import check_lesson
from gdtutor.engine.tutor import Tutor
from gdtutor.lessons.loading import read_lesson
from gdtutor.lessons.model import Diagnostic, Lesson

# What tells a saved file apart: an editor that saves by writing a new file and renaming it changes the
# inode, one that writes in place changes the time or the size.
Stamp = tuple[int, int, int] | None


@dataclass(frozen=True)
class Loaded:
    """One read of the file: the lesson (None when it has errors) and every problem found so far."""

    lesson: Lesson | None
    problems: tuple[Diagnostic, ...]

    @property
    def errors(self) -> int:
        return sum(problem.severity == "error" for problem in self.problems)


class LessonPreview:
    """One lesson file under preview, for one seed."""

    def __init__(self, path: str | Path, seed: int = 0) -> None:
        self.path = Path(path)
        self.seed = seed
        self._stamp: Stamp = None
        self._seen = False

    def take_change(self) -> bool:
        """Whether the file changed since the last call (always True at the first); the change is taken, so
        it is reported once. A save that lands while the file is being read is a new change."""
        stamp = _stamp(self.path)
        if self._seen and stamp == self._stamp:
            return False
        self._seen, self._stamp = True, stamp
        return True

    def read(self) -> Loaded:
        """Read and check the file as validate does, without its self-tests."""
        lesson, problems = read_lesson(self.path)
        return Loaded(lesson, tuple(_in_line_order(problems)))

    def self_test(self, loaded: Loaded) -> Loaded:
        """``loaded`` with the problems of the lesson's own tests and of the mistake fuzz added."""
        if loaded.lesson is None:
            return loaded
        return Loaded(loaded.lesson, tuple(_in_line_order([*loaded.problems, *check_lesson(loaded.lesson)])))

    def tutor(self, lesson: Lesson, previous: Tutor | None = None) -> Tutor:
        """A tutor over ``lesson`` that records nothing. With the ``previous`` tutor (over the file before it
        changed) it starts where that one was: on the same step if it still exists, else at the same place,
        with the steps done there done again."""
        if previous is None:
            return Tutor(lesson, seed=self.seed)
        return Tutor(lesson, seed=self.seed, resume=_carried_over(previous, lesson))


def _carried_over(previous: Tutor, lesson: Lesson) -> Resume:
    ids = [step.id for step in lesson.steps]
    done = frozenset(
        step.id
        for step, status in zip(previous.lesson.steps, previous.statuses(), strict=True)
        if status in ("solved", "read") and step.id in ids
    )
    if previous.finished:
        return Resume(current=None, done=done)
    current = previous.step.id
    if current not in ids and ids:
        current = ids[min(previous.index, len(ids) - 1)]
    return Resume(current=current, done=done)


def _stamp(path: Path) -> Stamp:
    try:
        status = os.stat(path)
    except OSError:
        return None  # gone for a moment while an editor saves; its return is a change
    return status.st_mtime_ns, status.st_size, status.st_ino


def _in_line_order(problems: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(problems, key=lambda problem: (problem.line, problem.column))
