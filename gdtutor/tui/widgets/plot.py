"""Plots of the descent, drawn with plotext into a rich Text.

The engine hands over pure data (``PlotSpec``: a title, axis names and series of points, already
downsampled); this widget only draws it. plotext builds a small ANSI string (a few milliseconds for a
few hundred points), which ``Text.from_ansi`` turns into styled text, so no markup is ever parsed and
Textual downgrades the colours to what the terminal has (256, 16, or none with ``NO_COLOR``).
Drawing happens in a worker thread, once the frame that changed the data is on screen, and is kept per spec
and size, so neither typing and scrolling nor the verdict of an answer waits for a plot. A plot put away
(F4, or no room for it on a narrow screen) is drawn when it shows again. plotext is imported on the first
draw, not at start-up, and numpy (with the engine's tick rules) on the first drawing too: the widget is
composed on a lesson's first screen, which may be drawn before numpy has loaded.
"""

from __future__ import annotations

import itertools
import math
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from gdtutor.checking.symbols import show

if TYPE_CHECKING:
    from gdtutor.engine.plots import PlotSpec, Series

LINE_COLOURS = ("blue", "green", "magenta", "cyan")
POINT_COLOURS = ("cyan", "green", "magenta", "blue")
MARKED_COLOURS = ("red", "yellow")
POINT_MARKERS = ("●", "◆", "+")
MARKED_MARKERS = ("x", "*")
LEGEND_ROW_FROM_HEIGHT = 12  # below this a legend that does not fit beside the title takes the title's row
MIN_PLOT_WIDTH = 36
MIN_PLOT_HEIGHT = 10
LINE_KEY = "──"
# What a plot too short to show every height says when naming the points does not fit.
TOO_SHORT = "Too short to show heights exactly."
MOST_PLOTS = 3  # a step's main picture, its cost by iteration and a comparison (gdtutor.engine.figures)
_BRAILLE = re.compile("[\u2801-\u28ff]")  # a dot of a line (U+2800 is the empty pattern)
# plotext draws on one module-level figure: one drawing at a time.
_PLOTEXT = threading.Lock()


def draw_plot(spec: PlotSpec, width: int, height: int) -> Text:
    """Render one plot spec as styled text of at most ``height`` lines of ``width`` cells.

    The title and the legend sit above the frame, never inside it, so no key hides a point. The axis names
    are on the row under the frame at every size; a log axis says "log" there and labels its ticks with
    values (0.01, 10⁻⁵), never with their logarithms. Where the drawing shows a data point on a line it is
    off, or two points level that are not, a sentence says so in that row instead (a fit plot's title says
    what is drawn; a log axis, which must say so, is never a fit plot).
    """
    import plotext as plt

    header = _header(spec, width, height)
    canvas_height = max(1, height - len(header))
    drawn = _drawable(spec)
    if spec.log_y:
        drawn = [(s, xs, [math.log10(y) for y in ys]) for s, xs, ys in drawn]
    plt.clear_figure()
    plt.limitsize(False, False)  # plotext would otherwise clip to the size of the terminal it runs in
    plt.theme("clear")
    plt.plotsize(width, canvas_height)
    plt.xlabel(spec.x_label)
    plt.ylabel(f"{spec.y_label} (log scale)" if spec.log_y else spec.y_label)
    _ticks(plt, spec, drawn, width, _canvas_rows(canvas_height))
    for series, xs, ys in drawn:
        style = _style(spec, series)
        if series.style == "line":
            plt.plot(xs, ys, marker="braille", color=style[1])
        else:
            plt.scatter(xs, ys, marker=style[0], color=style[1])
    canvas = Text.from_ansi(plt.build(), no_wrap=True, end="").split("\n", allow_blank=True)[:canvas_height]
    warning = _hidden_difference(spec, drawn, [row.plain for row in canvas], width)
    if warning:
        canvas[-1] = _fit(Text(warning, style="italic"), width)
    return Text("\n", no_wrap=True, end="").join([*header, *canvas][:height])


def _drawable(spec: PlotSpec) -> list[tuple[Series, list[float], list[float]]]:
    """The series in drawing order (curves first, so points drawn after them stay visible), with their
    points; on a log axis only the positive values, which are all a cost plot has."""
    order = {"line": 0, "points": 1, "marked": 2}
    drawn = []
    for series in sorted(spec.series, key=lambda series: order[series.style]):
        points = [(x, y) for x, y in zip(series.xs, series.ys, strict=True) if y > 0 or not spec.log_y]
        if points:
            xs, ys = zip(*points, strict=True)
            drawn.append((series, list(xs), list(ys)))
    return drawn


def _style(spec: PlotSpec, series: Series) -> tuple[str, str]:
    """(marker, colour) of a series: markers differ as well as colours, so the series stay apart in
    monochrome (NO_COLOR): the solver's iterates are dots, the learner's own values crosses."""
    same = [s for s in spec.series if s.style == series.style]
    index = same.index(series)
    if series.style == "line":
        return LINE_KEY, LINE_COLOURS[index % len(LINE_COLOURS)]
    if series.style == "points":
        return POINT_MARKERS[index % len(POINT_MARKERS)], POINT_COLOURS[index % len(POINT_COLOURS)]
    return MARKED_MARKERS[index % len(MARKED_MARKERS)], MARKED_COLOURS[index % len(MARKED_COLOURS)]


def _legend(spec: PlotSpec) -> Text:
    legend = Text(no_wrap=True, end="")
    for series in spec.series:
        if not series.xs:
            continue
        marker, colour = _style(spec, series)
        if legend:
            legend.append("  ")
        legend.append(marker, style=colour)
        legend.append(f" {series.label}")
    return legend


def _header(spec: PlotSpec, width: int, height: int) -> list[Text]:
    """The rows above the frame: the title and the legend on one row when they fit, else on two (or only
    the legend on a short plot: the axis names under the frame still say what is drawn)."""
    legend = _legend(spec)
    title = Text(spec.title, style="bold", no_wrap=True, end="")
    together = Text.assemble(title, "   ", legend, no_wrap=True, end="")
    if not legend or together.cell_len <= width:
        return [_fit(together if legend else title, width)]
    if height >= LEGEND_ROW_FROM_HEIGHT:
        return [_fit(title, width), _fit(legend, width)]
    return [_fit(legend, width)]


def _fit(text: Text | str, width: int) -> Text:
    """One row: centred when there is room, else cut with an ellipsis (never dropped, as plotext would)."""
    row = Text(text, no_wrap=True, end="") if isinstance(text, str) else text.copy()
    if row.cell_len > width:
        row.truncate(max(1, width - 1))
        row.append("…")
    return row


def _canvas_rows(canvas_height: int) -> int:
    """The rows plotext has for data in ``canvas_height``: less the frame, the ticks and the axis names."""
    return max(1, canvas_height - 4)


def _ticks(
    plt: Any, spec: PlotSpec, drawn: Sequence[tuple[Series, list[float], list[float]]], width: int, rows: int
) -> None:
    xs = [x for _, series_xs, _ in drawn for x in series_xs]
    ys = [y for _, _, series_ys in drawn for y in series_ys]
    if not xs:
        return
    from gdtutor.engine.plots import integer_ticks, log_ticks

    if spec.integer_x:
        ticks = integer_ticks(min(xs), max(xs), max(2, width // 8))
        plt.xticks(ticks, [str(tick) for tick in ticks])
    if spec.log_y:
        positions, labels = log_ticks(10 ** min(ys), 10 ** max(ys), max(2, rows // 2 + 1))
        plt.yticks(positions, labels)
        plt.ylim(min(min(ys), positions[0]), max(max(ys), positions[-1]))


def _hidden_difference(
    spec: PlotSpec, drawn: Sequence[tuple[Series, list[float], list[float]]], canvas: list[str], width: int
) -> str:
    """A sentence when the drawing shows a data point on a line it is off (the line drawn in the point's
    row right beside it) or two neighbouring points level that are not; "" when every difference shows.

    Each point's cell is found the way plotext places a marker (``_cell``), and the line is read from the
    drawing itself, so the sentence comes exactly when the picture hides a difference.
    """
    box = _frame(canvas)
    if spec.kind != "fit" or spec.log_y or box is None or not drawn:
        return ""
    ys = [y for _, _, series_ys in drawn for y in series_ys]
    tell_apart = 0.02 * (max(ys) - min(ys))
    cell = _cell(drawn, box)
    points = sorted(
        (x, y) for series, xs, ys in drawn if series.style != "line" for x, y in zip(xs, ys, strict=True)
    )
    lines = [(xs, ys) for series, xs, ys in drawn if series.style == "line"]
    import numpy as np

    hidden = []
    for x, y in points:
        heights = [float(np.interp(x, xs, ys)) for xs, ys in lines if xs[0] <= x <= xs[-1]]
        if not heights or any(abs(height - y) <= tell_apart for height in heights):
            continue  # on a line, or no line here to seem on
        row, column = cell(x, y)
        if _BRAILLE.search(canvas[row][max(box.left + 1, column - 2) : column + 3]):
            hidden.append(_point(x, y))
    level = [
        f"{_point(x1, y1)} and {_point(x2, y2)}"
        for (x1, y1), (x2, y2) in itertools.pairwise(points)
        if abs(y1 - y2) > tell_apart and cell(x1, y1)[0] == cell(x2, y2)[0]
    ]
    if hidden and not level:
        named = ", ".join(hidden)
        one = len(hidden) == 1
        return _shortest(
            width,
            f"At this height {named} {'looks' if one else 'look'} on the line; "
            f"{'it is' if one else 'they are'} not.",
            f"Off the line: {named}",
            TOO_SHORT,
        )
    if len(level) == 1 and not hidden:
        return _shortest(
            width, f"At this height {level[0]} look level; they are not.", f"Not level: {level[0]}", TOO_SHORT
        )
    if hidden or level:
        return _shortest(
            width, "At this height points look level or on the line when they are not.", TOO_SHORT
        )
    return ""


@dataclass(frozen=True)
class _Box:
    """The plot's frame in the drawing: the rows of its top and bottom, the columns of its sides."""

    top: int
    bottom: int
    left: int
    right: int


def _frame(canvas: list[str]) -> _Box | None:
    """Where plotext drew the frame, or None when the plot is too small to have one with data inside."""
    tops = [row for row, line in enumerate(canvas) if "┌" in line]
    bottoms = [row for row, line in enumerate(canvas) if "└" in line]
    if not tops or not bottoms or bottoms[0] - tops[0] < 2:
        return None
    top, bottom = tops[0], bottoms[0]
    left, right = canvas[top].index("┌"), canvas[top].rfind("┐")
    return _Box(top, bottom, left, right) if right - left >= 2 else None


def _cell(
    drawn: Sequence[tuple[Series, list[float], list[float]]], box: _Box
) -> Callable[[float, float], tuple[int, int]]:
    """The (row, column) of the drawing where plotext puts a marker for (x, y): as plotext 5.3 does it, the
    limits are the least and greatest value of every series, and a value is binned by
    ``floor(0.5 + (bins − 1)·(v − low)/(high − low))``, counting rows from the bottom of the frame."""
    x_limits = _limits([x for _, xs, _ in drawn for x in xs])
    y_limits = _limits([y for _, _, ys in drawn for y in ys])
    columns, rows = box.right - box.left - 1, box.bottom - box.top - 1

    def cell(x: float, y: float) -> tuple[int, int]:
        return box.bottom - 1 - _bin(y, y_limits, rows), box.left + 1 + _bin(x, x_limits, columns)

    return cell


def _limits(values: list[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    if low != high:
        return low, high
    return (0.5 * low, 1.5 * low) if low != 0 else (-1.0, 1.0)


def _bin(value: float, limits: tuple[float, float], bins: int) -> int:
    low, high = limits
    return math.floor(round(0.5 + (bins - 1) * (value - low) / (high - low), 8))


def _shortest(width: int, *sentences: str) -> str:
    """The first sentence that fits ``width``, else the last."""
    return next((sentence for sentence in sentences if len(sentence) <= width), sentences[-1])


def _point(x: float, y: float) -> str:
    return f"({show(x)}, {show(y)})"


class PlotView(Widget):
    """One plot. Set its ``spec``; it is drawn in a worker thread whenever the spec or the size changes and
    it is on screen, so typing never waits for plotext. Until the new drawing is ready the previous one
    stays."""

    DEFAULT_CSS = """
    PlotView {
        width: 1fr;
        height: 1fr;
        min-width: 20;
    }
    """

    # No repaint of its own: the drawing on screen stays until the new one is ready (_ready repaints).
    spec: reactive[PlotSpec | None] = reactive(None, init=False, repaint=False)

    def __init__(
        self, spec: PlotSpec | None = None, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        # The spec and size drawn, and the drawing as Textual content, converted once and not on every render
        self._drawn: tuple[PlotSpec, tuple[int, int], Content] | None = None
        self._drawing = False  # a drawing is under way in the worker (one at a time)
        self.held = False  # not drawn until released: where the plot goes is not settled (PlotPanel.hold)
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

    def on_show(self) -> None:
        self._redraw()  # put away while its data changed

    def _redraw(self) -> None:
        size = (self.size.width, self.size.height)
        spec = self.spec
        if spec is None or min(size) < 4:
            self._drawn = None
            self.refresh()
        elif not self.drawn:
            # Not before the frame that brought the new data is on screen (after an answer: its verdict,
            # which the learner is waiting for): plotext is pure Python and would hold the interpreter.
            self.call_after_refresh(self._draw_if_shown)

    def _draw_if_shown(self) -> None:
        """Draw now, unless the plot was put away meanwhile (showing it again draws it: on_show), is drawn
        already, or is being drawn (once that drawing is ready, what changed meanwhile is drawn)."""
        size = (self.size.width, self.size.height)
        spec = self.spec
        on_screen = all(node.display for node in self.ancestors_with_self if isinstance(node, Widget))
        if self.held or not on_screen:
            return
        if spec is not None and min(size) >= 4 and not self.drawn and not self._drawing:
            self._drawing = True
            self._draw(spec, size)

    @work(thread=True, group="plot", exit_on_error=False)
    def _draw(self, spec: PlotSpec, size: tuple[int, int]) -> None:
        text = None
        try:
            with _PLOTEXT:
                text = draw_plot(spec, *size)
        finally:
            self.app.call_from_thread(self._ready, spec, size, text)

    def _ready(self, spec: PlotSpec, size: tuple[int, int], text: Text | None) -> None:
        self._drawing = False
        if text is None:  # plotext failed: the previous drawing stays
            return
        if spec == self.spec and size == (self.size.width, self.size.height):
            self._drawn = (spec, size, Content.from_rich_text(text, console=self.app.console))
            self.refresh()
        else:  # the data or the size changed while it was drawn
            self._redraw()

    @property
    def drawn(self) -> bool:
        """Whether what is on screen is the current spec at the current size."""
        size = (self.size.width, self.size.height)
        return self._drawn is not None and self._drawn[0] == self.spec and self._drawn[1] == size

    def render(self) -> Content:
        return self._drawn[2] if self._drawn is not None and self.spec is not None else Content("")


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
        self._summary = ""
        self._held = False
        self._row = Horizontal(id="plot-row")
        self._summary_line = Static("", id="plot-summary", markup=False)

    def hold(self, held: bool) -> None:
        """Hold the drawing of the plots (while the screen works out whether they keep their place, when an
        answer may push them away) or release it, drawing what changed meanwhile."""
        if held == self._held:
            return
        self._held = held
        for view, _ in zip(self._views(), self._specs, strict=False):  # not the spare views
            view.held = held
            if not held:
                view._redraw()

    def compose(self) -> ComposeResult:
        yield self._row
        yield self._summary_line

    def _views(self) -> list[PlotView]:
        """The plot widgets, in order: the row's children, without a query of the DOM (twice an answer)."""
        return [child for child in self._row.children if isinstance(child, PlotView)]

    def on_mount(self) -> None:
        if self._specs:  # shown before the panel was up: its widgets take them now
            self.show(self._specs)

    @property
    def specs(self) -> list[PlotSpec]:
        return list(self._specs)

    def show(self, specs: Sequence[PlotSpec]) -> None:
        """Show these specs in the plot widgets already mounted. Widgets left over are hidden and kept for a
        later step with more plots, so a step's plots change in place, without a mount on the answer."""
        self._specs = list(specs)
        row = self._row
        if not row.is_mounted:  # the panel is not up yet: on_mount shows them
            return
        views = self._views()
        for view, spec in zip(views, self._specs, strict=False):
            if view.held and not self._held:  # a spare kept hidden since a step with more plots
                view.held = False
            view.spec = spec
        for view in views[len(self._specs) :]:
            view.held = True  # not drawn while it is spare
        if len(self._specs) > len(views):
            row.mount_all(self._view(spec) for spec in self._specs[len(views) :])
            self.call_after_refresh(self._arrange)  # once the new views are mounted
        else:  # the same views: arranged now, so whatever changes shows in the frame that changed the step
            self._arrange()

    def keep_spares(self, views: int = MOST_PLOTS) -> None:
        """Mount hidden plot widgets until the panel has ``views``, as a lesson opens: a later step that
        shows more plots than the steps before it (the cost by iteration, once there is a descent) sets them
        in these, instead of mounting, styling and laying out a widget while the learner waits for the
        verdict."""
        row = self._row
        missing = views - len(self._views())
        if missing > 0 and row.is_mounted:
            row.mount_all(self._spare() for _ in range(missing))

    def _spare(self) -> PlotView:
        view = PlotView()
        view.held = True  # not drawn while it is spare
        view.display = False
        return view

    def _view(self, spec: PlotSpec) -> PlotView:
        view = PlotView(spec)
        view.held = self._held
        return view

    def on_resize(self) -> None:
        self._arrange()

    def _arrange(self) -> None:
        row = self._row
        mounted = self._views()
        views = mounted[: len(self._specs)]
        stacked, shown = arrangement(len(views), self.size.width, row.size.height)
        row.set_class(stacked, "-stacked")
        for index, view in enumerate(mounted):
            view.display = len(views) - shown <= index < len(views)
        # In words, what the step's own plot (the last) shows; each plot's tooltip has its own summary.
        shown_specs = [view.spec for view in views if view.display and view.spec is not None]
        summary = shown_specs[-1].summary if shown_specs else ""
        if summary != self._summary:  # an update costs a layout: only when the words change
            self._summary = summary
            self._summary_line.update(Text(summary))
