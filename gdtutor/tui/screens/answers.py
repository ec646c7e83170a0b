"""F9 on a lesson: every answer the learner gave on this step (as typed, how it was judged, when), over the
lesson; Escape or F9 closes it. It shows nothing the step has not shown: no right answer unless the
worked solution was already shown."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from gdtutor.engine.views import StepView
from gdtutor.tui.screens import SCREENS_CSS
from gdtutor.tui.widgets.answers import answers_renderable


class AnswersScreen(ModalScreen[None]):
    """The answers on the current step, oldest first, scrollable."""

    CSS_PATH = SCREENS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", tooltip="Back to the lesson"),
        Binding("f9", "dismiss", "Close", show=False),
    ]

    def __init__(self, view: StepView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        count = len(self.view.answers)
        heading = f"Your answers on step {self.view.number} of {self.view.total}"
        heading += f" ({count}, oldest first)" if count else ""
        with VerticalScroll(id="answers-body"):
            yield Static(Text(heading, style="bold"), id="answers-heading")
            yield Static(answers_renderable(self.view.answers), id="answers-list")
            if self.view.solution:
                yield Static(Text(f"Solution shown: {self.view.solution}", style="yellow"))
            yield Static(Text("Esc or F9 closes this list.", style="italic"), id="answers-close")

    def on_mount(self) -> None:
        self.query_one("#answers-body").focus()

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss()
