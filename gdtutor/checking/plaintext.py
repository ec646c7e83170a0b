"""Answers are untrusted text: they are read as plain characters, never interpreted, and shown back safely.

A learner can type anything: control characters, ANSI escapes, markup such as ``[bold]`` or
``[@click=app.quit]``, or megabytes of text. Nothing here interprets it; messages that quote an answer use
``quote``, which shows control characters escaped and cuts long text, so a message stays one short line.
Front-ends still render every message as plain text, never as markup.
"""

from __future__ import annotations

import unicodedata

from gdtutor.errors import GdtutorError

QUOTE_LIMIT = 40
MAX_ANSWER_LENGTH = 2000


class AnswerError(GdtutorError):
    """An answer that cannot be read; the message says why in one line, for the learner."""


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` between quotes, control characters shown as escapes, cut to ``limit`` characters with "…"."""
    shown = escape_controls(text[: limit + 1])
    if len(text) > limit or len(shown) > limit:
        shown = shown[:limit].rstrip() + "…"
    return f"“{shown}”"


def escape_controls(text: str) -> str:
    """``text`` with every control character (newlines and tabs too) shown as an escape like ``\\x1b``."""
    return "".join(_visible(char) for char in text)


def _visible(char: str) -> str:
    category = unicodedata.category(char)
    if category.startswith("C") or category in ("Zl", "Zp"):
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def tidy(text: str) -> str:
    """The answer with surrounding white space removed; too long an answer is refused before any parsing."""
    if len(text) > MAX_ANSWER_LENGTH:
        raise AnswerError(f"that answer is too long ({len(text)} characters): type just the value")
    return text.strip()
