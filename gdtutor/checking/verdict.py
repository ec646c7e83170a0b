"""The checker's answer: how a learner's answer was judged, and why."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from gdtutor.records import VerdictStatus

Status = VerdictStatus  # one source for the verdict names: the record keeps them as they are


@dataclass(frozen=True)
class Verdict:
    """One judged answer. Every text field is plain text (never markup) and one line.

    ``status``: "correct"; "almost" (the right value, but too coarse to accept); "wrong"; or "invalid" (the
    answer could not be read: nothing was graded). ``reading`` is how the answer was understood, e.g.
    "read as: 2·θ₁". ``mistake`` is a mistake id from the library (or a lesson's own) when the answer matches
    a known mistake, and ``explanation`` says what went wrong at this step. ``value`` is the parsed answer (a
    float, a tuple of floats, an Expr or a choice index), or None when it could not be read.
    """

    status: Status
    message: str
    reading: str | None = None
    mistake: str | None = None
    explanation: str | None = None
    value: Any = None

    @property
    def correct(self) -> bool:
        return self.status == "correct"


def reminded(verdict: Verdict, principle: str | None) -> Verdict:
    """``verdict`` with ``principle`` (the rule its question applies) as its explanation when it is wrong and
    no known mistake explains it; otherwise ``verdict`` as it is."""
    if principle and verdict.status == "wrong" and verdict.mistake is None and verdict.explanation is None:
        return replace(verdict, explanation=principle)
    return verdict


def invalid(message: str, reading: str | None = None) -> Verdict:
    """The verdict for an answer that could not be read: nothing was graded."""
    return Verdict("invalid", message[:1].upper() + message[1:], reading=reading)
