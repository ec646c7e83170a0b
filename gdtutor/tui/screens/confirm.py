"""A yes/no question before something the learner should mean, such as starting a lesson over."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from gdtutor.tui.screens import SCREENS_CSS


class ConfirmScreen(ModalScreen[bool]):
    """Answers True for Y, False for N or Escape."""

    CSS_PATH = SCREENS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Text(self._question), id="confirm-question")
            yield Static(Text("Y: yes    N or Esc: no", style="bold"), id="confirm-keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
