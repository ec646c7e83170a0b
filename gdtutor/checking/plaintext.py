"""Answers are untrusted text: they are read as plain characters, never interpreted, and shown back safely.

A learner can type anything: control characters, ANSI escapes, markup such as ``[bold]`` or
``[@click=app.quit]``, or megabytes of text. Nothing here interprets it; messages that quote an answer use
``quote``, which shows control characters escaped and cuts long text, so a message stays one short line.
Front-ends still render every message as plain text, never as markup.
"""

from __future__ import annotations

from gdtutor import limits
from gdtutor.errors import GdtutorError
from gdtutor.safe_text import escape_controls, excerpt

__all__ = ["MAX_ANSWER_LENGTH", "QUOTE_LIMIT", "AnswerError", "escape_controls", "quote", "tidy"]

QUOTE_LIMIT = 40
MAX_ANSWER_LENGTH = limits.ANSWER_CHARS


class AnswerError(GdtutorError):
    """An answer that cannot be read; the message says why in one line, for the learner."""


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` between quotes, control characters shown as escapes, cut to ``limit`` characters with "…"."""
    return f"“{excerpt(text, limit)}”"


def tidy(text: str) -> str:
    """The answer with surrounding white space removed; too long an answer is refused before any parsing."""
    if len(text) > MAX_ANSWER_LENGTH:
        raise AnswerError(f"that answer is too long ({len(text)} characters): type just the value")
    return text.strip()
