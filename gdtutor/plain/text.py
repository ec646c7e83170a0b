"""Text from lesson files and learners, made safe to print: no control characters reach the terminal.

Escape sequences (ANSI colours, cursor movement, terminal title changes) and other control characters are
shown as visible escapes (``\\x1b``), so a lesson file or an answer can never drive the terminal.
"""

from __future__ import annotations

import unicodedata


def _visible(char: str) -> str:
    category = unicodedata.category(char)
    if category.startswith("C") or category in ("Zl", "Zp"):
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def clean_line(text: str) -> str:
    """One line of text with every control character (newlines and tabs too) made visible."""
    return "".join(_visible(char) for char in text)


def clean_block(text: str) -> str:
    """Several lines: newlines kept, tabs turned into spaces, every other control character made visible."""
    lines = text.replace("\r\n", "\n").split("\n")
    return "\n".join(clean_line(line.replace("\t", "    ")) for line in lines)
