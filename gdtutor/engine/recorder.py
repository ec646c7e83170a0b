"""What the engine tells a progress store, and what it reads back to resume.

The engine never imports ``gdtutor.progress``: a front-end hands it any object with these methods
(``gdtutor.progress.store.ProgressStore`` is one). Every call is a plain fact; the store decides what to keep.
One learner action is one ``record_action`` call, so a store can keep it in one transaction: a kill never
leaves a right answer recorded with its step not done.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass
from typing import Protocol

from gdtutor.records import Action, Attempt

__all__ = ["Action", "Attempt", "PastAttempt", "Recorder", "Resume", "ResumeState"]


class PastAttempt(Protocol):
    """An answer from the learner's record (``gdtutor.progress.store.AttemptRecord`` is one)."""

    @property
    def step_id(self) -> str: ...

    @property
    def seed(self) -> int | None: ...

    @property
    def answer(self) -> str: ...

    @property
    def hints_used(self) -> int: ...

    @property
    def time(self) -> str: ...


class ResumeState(Protocol):
    """Where to pick a lesson up: the step the learner was on (None: the first not done), the done ones,
    whether they reached its end, and the answers they gave since they (last) started it, oldest first,
    which the tutor works through again so every table and derivation is as they left it."""

    @property
    def current(self) -> str | None: ...

    @property
    def done(self) -> Set[str]: ...

    @property
    def finished(self) -> bool: ...

    @property
    def answers(self) -> Sequence[PastAttempt]: ...


@dataclass(frozen=True)
class Resume:
    """A ``ResumeState`` built by hand (tests, scripts)."""

    current: str | None = None
    done: frozenset[str] = frozenset()
    finished: bool = False
    answers: tuple[PastAttempt, ...] = ()


class Recorder(Protocol):
    def record_action(self, action: Action) -> None: ...

    def lesson_state(self, lesson_id: str) -> ResumeState: ...
