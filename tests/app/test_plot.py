"""Plots drawn from the engine's PlotSpec: size, markers, untrusted labels, and how several share a panel."""

from __future__ import annotations

from dataclasses import replace

import pytest
from screens import settle, until
from textual.app import App, ComposeResult
from textual.widgets import Input

from gdtutor.engine.plots import PlotSpec, series
from gdtutor.tui.screens.lesson import LessonScreen
from gdtutor.tui.widgets.plot import (
    MARKED_MARKERS,
    MIN_PLOT_HEIGHT,
    MIN_PLOT_WIDTH,
    MOST_PLOTS,
    POINT_MARKERS,
    PlotPanel,
    PlotView,
    arrangement,
    draw_plot,
)

SPEC = PlotSpec(
    kind="curve",
    title="J(θ) and the iterates",
    x_label="θ",
    y_label="J(θ)",
    series=(
        series("J(θ)", [x / 10 for x in range(-5, 36)], [(x / 10) ** 2 for x in range(-5, 36)]),
        series("solver", [3.0, 2.4], [9.0, 5.76], "points"),
        series("[bold]you[/bold]", [3.6], [12.96], "marked"),
    ),
    summary="Descent went from θ = 3.0 to θ = 2.4 in 1 iteration.",
)


@pytest.mark.parametrize(("width", "height"), [(78, 8), (58, 36), (24, 6)])
def test_a_plot_fills_exactly_its_size(width: int, height: int):
    lines = draw_plot(SPEC, width, height).plain.split("\n")
    assert len(lines) == height
    assert max(len(line) for line in lines) <= width


def test_series_keep_apart_without_colour_and_labels_are_not_markup():
    plain = draw_plot(SPEC, 60, 16).plain
    assert "●" in plain and "x" in plain  # solver's dots, the learner's crosses
    assert "[bold]you[/bold]" in plain
    assert "J(θ) and the iterates" in plain


def test_a_title_too_long_for_a_narrow_plot_is_shortened_not_dropped():
    assert draw_plot(SPEC, 14, 12).plain.startswith("J(θ) and the …")


def test_plots_go_side_by_side_then_stacked_then_the_last_ones_only():
    assert arrangement(0, 80, 10) == (False, 0)
    assert arrangement(2, 2 * MIN_PLOT_WIDTH, 10) == (False, 2)
    assert arrangement(2, 2 * MIN_PLOT_WIDTH - 1, 2 * MIN_PLOT_HEIGHT) == (True, 2)
    assert arrangement(3, 78, 9) == (False, 2)
    assert arrangement(3, 30, 9) == (False, 1)


@pytest.mark.asyncio
async def test_a_wrong_answer_shows_on_the_curve_with_its_own_marker_and_legend(fixture_app):
    app = fixture_app("fixture-descent")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        await pilot.press("enter")  # past the read step, to θ after one update
        uphill = dict(screen.tutor.question().mistaken_answers())["uphill"]
        screen.query_one("#answer", Input).value = uphill
        await pilot.press("enter")
        await pilot.pause()
        curve = screen.query_one(PlotView)
        await until(pilot, lambda: curve.drawn)
        drawn = curve.render().plain
        assert "your answers" in drawn and "solver" in drawn
        legend = next(line for line in drawn.split("\n") if "your answers" in line)
        assert f"{MARKED_MARKERS[0]} your answers" in legend and f"{POINT_MARKERS[0]} solver" in legend
        in_words = str(screen.query_one("#plot-summary").render())
        assert f"Your θ = {float(uphill):g} sits higher on the curve" in in_words


class PanelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield PlotPanel(id="plots")


@pytest.mark.asyncio
async def test_a_panel_keeps_its_plot_widgets_and_shows_a_different_number_of_plots_in_them():
    """Fewer plots hide the widgets left over; more use them again, without a mount on the step change."""
    other = replace(SPEC, title="The cost by iteration", summary="J fell.")
    app = PanelApp()
    async with app.run_test(size=(100, 24)) as pilot:
        panel = app.query_one(PlotPanel)
        panel.show([SPEC, other])
        await pilot.pause()
        first, second = panel.query(PlotView)
        panel.show([other])
        await pilot.pause()
        assert list(panel.query(PlotView)) == [first, second]
        assert first.display and first.spec == other and not second.display and second.held
        panel.show([SPEC, other])
        await pilot.pause()
        assert list(panel.query(PlotView)) == [first, second]
        assert first.display and second.display and not second.held and second.spec == other
        await until(pilot, lambda: second.drawn)
        assert "The cost by iteration" in second.render().plain


@pytest.mark.asyncio
async def test_spare_plot_widgets_kept_as_a_lesson_opens_take_the_plots_a_later_step_adds():
    """A step that shows more plots than the steps before it (the cost by iteration, once there is a
    descent) sets them in hidden widgets mounted as the lesson opened, not in widgets mounted on the
    learner's answer."""
    other = replace(SPEC, title="The cost by iteration", summary="J fell.")
    app = PanelApp()
    async with app.run_test(size=(100, 24)) as pilot:
        panel = app.query_one(PlotPanel)
        panel.show([SPEC])
        panel.keep_spares()
        await pilot.pause()
        views = list(panel.query(PlotView))
        assert len(views) == MOST_PLOTS
        assert [view.display for view in views] == [True, False, False]
        assert all(view.held for view in views[1:])
        panel.keep_spares()  # enough already: nothing more is mounted
        await pilot.pause()
        assert list(panel.query(PlotView)) == views

        panel.show([SPEC, other])
        await pilot.pause()
        assert list(panel.query(PlotView)) == views
        assert [view.display for view in views] == [True, True, False] and views[1].spec == other
        await until(pilot, lambda: views[1].drawn)
        assert "The cost by iteration" in views[1].render().plain
        assert not views[2].drawn


class EarlyPanelApp(App[None]):
    def compose(self) -> ComposeResult:
        panel = PlotPanel(id="plots")
        panel.show([SPEC])  # before the panel is mounted: its widgets are not up yet
        yield panel


@pytest.mark.asyncio
async def test_plots_shown_before_the_panel_is_up_are_drawn_once_it_is():
    app = EarlyPanelApp()
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        view = app.query_one(PlotView)
        await until(pilot, lambda: view.drawn)
        assert view.spec == SPEC and "J(θ) and the iterates" in view.render().plain


@pytest.mark.asyncio
async def test_new_data_does_not_repaint_the_plot_until_its_new_drawing_is_ready(monkeypatch):
    """The drawing on screen stays until the new one is ready, so the frame that changes the data (an
    answer's verdict) does not render the old drawing again."""
    painted: list[PlotView] = []
    render_lines = PlotView.render_lines
    monkeypatch.setattr(
        PlotView, "render_lines", lambda view, crop: painted.append(view) or render_lines(view, crop)
    )
    other = replace(SPEC, title="The cost by iteration", summary="J fell.")
    app = PanelApp()
    async with app.run_test(size=(100, 24)) as pilot:
        panel = app.query_one(PlotPanel)
        panel.show([SPEC])
        view = panel.query_one(PlotView)
        await until(pilot, lambda: view.drawn)  # drawn in a worker started after a refresh, however late
        await settle(pilot)  # and the drawing painted
        panel.hold(True)  # as the lesson screen does while it works out where the plot goes
        painted.clear()
        panel.show([other])
        await pilot.pause()
        assert painted == [] and "J(θ) and the iterates" in view.render().plain
        panel.hold(False)
        await until(pilot, lambda: "The cost by iteration" in view.render().plain)
        assert painted
