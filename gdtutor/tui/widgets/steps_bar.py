"""The lesson's progress through its steps, drawn as Textual's progress bar draws its bar, in one widget.

Textual's ``ProgressBar`` is three widgets bound by reactives, redraws itself every second for an estimate
of the time left that the lesson screen never shows, and draws its bar through Rich on every frame that
touches it. This draws the same cells (Textual's own bar renderable, once per change) and nothing else.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Span, Text
from textual.content import Content
from textual.renderables.bar import Bar as BarRenderable
from textual.widget import Widget


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


class StepsBar(Widget, can_focus=False):
    """``progress`` of ``total`` steps as a bar: coloured as far as the learner got, complete in green."""

    COMPONENT_CLASSES = {"bar--bar", "bar--complete"}  # noqa: RUF012  (Textual declares it)
    DEFAULT_CSS = """
    StepsBar {
        width: 32;
        height: 1;
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
        self.progress = 0
        self.total = 0
        self._percentage = 0.0
        self._drawn: tuple[tuple[int, float, Style], Content] | None = None

    def update(self, *, total: int, progress: int) -> None:
        """Show ``progress`` of ``total``; redrawn only when the bar changes."""
        self.progress, self.total = progress, total
        percentage = min(max(progress / total, 0.0), 1.0) if total else 1.0
        # As Textual's bar: only a change of at least half a cell shows.
        cells = self.size.width * 2
        percentage = int(percentage * cells) / cells if cells else percentage
        if percentage != self._percentage:
            self._percentage = percentage
            self.refresh()

    def render(self) -> Content:
        width = self.size.width
        style = self.get_component_rich_style("bar--bar" if self._percentage < 1 else "bar--complete")
        key = (width, self._percentage, style)
        if self._drawn is None or self._drawn[0] != key:
            bar = BarRenderable(
                highlight_range=(0, width * self._percentage),
                highlight_style=Style.from_color(style.color),
                background_style=Style.from_color(style.bgcolor),
            )
            console = self.app.console
            parts = bar.__rich_console__(console, console.options.update_width(width))
            text = Text("", end="").join(part for part in parts if isinstance(part, Text))
            self._drawn = (key, Content.from_rich_text(merged_runs(text), console=console))
        return self._drawn[1]
