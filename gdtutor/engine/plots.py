"""Plots as pure data: named series of points that a front-end draws however it can (plotext, ASCII, words).

Series are downsampled to at most ``MAX_POINTS`` points, so drawing stays cheap on any terminal. Each plot
carries a one-line ``summary`` in words, for screen readers and the plain front-end.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

import numpy as np

MAX_POINTS = 300

PlotKind = Literal["curve", "cost", "path", "fit", "compare"]
SeriesStyle = Literal["line", "points", "marked"]
# Numbers as the solver gives them (an array) or as a series keeps them (a tuple of floats).
Numbers: TypeAlias = Sequence[float] | np.ndarray


@dataclass(frozen=True)
class Series:
    """One set of points. ``style``: "line" (a curve), "points" (the solver's iterates), "marked" (the
    learner's own values, drawn so they stand out)."""

    label: str
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    style: SeriesStyle = "line"


@dataclass(frozen=True)
class PlotSpec:
    """``kind``: "curve" (J against θ), "cost" (J by iteration), "path" (θ₁ against θ₂), "fit" (data and
    the fitted line) or "compare" (two runs' costs). ``log_y`` asks for a logarithmic y axis, because J
    spans several decades: the y values are J itself (never its logarithm), and a front-end that draws them
    says "log" on the axis. ``integer_x`` means x counts iterations: its ticks are whole numbers. ``note``
    says in words what the picture leaves out (a problem with more parameters than a plot can show)."""

    kind: PlotKind
    title: str
    x_label: str
    y_label: str
    series: tuple[Series, ...]
    summary: str
    log_y: bool = False
    integer_x: bool = False
    note: str = ""


def series(label: str, xs: Numbers, ys: Numbers, style: SeriesStyle = "line") -> Series:
    """A Series from any numbers: non-finite points dropped, at most MAX_POINTS kept (ends always kept)."""
    x = np.asarray(xs, dtype=np.float64)
    y = np.asarray(ys, dtype=np.float64)
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    if x.size > MAX_POINTS:
        index = np.unique(np.linspace(0, x.size - 1, MAX_POINTS).round().astype(int))
        x, y = x[index], y[index]
    return Series(label, tuple(x.tolist()), tuple(y.tolist()), style)


def spans_decades(values: Numbers, decades: float = 2.0) -> bool:
    """Whether positive values range over more than ``decades`` powers of ten (then plot on a log axis)."""
    numbers = np.asarray(values, dtype=np.float64)
    positive = numbers[(numbers > 0) & np.isfinite(numbers)]  # a run's thousands of costs, not one by one
    return (
        positive.size >= 2
        and math.log10(float(positive.max()) / float(positive.min())) > decades
        and positive.size == numbers.size
    )


def short(value: float) -> str:
    """A number for a sentence: 9.0, 0.16, −81.0, 1.2e-05 (with a real minus sign, as in the maths)."""
    if value == 0:
        return "0.0"
    if not math.isfinite(value):
        return "∞" if value > 0 else "−∞" if value < 0 else "undefined"
    if 100 <= abs(value) < 1e6:
        text = f"{value:.0f}"
    elif 1e-3 <= abs(value) < 100:
        text = f"{value:.2g}" if abs(value) < 1 else f"{value:.3g}"
        text = text if "." in text else text + ".0"
    else:
        text = f"{value:.2g}"
    return "−" + text[1:] if text.startswith("-") else text


def describe_costs(costs: Numbers) -> str:
    """J over a run, in words: "J fell from 9.0 to 0.1 in 10 iterations; each drop about 0.64 of the one
    before"."""
    numbers = np.asarray(costs, dtype=np.float64)
    values = numbers[np.isfinite(numbers)].tolist()
    if len(values) < 2:
        return f"J is {short(values[0])}." if values else "J is not defined here."
    iterations = len(values) - 1
    first, last = values[0], values[-1]
    trend = "fell" if last < first else "grew" if last > first else "stayed"
    sentence = (
        f"J {trend} from {short(first)} to {short(last)} in {iterations} iteration{'s' * (iterations != 1)}"
    )
    if trend == "stayed":
        return f"J stayed at {short(first)} for {iterations} iterations."
    ratio = _step_ratio(values)
    if ratio is not None:
        if trend == "fell":
            sentence += f"; each drop about {short(ratio)} of the one before"
        else:
            sentence += f"; each rise about {short(ratio)} times the one before"
    return sentence + "."


def _step_ratio(values: Numbers) -> float | None:
    """How the size of the change in J shrinks or grows from one iteration to the next, when it is steady."""
    changes = np.abs(np.diff(np.asarray(values)))
    if changes.size < 2 or np.any(changes[:-1] == 0):
        return None
    ratios = changes[1:] / changes[:-1]
    middle = _median(ratios)
    if middle <= 0 or np.max(np.abs(ratios - middle)) > 0.1 * middle:
        return None
    return middle


def _median(values: np.ndarray) -> float:
    """``float(np.median(values))`` without the numpy.ma that np.median imports on its first call (10 ms or
    more, in the middle of the first answer whose plot has three iterates)."""
    if np.isnan(values).any():
        return math.nan
    ordered = np.sort(values)
    middle = ordered.size // 2
    return float(ordered[middle] if ordered.size % 2 else (ordered[middle - 1] + ordered[middle]) / 2)


def describe_path(points: Sequence[Sequence[float]] | np.ndarray, names: Sequence[str]) -> str:
    """Where a run of θ went, in words: "θ went from 3.0 to 0.32 in 10 iterations; each step about 0.8 of
    the one before"."""
    if not len(points):
        return "No iterates yet."
    start = ", ".join(f"{name} = {short(v)}" for name, v in zip(names, points[0], strict=True))
    if len(points) == 1:
        return f"Descent starts at {start}."
    end = ", ".join(f"{name} = {short(v)}" for name, v in zip(names, points[-1], strict=True))
    count = len(points) - 1
    sentence = f"Descent went from {start} to {end} in {count} iteration{'s' * (count != 1)}"
    sizes = np.linalg.norm(np.diff(np.asarray(points, dtype=np.float64), axis=0), axis=1)
    ratio = _step_ratio(np.concatenate([[0.0], np.cumsum(sizes)]))
    if ratio is not None:
        sentence += f"; each step about {short(ratio)} of the one before"
    return sentence + "."


SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def decade_label(power: int) -> str:
    """A tick label for 10^power on a log axis: 0.01, 0.1, 1, 10, 100 near 1, else 10⁻⁵, 10⁶."""
    if -2 <= power <= 2:
        return f"{10.0**power:g}"
    return "10" + str(power).translate(SUPERSCRIPTS)


def log_ticks(low: float, high: float, most: int) -> tuple[list[float], list[str]]:
    """Ticks for a log axis over values from ``low`` to ``high`` (both positive): their positions as log10
    of the value, every whole power of ten (or every 2nd, 5th, 10th… so at most ``most`` are left), and
    their labels as values ("0.01", "10⁻⁵"), never as logarithms."""
    first, last = math.ceil(math.log10(low) - 1e-9), math.floor(math.log10(high) + 1e-9)
    if last < first:  # less than a decade: the nearest powers of ten either side
        first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    step = nice_step((last - first) / max(1, most - 1))
    powers = [p for p in range(first, last + 1) if p % step == 0]
    if len(powers) < 2:  # always two ticks, so the axis shows how many decades it spans
        powers = sorted({first, last})
    return [float(p) for p in powers], [decade_label(p) for p in powers]


def integer_ticks(low: float, high: float, most: int) -> list[int]:
    """Whole-number ticks from ``low`` to ``high`` (an iteration axis), at most ``most`` of them."""
    start, end = math.ceil(low), math.floor(high)
    if end <= start:
        return [start]
    step = nice_step((end - start) / max(1, most - 1))
    return [t for t in range(start, end + 1) if t % step == 0]


def nice_step(raw: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50… that is at least ``raw``."""
    step = 1
    while step < raw:
        for factor in (2, 5 / 2, 2):
            step = round(step * factor)
            if step >= raw:
                break
    return step
