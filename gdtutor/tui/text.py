"""Lesson text for display: ``$…$`` math as Unicode, ``**bold**`` as bold. Cheap to import (the picker uses
it at start-up)."""

from __future__ import annotations

import re

from rich.text import Text

# Markdown's **bold** around whole words: not inside a word, so ``theta**2`` stays as written.
_BOLD = re.compile(r"(?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])")


def unicode_math(text: str) -> str:
    """``$\\theta_1^2$`` -> ``θ₁²``; text without math comes back as it is."""
    if "$" not in text:
        return text
    from gdtutor.lessons.mathtext import to_unicode

    return to_unicode(text)


def with_bold(text: str) -> Text:
    """Short lesson text (feedback on an option, a hint, a worked solution) with its ``**bold**`` shown bold.

    Built piece by piece from the plain string, never parsed as markup: ``[red]`` shows as typed.
    """
    result = Text()
    start = 0
    for match in _BOLD.finditer(text):
        result.append(text[start : match.start()])
        result.append(match.group(1), style="bold")
        start = match.end()
    result.append(text[start:])
    return result
