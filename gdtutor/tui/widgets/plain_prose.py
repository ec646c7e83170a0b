"""Prose that is nothing but paragraphs of plain words, drawn as the Markdown widget draws it, without it.

Lesson prose is Markdown (``gdtutor.tui.widgets.prose``), but Textual's Markdown widget costs its imports
(markdown-it, code highlighting: about 50 ms of a start) and mounts its blocks a frame after it mounts.
``gdtutor LESSON`` draws the step it opens on before anything else loads: when that step's prose holds no
character Markdown would read as more than words (``plain_paragraphs``), it is drawn by ``PlainProse``,
which looks the same; the lesson screen puts the Markdown widget in its place once that first paint is done.
"""

from __future__ import annotations

import re

from textual.widget import Widget
from textual.widgets import Static

from gdtutor.tui.widgets.settled import LaidOutOnce

# Linkify (a bare address becomes a link) runs large regular expressions over every parse, compiled on the
# first. Whatever it can link holds "//" (http://…, //host) or a domain's last dot: a word character, a dot,
# two letters (example.com, www.x.org, a@b.io); prose without either is parsed without it, to the same blocks.
MAY_LINK = re.compile(r"//|\w\.[^\W\d_]{2}")
# What makes Markdown more than paragraphs of words: inline marks, escapes, entities, HTML and tables; a line
# that starts a list, a quote, a heading or a code block (or underlines a heading); a hard line break.
_MORE_THAN_WORDS = re.compile(r"[\\`*_\[\]<>&|~#\t\r]|^[ ]|[ ]$|^(?:[-+=]|\d+[.)])", re.MULTILINE)


def plain_paragraphs(markdown: str) -> list[str] | None:
    """The paragraphs of ``markdown`` as the Markdown widget shows them (each one's lines joined by a space),
    or None when it holds anything Markdown reads as more than words."""
    if _MORE_THAN_WORDS.search(markdown) or MAY_LINK.search(markdown):
        return None
    paragraphs = re.split(r"\n\n+", markdown.strip("\n"))
    return [paragraph.replace("\n", " ") for paragraph in paragraphs if paragraph]


class PlainParagraph(Static, LaidOutOnce):
    """A paragraph of plain prose; it wraps to its width and never scrolls."""

    DEFAULT_CSS = """
    PlainParagraph {
        width: 1fr;
        height: auto;
        margin: 0 0 1 0;
    }
    """


class PlainProse(LaidOutOnce):
    """Paragraphs of plain prose, laid out and coloured as the Markdown widget lays out paragraphs."""

    DEFAULT_CSS = """
    PlainProse {
        height: auto;
        padding: 0 2 0 2;
        layout: vertical;
        color: $foreground;
        overflow-y: hidden;
    }
    """

    def __init__(self, markdown: str, paragraphs: list[str], *, id: str | None = None) -> None:
        """``paragraphs``: what ``plain_paragraphs(markdown)`` found in ``markdown``."""
        super().__init__(id=id)
        self.markdown = markdown
        self._paragraphs = paragraphs

    def paragraphs(self) -> list[PlainParagraph]:
        """Its paragraphs, to be composed inside it by its parent's compose (``with prose: yield from
        prose.paragraphs()``), so that they mount with the screen and show in its first frame; a widget's own
        ``compose`` runs once the widget has mounted, a frame later."""
        return [PlainParagraph(paragraph, markup=False, expand=True) for paragraph in self._paragraphs]

    @property
    def blocks(self) -> list[Widget]:
        """The paragraphs, top to bottom."""
        return list(self.query_children(PlainParagraph))
