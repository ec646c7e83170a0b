"""F1: every key the screen underneath answers to, and how to type answers.

The key table is read from the screen's active bindings when help opens, so it can't drift from
what the keys really do.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from gdtutor.tui.screens import SCREENS_CSS

ANSWER_HELP = (
    "Type a number (3, -0.25, 1.5e-3; a point for decimals, and work sums out first), a formula "
    "(2*theta, 2theta, theta^2, theta1 - 0.1*x), an option by its number (1, 2, …), its letter (a, b, …) "
    "or its text, or a word the question asks for, then press Enter. Greek letters can be typed as "
    "words: theta, theta0, theta1, alpha.\n"
    "The tutor echoes how it read your answer, names a known mistake, and asks for more decimals when "
    "your answer is right but too coarse. Hints come one at a time (some after a try); the worked "
    "solution ends the question, and Enter then moves on. PageUp and PageDown scroll the lesson text."
)


def key_table(screen: Screen) -> Table:
    """The keys of a screen and the app that have a description, then those of the focused widget."""
    own: list[tuple[str, str]] = []
    widget: list[tuple[str, str]] = []
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.system or binding.description in seen:
            continue
        seen.add(binding.description)
        explained = binding.description
        if binding.tooltip and binding.tooltip != binding.description:
            explained = f"{binding.description}: {binding.tooltip}"
        row = (screen.app.get_key_display(binding), explained)
        (own if active.node in (screen, screen.app) else widget).append(row)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, explained in own + widget:
        table.add_row(Text(key), Text(explained))
    return table


class HelpScreen(ModalScreen[None]):
    """Keys and answer syntax; Escape or F1 closes it."""

    CSS_PATH = SCREENS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", tooltip="Back to where you were"),
        Binding("f1", "dismiss", "Close", show=False),
    ]

    def __init__(self, underneath: Screen) -> None:
        super().__init__()
        self._keys = key_table(underneath)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text("Keys", style="bold underline"), classes="help-heading")
            yield Static(self._keys, id="help-keys")
            yield Static(Text("Answers", style="bold underline"), classes="help-heading")
            yield Static(Text(ANSWER_HELP), id="help-answers")
            yield Static(Text("Esc or F1 closes this help.", style="italic"), classes="help-heading")

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss()
