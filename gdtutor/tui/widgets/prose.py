"""Lesson prose: Markdown (its math already Unicode, from the engine) with links that never act.

Lesson files are untrusted text. Markdown is parsed as Markdown, never as Textual markup, and a link
only shows its address in a notification: prose can't open URLs or trigger app actions.
"""

from __future__ import annotations

import re

from textual.await_complete import AwaitComplete
from textual.widgets import Markdown

# A fence without a language makes the Markdown widget load every pygments lexer to guess one.
_BARE_FENCE = re.compile(r"^(\s*)(```|~~~)\s*$")


def tag_bare_fences(markdown: str) -> str:
    """Give every opening code fence without a language the language ``text``."""
    lines = markdown.split("\n")
    inside = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped.startswith(("```", "~~~")):
            continue
        if not inside:
            match = _BARE_FENCE.match(line)
            if match:
                lines[index] = f"{match.group(1)}{match.group(2)}text"
        inside = not inside
    return "\n".join(lines)


class Prose(Markdown):
    """Markdown for lesson prose."""

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(tag_bare_fences(text), id=id, classes=classes, open_links=False)

    def show_text(self, text: str) -> AwaitComplete:
        """Show ``text``; await the result to know it is laid out (Markdown mounts its blocks later)."""
        return self.update(tag_bare_fences(text))

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.notify(event.href, title="Link (not opened)", markup=False)
