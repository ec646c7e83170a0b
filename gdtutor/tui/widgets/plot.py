"""Plots of the descent, drawn with plotext into a rich Text.

The engine hands over pure data (``PlotSpec``: a title, axis names and series of points, already
downsampled); this widget only draws it. plotext builds a small ANSI string (a few milliseconds for a
few hundred points), which ``Text.from_ansi`` turns into styled text, so no markup is ever parsed and
Textual downgrades the colours to what the terminal has (256, 16, or none with ``NO_COLOR``).
Drawing happens in a worker thread and is kept per spec and size, so typing and scrolling never wait for
a plot. plotext is imported on the first draw, not at start-up.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

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
TITLE_MARGIN = 4  # plotext shows a title only when it is this much narrower than the plot
MIN_PLOT_WIDTH = 36
MIN_PLOT_HEIGHT = 10
# plotext draws on one module-level figure: one drawing at a time.
_PLOTEXT = threading.Lock()


def draw_plot(spec: PlotSpec, width: int, height: int) -> Text:
    """Render one plot spec as styled text of at most ``height`` lines of ``width`` cells."""
    import plotext as plt

    plt.clear_figure()
    plt.limitsize(False, False)  # plotext would otherwise clip to the size of the terminal it runs in
    plt.theme("clear")
    plt.plotsize(width, height)
    title = spec.title
    axes = f"  ({spec.y_label} against {spec.x_label})"
    if height >= LABEL_ROWS_FROM_HEIGHT:
        plt.xlabel(spec.x_label)
        plt.ylabel(spec.y_label)
    elif spec.x_label and spec.y_label and len(title + axes) <= width - TITLE_MARGIN:
        title += axes
    if len(title) > width - TITLE_MARGIN:  # plotext drops a title that does not fit: shorten it instead
        title = title[: max(1, width - TITLE_MARGIN - 1)] + "…"
    plt.title(title)
    counts = {"line": 0, "points": 0, "marked": 0}
    # Curves first, so that the points drawn after them stay visible where they overlap.
    order = {"line": 0, "points": 1, "marked": 2}
    for series in sorted(spec.series, key=lambda series: order[series.style]):
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
    """One plot. Set its ``spec``; it is drawn in a worker thread whenever the spec or the size changes,
    so typing never waits for plotext. Until the new drawing is ready the previous one stays."""

    DEFAULT_CSS = """
    PlotView {
        width: 1fr;
        height: 1fr;
        min-width: 20;
    }
    """

    spec: reactive[PlotSpec | None] = reactive(None, init=False)

    def __init__(
        self, spec: PlotSpec | None = None, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._drawn: tuple[PlotSpec, tuple[int, int], Text] | None = None
        self.set_reactive(PlotView.spec, spec)
        self._describe(spec)

    def watch_spec(self, spec: PlotSpec | None) -> None:
        self._describe(spec)
        self._redraw()

    def _describe(self, spec: PlotSpec | None) -> None:
        # The spec's summary says in words what the plot shows (for screen readers, and on hover).
        self.tooltip = spec.summary if spec is not None else None

    def on_resize(self) -> None:
        self._redraw()

    def _redraw(self) -> None:
        size = (self.size.width, self.size.height)
        spec = self.spec
        if spec is None or min(size) < 4:
            self._drawn = None
            self.refresh()
        elif self._drawn is None or self._drawn[0] != spec or self._drawn[1] != size:
            self._draw(spec, size)

    @work(thread=True, exclusive=True, group="plot", exit_on_error=False)
    def _draw(self, spec: PlotSpec, size: tuple[int, int]) -> None:
        with _PLOTEXT:
            text = draw_plot(spec, *size)
        self.app.call_from_thread(self._ready, spec, size, text)

    def _ready(self, spec: PlotSpec, size: tuple[int, int], text: Text) -> None:
        if spec == self.spec and size == (self.size.width, self.size.height):
            self._drawn = (spec, size, text)
            self.refresh()

    @property
    def drawn(self) -> bool:
        """Whether what is on screen is the current spec at the current size."""
        size = (self.size.width, self.size.height)
        return self._drawn is not None and self._drawn[0] == self.spec and self._drawn[1] == size

    def render(self) -> Text:
        return self._drawn[2] if self._drawn is not None and self.spec is not None else Text("")


def arrangement(count: int, width: int, height: int) -> tuple[bool, int]:
    """How ``count`` plots share a panel: (stacked, how many are shown).

    Side by side while each gets ``MIN_PLOT_WIDTH`` columns, else one above the other while each gets
    ``MIN_PLOT_HEIGHT`` rows, else as many side by side as fit (the last ones, which are the step's own).
    """
    if count == 0:
        return False, 0
    if width // count >= MIN_PLOT_WIDTH:
        return False, count
    if height // count >= MIN_PLOT_HEIGHT:
        return True, count
    return False, max(1, min(count, width // MIN_PLOT_WIDTH))


class PlotPanel(Vertical):
    """The plots of the current step, side by side or stacked as they fit, and what they show in words."""

    DEFAULT_CSS = """
    PlotPanel {
        height: 1fr;
    }
    PlotPanel > #plot-row {
        height: 1fr;
    }
    PlotPanel > #plot-row.-stacked {
        layout: vertical;
    }
    PlotPanel > #plot-summary {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._specs: list[PlotSpec] = []

    def compose(self) -> ComposeResult:
        yield Horizontal(id="plot-row")
        yield Static("", id="plot-summary", markup=False)

    @property
    def specs(self) -> list[PlotSpec]:
        return list(self._specs)

    def show(self, specs: Sequence[PlotSpec]) -> None:
        """Show these specs, reusing the plot widgets already mounted."""
        self._specs = list(specs)
        row = self.query_one("#plot-row", Horizontal)
        views = list(row.query(PlotView))
        for view, spec in zip(views, self._specs, strict=False):
            view.spec = spec
        for view in views[len(self._specs) :]:
            view.remove()
        if len(self._specs) > len(views):
            row.mount_all(PlotView(spec) for spec in self._specs[len(views) :])
        self.call_after_refresh(self._arrange)

    def on_resize(self) -> None:
        self._arrange()

    def _arrange(self) -> None:
        row = self.query_one("#plot-row", Horizontal)
        views = list(row.query(PlotView))
        stacked, shown = arrangement(len(views), self.size.width, row.size.height)
        row.set_class(stacked, "-stacked")
        for index, view in enumerate(views):
            view.display = index >= len(views) - shown
        # In words, what the step's own plot (the last) shows; each plot's tooltip has its own summary.
        shown_specs = [view.spec for view in views if view.display and view.spec is not None]
        self.query_one("#plot-summary", Static).update(Text(shown_specs[-1].summary if shown_specs else ""))
