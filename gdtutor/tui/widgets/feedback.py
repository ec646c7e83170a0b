"""What the tutor says back: the verdict, how the answer was read, the named mistake, hints, the solution.

The verdict's own message leads ("Correct.", "Right, but give 3 decimals."), after a symbol for its status.

Everything here is built as rich ``Text`` from plain strings, so an answer like ``[bold]`` or
``[@click=app.quit]`` shows exactly as typed. Each verdict starts with a symbol as well as a colour,
so it reads the same in monochrome.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from gdtutor.tui.text import with_bold
from gdtutor.tui.widgets.settled import LaidOutOnce, same_height

if TYPE_CHECKING:
    from gdtutor.checking import Verdict

VERDICT_LOOK: dict[str, tuple[str, str, str]] = {
    "correct": ("✓", "Right.", "bold green"),
    "almost": ("≈", "Almost.", "bold yellow"),
    "wrong": ("✗", "Not yet.", "bold red"),
    "invalid": ("?", "Could not read that.", "bold magenta"),
}


def verdict_text(verdict: Verdict, note: str = "") -> Text:
    """The lines that show one verdict, and the engine's note on it (e.g. error carried forward)."""
    symbol, heading, style = VERDICT_LOOK.get(verdict.status, ("•", "", "bold"))
    text = Text()
    text.append(f"{symbol} ", style=style)
    text.append(verdict.message or heading, style=style)
    if verdict.reading:
        reading = verdict.reading if verdict.reading.startswith("read as") else f"read as: {verdict.reading}"
        text.append("\n")
        text.append(reading, style="italic")
    if verdict.explanation:
        # The message has named the mistake in words; its id (uphill, stale-theta) is for lesson authors.
        text.append("\n")
        text.append_text(with_bold(verdict.explanation))
    if note:
        text.append("\n")
        text.append(note, style="italic")
    return text


def hint_text(text: str, index: int, total: int) -> Text:
    result = Text()
    result.append(f"Hint {index}/{total}: ", style="bold cyan")
    result.append_text(with_bold(text))
    return result


def solution_text(text: str) -> Text:
    result = Text()
    result.append("Worked solution\n", style="bold cyan")
    result.append_text(with_bold(text))
    return result


class FeedbackPanel(Static, LaidOutOnce):
    """The latest verdict, then the hints taken so far, then the solution if asked for."""

    DEFAULT_CSS = """
    FeedbackPanel {
        height: auto;
        padding: 0 1;
    }
    FeedbackPanel.-empty {
        display: none;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False, classes="-empty")
        self._verdict: Text | None = None
        self._hints: list[Text] = []
        self._solution: Text | None = None
        self._note: Text | None = None
        self._holds = 0  # while held, changes are drawn once, when the last hold ends
        self._changed = False

    def clear(self) -> None:
        self._verdict, self._hints, self._solution, self._note = None, [], None, None
        self._redraw()

    def show_verdict(self, verdict: Verdict, note: str = "") -> None:
        """A new verdict; a line of the tutor's and the solution of an earlier part (a table's cell, a
        derivation's line) are about what came before, so they go."""
        self._verdict = verdict_text(verdict, note)
        self._solution = None
        self._note = None
        self._redraw()

    def add_hint(self, text: str, index: int, total: int) -> None:
        self._hints.append(hint_text(text, index, total))
        self._note = None
        self._redraw()

    def show_solution(self, text: str) -> None:
        self._solution = solution_text(text)
        self._note = None
        self._redraw()

    def show_note(self, text: str) -> None:
        """A line from the tutor that is not a verdict (e.g. "no more hints")."""
        self._note = Text(text, style="italic")
        self._redraw()

    @contextmanager
    def held(self) -> Iterator[None]:
        """Draw the changes made inside once, at the end: a step change clears the panel and shows the
        verdict it carries over, and each drawing measures the text and restyles the panel."""
        self._holds += 1
        try:
            yield
        finally:
            self._holds -= 1
            if not self._holds and self._changed:
                self._redraw()

    @property
    def plain(self) -> str:
        """Everything shown, as plain text (for tests and the end-to-end harness)."""
        return self._content().plain

    def _content(self) -> Text:
        parts = [part for part in (self._verdict, *self._hints, self._solution, self._note) if part]
        return Text("\n").join(parts)

    def _redraw(self) -> None:
        if self._holds:
            self._changed = True
            return
        self._changed = False
        content = self._content()
        if content == self.content:  # the same words (a right answer after a right answer): nothing to draw
            return
        if content.plain and same_height(self, content):
            # As many lines as before (a second wrong answer, say): a repaint, not a layout of the screen.
            self.update(content, layout=False)
            return
        self.set_class(not content.plain, "-empty")
        self.update(content)
