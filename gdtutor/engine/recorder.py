"""What the engine tells a progress store, and what it reads back to resume.

The engine never imports ``gdtutor.progress``: a front-end hands it any object with these methods
(``gdtutor.progress.store.ProgressStore`` is one). Every call is a plain fact; the store decides what to keep.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Attempt:
    """One answer the learner submitted, as typed, with how it was judged."""

    lesson_id: str
    step_id: str
    seed: int | None
    answer: str
    verdict: str  # "correct" | "almost" | "wrong" | "invalid"
    mistake_id: str | None
    hints_used: int
    first_attempt: bool
    skills: tuple[str, ...]


class ResumeState(Protocol):
    """Where to pick a lesson up: the step the learner was on (None: the first not done) and the done ones."""

    @property
    def current(self) -> str | None: ...

    @property
    def done(self) -> Set[str]: ...


@dataclass(frozen=True)
class Resume:
    """A ``ResumeState`` built by hand (tests, scripts)."""

    current: str | None = None
    done: frozenset[str] = frozenset()


class Recorder(Protocol):
    def record_attempt(self, attempt: Attempt) -> object: ...

    def step_done(self, lesson_id: str, step_id: str) -> None: ...

    def set_current(self, lesson_id: str, step_id: str | None) -> None: ...

    def lesson_state(self, lesson_id: str) -> ResumeState: ...
