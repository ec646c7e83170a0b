"""The lesson screen's top line in one widget: the lesson's title, the step number and a bar of the steps.

It was four widgets (a row holding a title, a number and Textual's progress bar, later a one-widget bar); a
step change redrew three of them, laid the row out again and sent each one's messages. This draws the same
cells: the title in bold, cut with an ellipsis when it does not fit; "step n/N" in muted text with a blank
on either side; and the bar as Textual's progress bar draws it (its own renderable), 22 cells wide.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Span, Text
from textual.content import Content
from textual.renderables.bar import Bar as BarRenderable
from textual.widget import Widget

BAR_WIDTH = 22


def merged_runs(text: Text) -> Text:
    """``text`` with neighbouring runs of one style made one, as Rich draws them (the bar is built piece by
    piece: a half cell after the full ones is a run of its own)."""
    spans: list[Span] = []
    for span in sorted(text.spans, key=lambda span: span.start):
        if spans and spans[-1].end == span.start and spans[-1].style == span.style:
            spans[-1] = Span(spans[-1].start, span.end, span.style)
        else:
            spans.append(span)
    merged = text.copy()
    merged.spans = spans
    return merged


class LessonHeader(Widget, can_focus=False):
    """The title, "step n/N", and ``progress`` of ``total`` steps as a bar (green once complete)."""

    COMPONENT_CLASSES = {"header--title", "header--step", "bar--bar", "bar--complete"}  # noqa: RUF012
    DEFAULT_CSS = """
    LessonHeader {
        height: 1;
        text-wrap: nowrap;
        text-overflow: clip;
        &> .header--title {
            text-style: bold;
        }
        &> .header--step {
            color: $text-muted;
        }
        &> .bar--bar {
            color: $primary;
            background: $surface;
        }
        &> .bar--complete {
            color: $success;
            background: $surface;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = ""
        self.number = 0
        self.progress = 0
        self.total = 0
        self._drawn: tuple[tuple[object, ...], Content] | None = None

    def show_title(self, title: str) -> None:
        if title != self.title:
            self.title = title
            self.refresh()

    def show_position(self, number: int, total: int, progress: int) -> None:
        """Step ``number`` of ``total``, ``progress`` steps done. The line's height never changes: a repaint,
        no layout."""
        if (number, total, progress) != (self.number, self.total, self.progress):
            self.number, self.total, self.progress = number, total, progress
            self.refresh()

    def render(self) -> Content:
        fraction = min(max(self.progress / self.total, 0.0), 1.0) if self.total else 1.0
        fraction = int(fraction * BAR_WIDTH * 2) / (BAR_WIDTH * 2)  # as Textual's bar: half a cell shows
        styles = tuple(
            self.get_component_rich_style(name)
            for name in ("header--title", "header--step", "bar--bar" if fraction < 1 else "bar--complete")
        )
        key = (self.content_size.width, self.title, self.number, self.total, fraction, styles)
        if self._drawn is None or self._drawn[0] != key:
            self._drawn = (key, self._line(self.content_size.width, fraction, *styles))
        return self._drawn[1]

    def _line(self, width: int, fraction: float, *styles: Style) -> Content:
        title_style, step_style, bar = styles
        console = self.app.console
        step = f"step {self.number}/{self.total}"
        title_width = max(0, width - BAR_WIDTH - len(step) - 2)  # the title takes what the rest leaves
        title = Content(self.title).truncate(title_width, ellipsis=True)
        line = Text(end="")
        line.append(title.plain, style=title_style)
        line.append(" " * (title_width - title.cell_length + 1))  # the title's own blank, then the margin
        line.append(step, style=Style.from_color(step_style.color))
        line.append(" ")
        drawn = BarRenderable(
            highlight_range=(0, BAR_WIDTH * fraction),
            highlight_style=Style.from_color(bar.color),
            background_style=Style.from_color(bar.bgcolor),
        )
        parts = drawn.__rich_console__(console, console.options.update_width(BAR_WIDTH))
        line.append_text(Text("", end="").join(part for part in parts if isinstance(part, Text)))
        return Content.from_rich_text(merged_runs(line), console=console)
