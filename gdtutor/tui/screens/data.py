"""F8 on a lesson: the step's data set as a table, over the lesson; Escape or F8 closes it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from gdtutor.engine.views import DataView
from gdtutor.tui.screens import SCREENS_CSS


class DataScreen(ModalScreen[None]):
    """The data as written in the lesson (raw, never scaled), one row per example, scrollable."""

    CSS_PATH = SCREENS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", tooltip="Back to the lesson"),
        Binding("f8", "dismiss", "Close", show=False),
    ]

    def __init__(self, data: DataView) -> None:
        super().__init__()
        self.data = data

    def compose(self) -> ComposeResult:
        count = len(self.data.rows)
        heading = f"The data: {count} example{'s' * (count != 1)}, from {self.data.source}"
        with Vertical(id="data-body"):
            yield Static(Text(heading, style="bold"), id="data-heading")
            yield DataTable(id="data-table", cursor_type="row", zebra_stripes=True)
            yield Static(Text("Esc or F8 closes the data.", style="italic"))

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # Text cells, never markup: a data file's name or numbers cannot style the table.
        table.add_columns(*(Text(column) for column in self.data.columns))
        table.add_rows([[Text(cell, justify="right") for cell in row] for row in self.data.rows])
        table.focus()

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss()
