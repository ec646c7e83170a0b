"""A PlotSpec drawn with plain characters, for any terminal (no plotext, no colour, no escape codes)."""

from __future__ import annotations

import math

from gdtutor.engine.plots import PlotSpec, short

MARKS = {"line": ".", "points": "o", "marked": "*"}


def draw(plot: PlotSpec, width: int = 60, height: int = 15) -> list[str]:
    """The plot as lines of text: a title, a framed grid with y labels, an x range and a legend."""
    points = [(x, y) for s in plot.series for x, y in zip(s.xs, s.ys, strict=True)]
    finite = [(x, y) for x, y in points if math.isfinite(x) and math.isfinite(y)]
    if not finite:
        return [plot.title, "(nothing to draw yet)"]
    x_low, x_high = _range([x for x, _ in finite])
    y_low, y_high = _range([y for _, y in finite])
    grid = [[" "] * width for _ in range(height)]
    for s in plot.series:
        mark = MARKS[s.style]
        for x, y in zip(s.xs, s.ys, strict=True):
            if not (math.isfinite(x) and math.isfinite(y)):
                continue
            column = round((x - x_low) / (x_high - x_low) * (width - 1))
            row = height - 1 - round((y - y_low) / (y_high - y_low) * (height - 1))
            # Later series (the learner's marks) are drawn over earlier ones.
            if grid[row][column] == " " or mark != ".":
                grid[row][column] = mark
    top, bottom = short(y_high), short(y_low)
    label_width = max(len(top), len(bottom))
    lines = [f"{plot.title} ({plot.y_label} against {plot.x_label})"]
    for index, cells in enumerate(grid):
        label = top if index == 0 else bottom if index == height - 1 else ""
        lines.append(f"{label:>{label_width}} |{''.join(cells)}")
    lines.append(" " * label_width + " +" + "-" * width)
    left, right = short(x_low), short(x_high)
    lines.append(" " * (label_width + 2) + left + " " * max(1, width - len(left) - len(right)) + right)
    legend = "   ".join(f"{MARKS[s.style]} {s.label}" for s in plot.series)
    lines.append(" " * (label_width + 2) + legend)
    return lines


def _range(values: list[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    if high == low:
        pad = abs(low) * 0.1 or 1.0
        return low - pad, high + pad
    return low, high
