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
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widget import Widget

if TYPE_CHECKING:
    from gdtutor.engine.plots import PlotSpec

LINE_COLOURS = ("blue", "green", "magenta", "cyan")
POINT_COLOURS = ("cyan", "green", "magenta", "blue")
MARKED_COLOURS = ("red", "yellow")
# Markers differ as well as colours, so the series stay apart in monochrome (NO_COLOR): the solver's
# iterates are dots, the learner's own values crosses.
POINT_MARKERS = ("●", "◆", "+")
MARKED_MARKERS = ("x", "*")
LABEL_ROWS_FROM_HEIGHT = 14


def draw_plot(spec: PlotSpec, width: int, height: int) -> Text:
    """Render one plot spec as styled text of at most ``height`` lines of ``width`` cells."""
    import plotext as plt

    plt.clear_figure()
    plt.limitsize(False, False)  # plotext would otherwise clip to the size of the terminal it runs in
    plt.theme("clear")
    plt.plotsize(width, height)
    title = spec.title
    if height >= LABEL_ROWS_FROM_HEIGHT:
        plt.xlabel(spec.x_label)
        plt.ylabel(spec.y_label)
    elif spec.x_label and spec.y_label:
        title = f"{spec.title}  ({spec.y_label} against {spec.x_label})"
    plt.title(title)
    counts = {"line": 0, "points": 0, "marked": 0}
    for series in spec.series:
        if not series.xs:
            continue
        index = counts[series.style]
        counts[series.style] += 1
        xs, ys = list(series.xs), list(series.ys)
        if series.style == "line":
            plt.plot(
                xs, ys, marker="braille", color=LINE_COLOURS[index % len(LINE_COLOURS)], label=series.label
            )
        elif series.style == "points":
            marker = POINT_MARKERS[index % len(POINT_MARKERS)]
            plt.scatter(
                xs, ys, marker=marker, color=POINT_COLOURS[index % len(POINT_COLOURS)], label=series.label
            )
        else:
            marker = MARKED_MARKERS[index % len(MARKED_MARKERS)]
            plt.scatter(
                xs, ys, marker=marker, color=MARKED_COLOURS[index % len(MARKED_COLOURS)], label=series.label
            )
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

    def __init__(
        self, spec: PlotSpec | None = None, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._spec: PlotSpec | None = None
        self._drawn: tuple[tuple[int, int], Text] | None = None
        self.show(spec)

    @property
    def spec(self) -> PlotSpec | None:
        return self._spec

    def show(self, spec: PlotSpec | None) -> None:
        self._spec = spec
        self._drawn = None
        # The spec's summary says in words what the plot shows (for screen readers, and on hover).
        self.tooltip = spec.summary if spec is not None else None
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
        self._specs: list[PlotSpec] = []

    @property
    def specs(self) -> list[PlotSpec]:
        return list(self._specs)

    def show(self, specs: Sequence[PlotSpec]) -> None:
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
