"""What a learner's action leaves in the record: shared by the engine, which makes these, and the progress
stores, which keep them. A leaf module that imports nothing heavy, so a process that only records (a store,
a teacher's command) never loads numpy or the lesson machinery."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# How an answer was judged: right; the right value but too coarse; wrong; or unreadable.
VerdictStatus = Literal["correct", "almost", "wrong", "invalid"]


@dataclass(frozen=True)
class Attempt:
    """One answer the learner submitted, as typed, with how it was judged (defaults for scripts and tests)."""

    lesson_id: str
    step_id: str
    seed: int | None
    answer: str
    verdict: VerdictStatus
    mistake_id: str | None = None
    hints_used: int = 0
    first_attempt: bool = True
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class Action:
    """What one learner action changed: the answer given (if any), the steps it completed, where they are.

    ``current`` is the step the learner is on after the action (None: the lesson is finished).
    """

    lesson_id: str
    current: str | None
    attempt: Attempt | None = None
    done: tuple[str, ...] = ()
