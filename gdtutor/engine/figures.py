"""Which plots a step gets, built from the solver's run and the learner's own iterates.

The solver's iterates are only shown as far as the learner has got (so a plot never gives an answer away),
except on a full run: an explore step once predicted, or the end of the lesson.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gdtutor.checking.symbols import show, symbol
from gdtutor.engine.plots import PlotSpec, describe_costs, describe_path, series, spans_decades
from gdtutor.lessons.problem import Setup

CURVE_POINTS = 200


def describe_problem(setup: Setup) -> str:
    """The problem in one line: "J(θ) = θ², start θ = 3, α = 0.1"."""
    spec = setup.spec
    start = ", ".join(f"{symbol(name)} = {show(float(spec.start[name]))}" for name in setup.params)
    alpha = f"α = {show(setup.alpha)}"
    if spec.objective is not None:
        names = ", ".join(symbol(name) for name in setup.params)
        return f"J({names}) = {setup.cost_expr().to_unicode()}, start {start}, {alpha}"
    cost = "one-half MSE" if spec.cost == "half-mse" else "MSE"
    examples = len(spec.data or ())
    scaled = ", features scaled" if spec.normalize else ""
    return f"linear regression on {examples} examples, {cost}{scaled}, start {start}, {alpha}"


def plots_for(
    setup: Setup, learner: Mapping[int, np.ndarray], full_run: bool, compare: Setup | None = None
) -> list[PlotSpec]:
    """The plots for a step on ``setup``: its main picture, then the cost by iteration once there is one."""
    reached = max(learner, default=0)
    trace = setup.run() if full_run else setup.run(reached)
    thetas, costs = trace.thetas, trace.costs
    mine = sorted(learner.items())
    learner_thetas = np.array([theta for _, theta in mine]) if mine else np.empty((0, len(setup.params)))
    learner_iterations = [k for k, _ in mine]
    plots = [_main_plot(setup, thetas, learner_thetas)]
    if len(costs) > 1 or mine:
        plots.append(_cost_plot(setup, costs, learner_iterations, learner_thetas))
    if compare is not None:
        plots.append(_compare_plot(setup, compare))
    return [plot for plot in plots if plot is not None]


def _main_plot(setup: Setup, thetas: np.ndarray, mine: np.ndarray) -> PlotSpec | None:
    if setup.spec.is_regression:
        return _fit_plot(setup, thetas[-1]) if setup.features == 1 else None
    if len(setup.params) == 1:
        return _curve_plot(setup, thetas, mine)
    if len(setup.params) == 2:
        return _path_plot(setup, thetas, mine)
    return None


def _curve_plot(setup: Setup, thetas: np.ndarray, mine: np.ndarray) -> PlotSpec:
    name = symbol(setup.params[0])
    points = np.concatenate([thetas[:, 0], mine[:, 0] if mine.size else [], [0.0]])
    finite = points[np.isfinite(points)]
    low, high = float(finite.min()), float(finite.max())
    margin = max(0.15 * (high - low), 0.5)
    grid = np.linspace(low - margin, high + margin, CURVE_POINTS)
    objective = setup.objective
    curve = [objective.cost(np.array([x])) for x in grid]
    parts = [series(f"J({name})", grid, curve, "line")]
    parts.append(series("solver", thetas[:, 0], [objective.cost(t) for t in thetas], "points"))
    if mine.size:
        parts.append(series("you", mine[:, 0], [objective.cost(t) for t in mine], "marked"))
    return PlotSpec(
        kind="curve",
        title=f"J({name}) and the iterates",
        x_label=name,
        y_label=f"J({name})",
        series=tuple(parts),
        summary=describe_path(thetas, [name]),
    )


def _path_plot(setup: Setup, thetas: np.ndarray, mine: np.ndarray) -> PlotSpec:
    first, second = (symbol(name) for name in setup.params)
    parts = [series("solver", thetas[:, 0], thetas[:, 1], "points")]
    if mine.size:
        parts.append(series("you", mine[:, 0], mine[:, 1], "marked"))
    return PlotSpec(
        kind="path",
        title=f"The path of ({first}, {second})",
        x_label=first,
        y_label=second,
        series=tuple(parts),
        summary=describe_path(thetas, [first, second]),
    )


def _fit_plot(setup: Setup, theta: np.ndarray) -> PlotSpec:
    X, y = setup.design
    xs = X[:, 0]
    grid = np.linspace(float(xs.min()), float(xs.max()), 50)
    line = setup.objective.predict(theta, grid.reshape(-1, 1))  # type: ignore[attr-defined]
    fitted = f"h(x) = {show(float(theta[0]))} + {show(float(theta[1]))}·x"
    return PlotSpec(
        kind="fit",
        title="The data and the fitted line",
        x_label="x",
        y_label="y",
        series=(series("data", xs, y, "points"), series(fitted, grid, line, "line")),
        summary=f"{len(xs)} examples; the line is {fitted}.",
    )


def _cost_plot(setup: Setup, costs: np.ndarray, iterations: list[int], mine: np.ndarray) -> PlotSpec:
    objective = setup.objective
    learner_costs = [objective.cost(theta) for theta in mine]
    log = spans_decades(list(costs) + learner_costs)
    scale = np.log10 if log else np.asarray
    parts = [series("solver", np.arange(len(costs)), scale(np.asarray(costs)), "line")]
    if iterations:
        parts.append(series("you", iterations, scale(np.asarray(learner_costs)), "marked"))
    return PlotSpec(
        kind="cost",
        title="The cost by iteration",
        x_label="iteration",
        y_label="log10 J" if log else "J",
        series=tuple(parts),
        summary=describe_costs(costs),
        log_y=log,
    )


def _compare_plot(setup: Setup, other: Setup) -> PlotSpec:
    first, second = setup.run().costs, other.run().costs
    log = spans_decades(list(first) + list(second))
    scale = np.log10 if log else np.asarray
    label_a, label_b = (f"α = {show(s.alpha)}" for s in (setup, other))
    if label_a == label_b:
        label_a, label_b = "first run", "second run"
    return PlotSpec(
        kind="compare",
        title="Two runs side by side",
        x_label="iteration",
        y_label="log10 J" if log else "J",
        series=(
            series(label_a, np.arange(len(first)), scale(np.asarray(first)), "line"),
            series(label_b, np.arange(len(second)), scale(np.asarray(second)), "line"),
        ),
        summary=f"{label_a}: {describe_costs(first)} {label_b}: {describe_costs(second)}",
        log_y=log,
    )
