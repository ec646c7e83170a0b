"""Cells and rows for the dashboard's tables: untrusted text made inert, times as "3 min ago", shaded
counts for the mistake heat map (a glyph and a colour, so it reads on a 16-colour terminal or none)."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import DataTable

from gdtutor.checking.plaintext import escape_controls

HEAT_SHADES = ((0.5, "█", "bold red"), (0.25, "▓", "red"), (0.1, "▒", "yellow"), (0.0, "░", "dim yellow"))


def plain(text: str | None, width: int | None = None) -> Text:
    """Untrusted text as inert ``Text``, cut to ``width`` with "…"."""
    shown = escape_controls(text or "")
    if width is not None and len(shown) > width:
        shown = shown[: width - 1] + "…"
    return Text(shown, no_wrap=True)


def ago(now: datetime, then: datetime | None) -> str:
    """How long ago ``then`` was, in the largest whole unit: "42 s", "3 min", "5 h", "2 d"."""
    if then is None:
        return "–"
    seconds = max(0, int((now - then).total_seconds()))
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"


def heat_cell(count: int, answers: int) -> Text:
    """A count shaded by the share of the step's answers it is (glyph and colour, so either alone reads)."""
    if not count:
        return Text("·", style="dim")
    share = count / answers if answers else 0.0
    glyph, style = next((glyph, style) for floor, glyph, style in HEAT_SHADES if share >= floor)
    return Text(f"{glyph} {count}", style=style)


def replace_rows(table: DataTable, rows: list[tuple[str, list[Text]]]) -> None:
    """Show ``rows`` (key, cells), keeping the cursor on the same key when it is still there."""
    current = None
    if table.row_count:
        current = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    table.clear()
    for key, cells in rows:
        table.add_row(*cells, key=key)
    keys = [key for key, _ in rows]
    if current in keys:
        table.move_cursor(row=keys.index(current), animate=False)
