"""The one escaping boundary: text from a lesson file, a file name, a store or a learner, made inert.

Every such string passes ``safe_text`` (prose, whose line breaks matter) or ``escape_controls`` (one line)
before any front-end, export or log sees it: lesson text when the lesson is loaded, file names and problem
messages when a ``Diagnostic`` is made, answers where the checker quotes them. Control characters (C0 such as
ESC and BEL, DEL, C1 such as CSI and OSC), bidirectional overrides and isolates (U+202A–202E,
U+2066–2069) and every other format or unassigned character become visible escapes such as ``\\x1b`` or
``\\u202e``, so no byte of such text ever drives a terminal (OSC 52 writing the clipboard, OSC 0 setting
the title, ``ESC[2J`` clearing the screen) or reorders what a reader sees.

Escaping is idempotent: an escape is plain printable text, so escaping twice changes nothing more.
This module imports nothing from gdtutor, so every layer can use it.
"""

from __future__ import annotations

import unicodedata

# Kept as they are in prose: a line break and a tab move the cursor but drive nothing.
_PROSE_KEEPS = frozenset("\n\t")


def escape_controls(text: str) -> str:
    """``text`` as one line: every control character (newlines and tabs too) shown as an escape."""
    return "".join(_visible(char) for char in text)


def excerpt(text: str, limit: int = 40) -> str:
    """At most ``limit`` characters of ``text`` as one escaped line, cut with "…": how a message quotes
    untrusted text (an answer, a key from a lesson file)."""
    shown = escape_controls(text[: limit + 1])
    if len(text) > limit or len(shown) > limit:
        shown = shown[:limit].rstrip() + "…"
    return shown


def safe_text(text: str) -> str:
    """``text`` (prose: line breaks and tabs kept) with every other control character shown as an escape."""
    if text.isascii() and text.isprintable():
        return text  # the common case, at C speed
    return "".join(char if char in _PROSE_KEEPS else _visible(char) for char in text.replace("\r\n", "\n"))


def _visible(char: str) -> str:
    if char.isprintable():
        return char
    category = unicodedata.category(char)
    if category.startswith("C") or category in ("Zl", "Zp"):
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char  # a printable space such as U+00A0 (isprintable is False only for " " among them)
