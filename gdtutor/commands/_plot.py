"""The `--plot` chart: J by iteration, drawn with plotext as text."""

from __future__ import annotations

import os
import shutil

import numpy as np

MAX_POINTS = 400


def cost_chart(costs: np.ndarray, colour: bool) -> str:
    """A chart of J against the iteration number; on a log axis when J spans decades, its ticks labelled
    with values (0.01, 10⁻⁵), never with logarithms, and "log scale" beside the axis name."""
    import plotext as plt

    from gdtutor.engine.plots import integer_ticks, log_ticks

    iterations = np.arange(costs.shape[0])
    finite = np.isfinite(costs)
    iterations, costs = iterations[finite], costs[finite]
    if costs.size > MAX_POINTS:
        keep = np.unique(np.linspace(0, costs.size - 1, MAX_POINTS).round().astype(int))
        iterations, costs = iterations[keep], costs[keep]
    positive = costs.size > 0 and bool((costs > 0).all())
    logarithmic = positive and costs.max() / costs.min() > 100
    values = np.log10(costs) if logarithmic else costs

    width, height = shutil.get_terminal_size((80, 24))
    plt.clear_figure()
    plt.plotsize(min(width, 100), max(10, min(height - 4, 20)))
    plt.plot(iterations.tolist(), values.tolist(), marker="braille")
    if logarithmic:
        plt.yticks(*log_ticks(float(costs.min()), float(costs.max()), 6))
    if iterations.size:
        ticks = integer_ticks(0, float(iterations[-1]), 8)
        plt.xticks(ticks, [str(tick) for tick in ticks])
    plt.title("cost J by iteration")
    plt.xlabel("iteration")
    plt.ylabel("J (log scale)" if logarithmic else "J")
    chart = plt.build()
    plt.clear_figure()
    return chart if colour else plt.uncolorize(chart)


def wants_colour(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and "NO_COLOR" not in os.environ
