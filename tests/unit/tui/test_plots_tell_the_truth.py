"""Plots that never say something false: a cost never below zero (a real log axis that says "log"), legends
that hide no data, whole-number iteration ticks, and a sentence exactly when the drawing shows points on a
line they are off, or level when they are not."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from gdtutor.engine import Tutor
from gdtutor.engine.plots import PlotSpec, series
from gdtutor.lessons import load_lesson
from gdtutor.lessons.loading import parse_lesson
from gdtutor.tui.widgets.plot import TOO_SHORT, draw_plot

EVERY_KIND = "At this height points look level or on the line when they are not."

LESSONS = Path(__file__).resolve().parents[3] / "lessons"
SIZES = [(w, h) for w in (38, 58, 78) for h in (7, 8, 9, 10, 12, 16, 24)]
BRAILLE = re.compile("[\u2801-\u28ff]")


def cost_spec(costs, log_y=True) -> PlotSpec:
    return PlotSpec(
        kind="cost",
        title="The cost by iteration",
        x_label="iteration",
        y_label="J",
        series=(series("solver", np.arange(len(costs)), costs),),
        summary="",
        log_y=log_y,
        integer_x=True,
    )


def frame(lines: list[str]) -> tuple[int, int]:
    """The rows of the top and bottom of the plot's frame."""
    top = next(i for i, line in enumerate(lines) if "┌" in line)
    bottom = next(i for i, line in enumerate(lines) if "└" in line)
    return top, bottom


def y_tick_labels(lines: list[str]) -> list[str]:
    return [line.split("┤")[0].strip() for line in lines if "┤" in line]


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_cost_over_many_decades_is_on_a_log_axis_that_says_so_and_never_goes_below_zero(width, height):
    costs = 9 * 0.64 ** np.arange(100)  # J = θ² from θ = 3 with α = 0.1: 9 down to 1e-19
    lines = draw_plot(cost_spec(costs), width, height).plain.split("\n")
    labels = y_tick_labels(lines)
    assert labels, lines
    assert not any(label.startswith(("-", "−")) for label in labels), labels
    assert all(re.fullmatch(r"[0-9.]+|10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+", label) for label in labels), labels
    assert "log scale" in lines[-1]  # the axis name, under the frame, at every size


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_iteration_ticks_are_whole_numbers(width, height):
    lines = draw_plot(cost_spec([9.0, 5.76, 3.69, 2.36], log_y=False), width, height).plain.split("\n")
    _, bottom = frame(lines)
    ticks = lines[bottom + 1].split()
    assert ticks and all(tick.isdigit() for tick in ticks), ticks


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_legend_sits_above_the_frame_and_hides_no_point(width, height):
    spec = PlotSpec(
        kind="curve",
        title="J(θ) and the iterates",
        x_label="θ",
        y_label="J(θ)",
        series=(
            series("J(θ)", np.linspace(-3.5, 3.5, 50), np.linspace(-3.5, 3.5, 50) ** 2),
            series("solver", [-3.0], [9.0], "points"),  # the top-left corner, where plotext put its legend
            series("your answers", [-3.3], [10.89], "marked"),
        ),
        summary="",
    )
    lines = draw_plot(spec, width, height).plain.split("\n")
    top, bottom = frame(lines)
    inside = "\n".join(lines[top : bottom + 1])
    assert "●" in inside and "x" in inside  # both points drawn, nothing over them
    assert "solver" not in inside and "your answers" not in inside
    assert "● solver" in "\n".join(lines[:top])


def fit_specs(name: str, data: str | None = None):
    """Every fit plot of a lesson, walked with right answers."""
    if data is None:
        lesson = load_lesson(next(LESSONS.glob(f"{name}*.yaml")))
    else:
        lesson, problems = parse_lesson(data, "lesson.yaml")
        assert not problems
    tutor = Tutor(lesson, seed=0)
    while not tutor.finished:
        yield from (plot for plot in tutor.plots() if plot.kind == "fit")
        view = tutor.view()
        if view.is_question and not view.complete:
            for _ in range(20):
                if tutor.view().complete:
                    break
                tutor.submit(tutor.question().answer())
        tutor.next()


def points_that_look_wrong(lines: list[str], spec: PlotSpec) -> list[str]:
    """Read the drawing itself: a data point (●) with the line drawn in its row right beside it while it is
    off every line, or two points in one row with different y. Returns them as "(x, y)" texts."""
    top, bottom = frame(lines)
    data = next(s for s in spec.series if s.label == "data")
    by_x = sorted(set(zip(data.xs, data.ys, strict=True)))
    # left to right, and bottom to top within a column, as the points sorted by (x, y)
    cells = sorted(
        ((col, row) for row in range(top, bottom) for col, char in enumerate(lines[row]) if char == "●"),
        key=lambda cell: (cell[0], -cell[1]),
    )
    if len(cells) != len(by_x):
        return []  # two points share a cell: nothing to pair up
    lines_of_fit = [s for s in spec.series if s.style == "line"]
    wrong = []
    for (x, y), (col, row) in zip(by_x, cells, strict=True):
        on_a_line = any(abs(np.interp(x, s.xs, s.ys) - y) < 1e-9 for s in lines_of_fit)
        near = lines[row][max(0, col - 2) : col + 3]
        if not on_a_line and BRAILLE.search(near):
            wrong.append(f"({x:g}, {y:g})")
    for ((x1, y1), (_, r1)), ((x2, y2), (_, r2)) in zip(
        zip(by_x, cells, strict=True), list(zip(by_x, cells, strict=True))[1:], strict=False
    ):
        if r1 == r2 and y1 != y2:
            wrong += [f"({x1:g}, {y1:g})", f"({x2:g}, {y2:g})"]
    return wrong


def said(lines: list[str]) -> bool:
    """Whether the plot's last row is the sentence about a hidden difference (not the axis names)."""
    return lines[-1] == TOO_SHORT or lines[-1].startswith(("At this height", "Off the line", "Not level"))


@pytest.mark.parametrize("lesson", ["01", "09", "10"])
def test_a_fit_plot_says_its_rows_hide_a_difference_exactly_when_the_drawing_does(lesson):
    hiding = clear = 0
    for spec in dict.fromkeys(fit_specs(lesson)):
        for width, height in SIZES:
            lines = draw_plot(spec, width, height).plain.split("\n")
            wrong = points_that_look_wrong(lines, spec)
            if wrong:
                hiding += 1
                sentence = lines[-1]
                named = all(point in sentence for point in wrong)
                assert named or sentence in (EVERY_KIND, TOO_SHORT), (wrong, "\n".join(lines))
            else:  # every difference shows: the axis names, no sentence
                clear += 1
                assert not said(lines), "\n".join(lines)
    assert hiding and clear  # both happen at these sizes: neither half is vacuous


def fit(data: list[tuple[float, float]], intercept: float, slope: float) -> PlotSpec:
    xs, ys = zip(*data, strict=True)
    line = np.linspace(min(xs), max(xs), 50)
    return PlotSpec(
        kind="fit",
        title="The data and the fitted line",
        x_label="x",
        y_label="y",
        series=(series("data", xs, ys, "points"), series("the line", line, intercept + slope * line)),
        summary="",
    )


def test_lesson_1s_point_4_7_is_named_where_it_shares_the_lines_row_and_only_there():
    spec = fit([(1, 2), (4, 7), (5, 12)], 1, 2)  # h(x) = 1 + 2x: every point is off it
    short = draw_plot(spec, 78, 8).plain.split("\n")  # the lesson screen's plot at 80×24
    assert "(4, 7)" in short[-1], "\n".join(short)
    tall = draw_plot(spec, 78, 16).plain.split("\n")  # (4, 7) sits rows below the line there
    assert "(4, 7)" not in tall[-1], "\n".join(tall)


def test_lesson_9s_points_2_5_and_3_7_are_said_not_level_only_where_they_share_a_row():
    spec = fit([(1, 3), (2, 5), (3, 7), (4, 9)], 1, 2)
    beside_the_cost = draw_plot(spec, 39, 8).plain.split("\n")  # two plots side by side at 80×24
    assert beside_the_cost[-1] == "Not level: (2, 5) and (3, 7)", "\n".join(beside_the_cost)
    taller = draw_plot(spec, 78, 12).plain.split("\n")
    assert not said(taller) and taller[-1].split() == ["y", "x"], "\n".join(taller)
