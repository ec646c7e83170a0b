"""F7: what each symbol and word of the course means, over whatever screen the learner is on."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from gdtutor.lessons.glossary import GLOSSARY, GlossaryEntry
from gdtutor.tui.screens import SCREENS_CSS


def entry_text(entry: GlossaryEntry) -> Text:
    """One entry as plain ``Text`` (never markup): its heading in bold, then the meaning."""
    text = Text(entry.heading(), style="bold")
    text.append("\n" + entry.meaning)
    return text


class GlossaryScreen(ModalScreen[None]):
    """The glossary, scrollable; Escape or F7 closes it and the screen underneath keeps its focus."""

    CSS_PATH = SCREENS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", tooltip="Back to where you were"),
        Binding("f7", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="glossary-body"):
            yield Static(Text("Glossary", style="bold underline"), classes="glossary-heading")
            for entry in GLOSSARY:
                yield Static(entry_text(entry), classes="glossary-entry")
            yield Static(Text("Esc or F7 closes the glossary.", style="italic"), classes="glossary-heading")

    def on_mount(self) -> None:
        self.query_one("#glossary-body").focus()

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss()
