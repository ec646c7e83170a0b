"""Plots of the descent, drawn with plotext into a rich Text.

The engine hands over pure data (``PlotSpec``: a title, axis names and series of points, already
downsampled); this widget only draws it. plotext builds a small ANSI string (a few milliseconds for a
few hundred points), which ``Text.from_ansi`` turns into styled text, so no markup is ever parsed and
Textual downgrades the colours to what the terminal has (256, 16, or none with ``NO_COLOR``).
The drawing is cached per size, so typing and scrolling never redraw a plot.
plotext is imported on the first draw, not at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.widget import Widget

LINE_COLOURS = ("blue", "green", "magenta", "cyan")
POINT_COLOURS = ("red", "yellow", "magenta", "cyan")
# Markers differ as well as colours, so the series stay apart in monochrome (NO_COLOR).
POINT_MARKERS = ("●", "x", "+", "◆")
LABEL_ROWS_FROM_HEIGHT = 14


def draw_plot(spec: Any, width: int, height: int) -> Text:
    """Render one plot spec as styled text of exactly ``height`` lines (at most ``width`` cells each)."""
    import plotext as plt

    plt.clear_figure()
    plt.theme("clear")
    plt.plotsize(width, height)
    show_labels = height >= LABEL_ROWS_FROM_HEIGHT
    title = spec.title
    if show_labels:
        plt.xlabel(spec.x_label)
        plt.ylabel(spec.y_label)
    elif spec.y_label and spec.x_label:
        title = f"{spec.title}  ({spec.y_label} vs {spec.x_label})"
    plt.title(title)
    lines = points = 0
    for series in spec.series:
        xs, ys = list(series.x), list(series.y)
        if not xs:
            continue
        if series.kind == "line":
            colour = LINE_COLOURS[lines % len(LINE_COLOURS)]
            plt.plot(xs, ys, marker="braille", color=colour, label=series.label)
            lines += 1
        else:
            plt.scatter(
                xs,
                ys,
                marker=POINT_MARKERS[points % len(POINT_MARKERS)],
                color=POINT_COLOURS[points % len(POINT_COLOURS)],
                label=series.label,
            )
            points += 1
    text = Text.from_ansi(plt.build(), no_wrap=True, end="")
    rows = text.split("\n", allow_blank=True)[:height]
    return Text("\n", no_wrap=True, end="").join(rows)


class PlotView(Widget):
    """One plot. Give it a spec with ``show``; it redraws only when the spec or its size changes."""

    DEFAULT_CSS = """
    PlotView {
        width: 1fr;
        height: 1fr;
        min-width: 20;
    }
    """

    def __init__(self, spec: Any = None, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._spec = spec
        self._drawn: tuple[tuple[int, int], Text] | None = None

    @property
    def spec(self) -> Any:
        return self._spec

    def show(self, spec: Any) -> None:
        self._spec = spec
        self._drawn = None
        self.refresh()

    def drawing(self) -> Text:
        """The plot as text at the widget's current size, drawn once per spec and size."""
        size = (self.size.width, self.size.height)
        if self._spec is None or min(size) < 4:
            return Text("")
        if self._drawn is None or self._drawn[0] != size:
            self._drawn = (size, draw_plot(self._spec, *size))
        return self._drawn[1]

    def render(self) -> Text:
        return self.drawing()


class PlotPanel(Widget):
    """The plots of the current step side by side (two runs for two α), or one at a time when narrow."""

    DEFAULT_CSS = """
    PlotPanel {
        layout: horizontal;
        height: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._specs: list[Any] = []

    @property
    def specs(self) -> list[Any]:
        return list(self._specs)

    def show(self, specs: Sequence[Any]) -> None:
        """Show these specs, reusing the plot widgets already mounted."""
        self._specs = list(specs)
        views = list(self.query(PlotView))
        for view, spec in zip(views, self._specs, strict=False):
            view.show(spec)
        if len(views) > len(self._specs):
            for view in views[len(self._specs) :]:
                view.remove()
        elif len(self._specs) > len(views):
            self.mount_all(PlotView(spec) for spec in self._specs[len(views) :])
