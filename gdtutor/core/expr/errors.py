"""ExprError: a rejected formula, with where it went wrong and what was probably meant."""

from __future__ import annotations

import unicodedata

from gdtutor.errors import GdtutorError

_CARET_WINDOW = 60


def printable(text: str) -> str:
    """The text with every control or invisible character replaced by '?', one for one (keeps columns)."""
    return "".join(
        " " if ch in "\t\n\r" else ("?" if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch)
        for ch in text
    )


class ExprError(GdtutorError):
    """A formula that cannot be read: ``message`` is one line, ``position`` a 0-based index or None."""

    def __init__(
        self,
        message: str,
        position: int | None = None,
        suggestion: str | None = None,
        text: str = "",
    ) -> None:
        if position is not None:
            message = f"{message} (column {position + 1})"
        super().__init__(" ".join(message.split()))
        self.position = position
        self.suggestion = suggestion
        self.text = text

    def caret(self) -> str:
        """The formula and, on the next line, a ^ under the position (long input is cut around it)."""
        text = printable(self.text)
        if self.position is None:
            return text
        position = min(self.position, len(text))
        start = max(0, position - _CARET_WINDOW // 2)
        end = start + _CARET_WINDOW
        shown = text[start:end]
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        return f"{prefix}{shown}{suffix}\n{' ' * (len(prefix) + position - start)}^"
