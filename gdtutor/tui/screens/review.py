"""A lesson the learner finished, opened again: the choice between reading it back and starting it over,
and the review itself (every step as they left it, with their answers; nothing in it can be changed).

The engine decides that a finished lesson opens finished (``Tutor.finished`` at once) and gives the
review's views (``Tutor.review()``); these screens only draw them and pass the choice on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Literal

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from gdtutor.engine.views import STATUS_WORDS, StepView
from gdtutor.plain.markdown import markdown_lines
from gdtutor.tui.screens import SCREENS_CSS
from gdtutor.tui.screens.lesson import detail_renderable
from gdtutor.tui.widgets.answers import answers_renderable

Reopening = Literal["review", "start-over", "lessons"]


class ReopenScreen(ModalScreen[Reopening]):
    """R: review the lesson, S: start it over, Esc: back to the lessons."""

    CSS_PATH = SCREENS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('review')", "Review", tooltip="Read every step with your answers"),
        Binding(
            "s", "choose('start-over')", "Start over", tooltip="Work the lesson again from its first step"
        ),
        Binding("escape", "choose('lessons')", "Lessons", tooltip="Back to the list of lessons"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="reopen-box"):
            yield Static(Text(f"You finished “{self._title}”.", style="bold"), id="reopen-title")
            yield Static(
                Text(
                    "R: review it, every step with your answers.\n"
                    "S: start it over from its first step (your past answers stay in your record).\n"
                    "Esc: back to the lessons."
                ),
                id="reopen-keys",
            )

    def action_choose(self, choice: Reopening) -> None:
        self.dismiss(choice)


def reviewed_step(view: StepView) -> RenderableType:
    """One step as the learner left it: where it stands, its prompt as plain text, its table, options or
    lines, the hints they saw, the solution if it was shown, and their answers."""
    heading = f"Step {view.number} of {view.total}"
    if view.is_question:
        heading += f": {STATUS_WORDS[view.status]}"
    parts: list[RenderableType] = [Text(heading, style="bold underline")]
    parts.append(Text("\n".join(markdown_lines(view.prompt.strip()))))
    detail = detail_renderable(view)
    if detail is not None:
        parts.append(detail)
    for index, hint in enumerate(view.hints, start=1):
        parts.append(Text(f"Hint {index}: {hint}", style="italic"))
    if view.solution:
        parts.append(Text(f"Solution: {view.solution}", style="yellow"))
    if view.is_question:
        parts.append(Text("Your answers", style="bold"))
        parts.append(answers_renderable(view.answers))
    return Group(*parts)


class ReviewScreen(Screen[None]):
    """The finished lesson to read back; Esc goes back to the choice it came from."""

    CSS_PATH = SCREENS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the choice: review or start over"),
    ]

    def __init__(self, title: str, views: Sequence[StepView]) -> None:
        super().__init__()
        self._title = title
        self._views = views

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Review: {self._title}  (read only)", style="bold"), id="review-title")
        with VerticalScroll(id="review-body"):
            for view in self._views:
                yield Static(reviewed_step(view), classes="reviewed-step")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#review-body").focus()

    def action_back(self) -> None:
        self.dismiss()
