"""The end of a lesson: how it went, what it taught, and the next lesson, which Enter opens.

The lesson screen shows this over itself when the tutor says the lesson is finished, and acts on the
learner's choice: the next lesson, back to the last step (F5, one press), or the list of lessons.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from gdtutor.tui.screens import SCREENS_CSS
from gdtutor.tui.text import unicode_math

Choice = Literal["next", "back", "lessons"]


@dataclass(frozen=True)
class Ending:
    """What the end of a lesson says: the lesson's label and summary (what it taught), how many questions
    the learner solved, and the next lesson's label and summary (None at the end of the course)."""

    label: str
    learned: str
    solved: int
    shown: int
    skipped: int
    questions: int
    next_id: str | None = None
    next_label: str = ""
    next_summary: str = ""


def score_line(solved: int, questions: int, shown: int, skipped: int) -> str:
    """``6 of 8 questions right on your own; the tutor showed 1, you skipped 1.`` in plain words."""
    line = f"{solved} of {questions} questions right on your own"
    others = []
    if shown:
        others.append(f"the tutor showed {shown}")
    if skipped:
        others.append(f"you skipped {skipped}")
    return line + ("; " + ", ".join(others) if others else "") + "."


def ending_text(ending: Ending) -> Text:
    """The whole page as plain ``Text`` (lesson text is never markup)."""
    text = Text()
    text.append(f"{unicode_math(ending.label)}: done\n", style="bold")
    text.append(score_line(ending.solved, ending.questions, ending.shown, ending.skipped) + "\n")
    if ending.learned:
        text.append("\nWhat you learned\n", style="bold underline")
        text.append(unicode_math(" ".join(ending.learned.split())) + "\n")
    if ending.next_id is not None:
        text.append("\nNext: ", style="bold")
        text.append(unicode_math(ending.next_label) + "\n", style="bold")
        if ending.next_summary:
            text.append(unicode_math(" ".join(ending.next_summary.split())) + "\n")
        text.append("\nEnter opens it. F5: back to the last step. Esc: the list of lessons.", style="italic")
    else:
        text.append("\nThat was the last lesson of the course. ", style="bold")
        text.append("Enter or Esc: the list of lessons. F5: back to the last step.", style="italic")
    return text


class EndingScreen(Screen[Choice]):
    """The page after a lesson; dismissed with the learner's choice."""

    CSS_PATH = SCREENS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose('next')", "Next lesson", priority=True, tooltip="Open the next lesson"),
        Binding("f5", "choose('back')", "Back", tooltip="Back to the last step of this lesson"),
        Binding("escape", "choose('lessons')", "Lessons", tooltip="Back to the list of lessons"),
    ]

    def __init__(self, ending: Ending) -> None:
        super().__init__()
        self.ending = ending

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="ending-body"):
            yield Static(ending_text(self.ending), id="ending-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#ending-body").focus()

    def action_choose(self, choice: Choice) -> None:
        if choice == "next" and self.ending.next_id is None:
            choice = "lessons"
        self.dismiss(choice)
