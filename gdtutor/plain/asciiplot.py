"""A PlotSpec drawn with plain characters, for any terminal (no plotext, no colour, no escape codes)."""

from __future__ import annotations

import math

from gdtutor.engine.plots import PlotSpec, short

MARKS = {"line": ".", "points": "o", "marked": "*"}


def draw(plot: PlotSpec, width: int = 60, height: int = 15) -> list[str]:
    """The plot as lines of text: a title, a framed grid with y labels, an x range and a legend. On a log
    axis the y labels are powers of ten and the title says "log scale"."""
    series = [(s, list(s.xs), _y_values(plot, s.ys)) for s in plot.series]
    points = [(x, y) for _, xs, ys in series for x, y in zip(xs, ys, strict=True)]
    finite = [(x, y) for x, y in points if math.isfinite(x) and math.isfinite(y)]
    if not finite:
        return [plot.title, "(nothing to draw yet)"]
    x_low, x_high = _range([x for x, _ in finite])
    y_low, y_high = _range([y for _, y in finite])
    grid = [[" "] * width for _ in range(height)]
    for s, xs, ys in series:
        mark = MARKS[s.style]
        for x, y in zip(xs, ys, strict=True):
            if not (math.isfinite(x) and math.isfinite(y)):
                continue
            column = round((x - x_low) / (x_high - x_low) * (width - 1))
            row = height - 1 - round((y - y_low) / (y_high - y_low) * (height - 1))
            # Later series (the learner's marks) are drawn over earlier ones.
            if grid[row][column] == " " or mark != ".":
                grid[row][column] = mark
    top, bottom = _y_label(plot, y_high), _y_label(plot, y_low)
    label_width = max(len(top), len(bottom))
    y_name = f"{plot.y_label}, log scale" if plot.log_y else plot.y_label
    lines = [f"{plot.title} ({y_name} against {plot.x_label})"]
    for index, cells in enumerate(grid):
        label = top if index == 0 else bottom if index == height - 1 else ""
        lines.append(f"{label:>{label_width}} |{''.join(cells)}")
    lines.append(" " * label_width + " +" + "-" * width)
    left, right = (f"{x:.0f}" if plot.integer_x else short(x) for x in (x_low, x_high))
    lines.append(" " * (label_width + 2) + left + " " * max(1, width - len(left) - len(right)) + right)
    legend = "   ".join(f"{MARKS[s.style]} {s.label}" for s in plot.series)
    lines.append(" " * (label_width + 2) + legend)
    return lines


def _y_values(plot: PlotSpec, values: tuple[float, ...]) -> list[float]:
    """The heights to draw: log10 of the values on a log axis (the non-positive ones cannot be drawn)."""
    if not plot.log_y:
        return list(values)
    return [math.log10(v) if v > 0 else math.nan for v in values]


def _y_label(plot: PlotSpec, height: float) -> str:
    """A y label as a value, never a logarithm: on a log axis the value at that height."""
    return short(10**height) if plot.log_y else short(height)


def _range(values: list[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    if high == low:
        pad = abs(low) * 0.1 or 1.0
        return low - pad, high + pad
    return low, high
