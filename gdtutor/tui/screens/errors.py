"""The problems found in lesson files at start-up, one per line as ``file:line:col: message``.

The lessons that loaded stay usable; this screen only tells the author (or learner) what was skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from gdtutor.tui.screens import SCREENS_CSS
from gdtutor.tui.widgets.footer import SavingFooter


def problems_text(problems: Sequence[str]) -> Text:
    text = Text()
    for index, problem in enumerate(problems):
        if index:
            text.append("\n")
        location, _, message = problem.partition(": ")
        text.append(location, style="bold")
        if message:
            text.append(": ")
            text.append(message)
    return text


class ErrorsScreen(Screen[None]):
    """Lists the lesson-file problems; Escape goes back to the lessons."""

    CSS_PATH = SCREENS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Lessons", tooltip="Back to the list of lessons"),
    ]

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__()
        self._problems = list(problems)

    def compose(self) -> ComposeResult:
        yield Header()
        count = len(self._problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in lesson files; the other lessons work."
        yield Static(Text(heading, style="bold"), id="errors-heading")
        with VerticalScroll(id="errors-list"):
            yield Static(problems_text(self._problems), id="errors-text")
        yield Static(
            Text("Fix them and run `gdtutor validate FILE` to check; restart to reload.", style="italic"),
            id="errors-tip",
        )
        yield SavingFooter()

    def action_back(self) -> None:
        self.dismiss()
