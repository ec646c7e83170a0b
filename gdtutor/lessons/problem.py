"""A lesson's problem as the core solver sees it: the objective, the start, the run, and the formulas.

Every number a lesson asks for comes from here (through ``gdtutor.core``), never from the lesson file.
The problem must be instantiated (no random numbers left) before anything here is called.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cached_property

import numpy as np

from gdtutor.core.descent import Trace, gradient_descent
from gdtutor.core.expr import Expr, parse
from gdtutor.core.expr.names import SCALING as SCALING_NAME
from gdtutor.core.normalize import Normalization
from gdtutor.core.objectives import ExpressionObjective, LinearRegression, Objective, normal_equation
from gdtutor.errors import GdtutorError
from gdtutor.lessons.model import ProblemSpec, drawn

# Iteration counts far beyond any lesson's: a long run to find where descent settles.
SETTLE_ITERATIONS = 100_000


@dataclass(eq=False)
class Runs:
    """What descent found for one objective from one start at one α, whatever iteration count a step asks
    for (the iterates do not depend on it): the longest plain run so far, whose first rows are every shorter
    run, and the search for where descent settles, a run stopped by a gradient tolerance whose rows up to that
    stop are the plain run's too."""

    key: Hashable
    longest: Trace | None = None
    settling: Trace | None = None
    settled: tuple[np.ndarray | None] | None = None


@dataclass(frozen=True)
class Setup:
    """An instantiated problem with its objective built once and its runs kept.

    Build one through ``setup_for(spec)``, which hands out one ``Setup`` per distinct problem, and lets
    problems that differ only in their iteration count share their ``Runs``, so a learner's action parses
    the objective and runs descent at most once however many questions and plots read it.
    """

    spec: ProblemSpec
    runs: Runs = field(default_factory=lambda: Runs(None), compare=False, repr=False)

    @cached_property
    def objective(self) -> Objective:
        spec = self.spec
        if spec.objective is not None:
            return ExpressionObjective(self._read(spec.objective, 1))
        X, y = self.design
        normalization = Normalization.fit(X, ddof=spec.ddof) if spec.normalize else None
        return LinearRegression(X, y, cost=spec.cost, normalization=normalization)

    @cached_property
    def key(self) -> Hashable:
        """``problem_key(spec)``, worked out once: the learner's path looks its θ up by it on every action."""
        return problem_key(self.spec)

    @cached_property
    def _parsed(self) -> dict[tuple[str, int], Expr]:
        return {}

    def _read(self, text: str, features: int) -> Expr:
        """``parse(text, features)``, kept: the problem's own formulas (J, h, a lesson's mistakes) are read
        again by every question and view on it, and an ``Expr`` never changes."""
        parsed = self._parsed.get((text, features))
        if parsed is None:
            parsed = self._parsed[text, features] = parse(text, features=features)
        return parsed

    @cached_property
    def design(self) -> tuple[np.ndarray, np.ndarray]:
        """The data set as (X raw features m×n, y)."""
        rows = np.array(self.spec.data or (), dtype=np.float64)
        return rows[:, :-1], rows[:, -1]

    @cached_property
    def feature_stats(self) -> tuple[np.ndarray, np.ndarray]:
        """Each raw feature's mean and standard deviation over the training set (dividing by m − ddof), as
        ``normalize`` uses them; a deviation is 0 (or nan for too few rows) where scaling is impossible."""
        X = self.design[0]
        if X.shape[0] <= self.spec.ddof:  # one example and m − 1: numpy would warn on stderr
            return X.mean(axis=0), np.full(X.shape[1], np.nan)
        with np.errstate(all="ignore"):
            return X.mean(axis=0), X.std(axis=0, ddof=self.spec.ddof)

    def scaled(self, raw: np.ndarray) -> np.ndarray:
        """Raw feature values as the hypothesis sees them: z-scores when the problem scales its features."""
        objective = self.objective
        assert isinstance(objective, LinearRegression)
        if objective.normalization is None:
            return np.asarray(raw, dtype=np.float64)
        return objective.normalization.apply(raw)

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(self.objective.params)

    @property
    def alpha(self) -> float:
        return drawn(self.spec.alpha)

    @property
    def start(self) -> np.ndarray:
        return np.array([drawn(self.spec.start[name]) for name in self.params])

    def run(self, iterations: int | None = None) -> Trace:
        """The solver's trace from the start: ``iterations`` updates (default the problem's)."""
        count = self.spec.iterations if iterations is None else iterations
        cut = self._made(count)
        if cut is None:
            # At least the problem's own run: the shorter ones its questions ask for first (the start, θ one
            # update before the one asked for) are then its first rows, not runs of their own.
            trace = gradient_descent(self.objective, self.start, self.alpha, max(count, self.spec.iterations))
            self.runs.longest = _read_only(trace)
            cut = trace.head(count)
            assert cut is not None  # it ran at least ``count`` updates, or stopped early for good
        return cut

    def _made(self, count: int) -> Trace | None:
        """The first ``count`` updates out of a run already made, or None."""
        longest, settling = self.runs.longest, self.runs.settling
        cut = None if longest is None else longest.head(count)
        if cut is None and settling is not None and count < settling.updates:
            cut = settling.head(count)
        return cut

    def toward_minimum(self, limit: int) -> Trace:
        """The run from the start toward ``minimizer()``: ``limit`` updates, or fewer where descent settles
        sooner (the search for the minimum is that run). A regression's minimum is the normal equation's,
        so its run is the plain one."""
        self.minimizer()
        settling = self.runs.settling
        if settling is None:
            return self.run(limit)
        cut = settling.head(min(limit, settling.updates))
        assert cut is not None  # at most its own length
        return cut

    def point(self, iteration: int) -> np.ndarray:
        """θ after ``iteration`` updates; a GdtutorError when descent has run away before then."""
        trace = self.run(max(iteration, 0))
        if trace.thetas.shape[0] <= iteration:
            raise GdtutorError(f"descent diverged before iteration {iteration}: there is no θ to ask about")
        return trace.thetas[iteration]

    def minimizer(self) -> np.ndarray | None:
        """Where J is smallest: the normal equation for regression; where a long descent settles otherwise
        (None when it does not). Found once per problem, read-only."""
        if self.runs.settled is None:
            theta = self._lowest()
            if theta is not None:
                theta.flags.writeable = False
            self.runs.settled = (theta,)
        return self.runs.settled[0]

    def _lowest(self) -> np.ndarray | None:
        objective = self.objective
        if isinstance(objective, LinearRegression):
            return normal_equation(objective.X, objective.y)
        trace = gradient_descent(objective, self.start, self.alpha, SETTLE_ITERATIONS, grad_tol=1e-12)
        self.runs.settling = _read_only(trace)
        return trace.theta if trace.stopped == "converged" else None

    # ---- formulas ----

    @property
    def features(self) -> int:
        return self.design[0].shape[1] if self.spec.is_regression else 1

    def parse(self, text: str) -> Expr:
        """Parse a formula with this problem's hypothesis (h over its number of features)."""
        return self._read(text, self.features)

    def cost_expr(self) -> Expr:
        """J as a formula: the objective, or the (one-half) MSE over the training set."""
        if self.spec.objective is not None:
            return self._read(self.spec.objective, 1)
        scale = "1/(2*m)" if self.spec.cost == "half-mse" else "1/m"
        return self.parse(f"{scale} * sum((h - y)^2)")

    def hypothesis_expr(self) -> Expr:
        return self.parse("h")

    def formula_data(self) -> dict[str, float | np.ndarray]:
        """What a formula answer is checked with: α as the lesson fixes it, and for regression the data
        columns (x, x1 …, y), which make those names and m part of the problem. m itself is left out: the
        formula checker samples its own data sets, of several sizes, so a formula must work for any m. The
        scaling names (xraw, mu, sigma) are for lesson formulas only."""
        return {
            name: value
            for name, value in self.env().items()
            if name != "m" and SCALING_NAME.fullmatch(name) is None
        }

    def env(
        self, theta: np.ndarray | None = None, inputs: np.ndarray | None = None
    ) -> dict[str, float | np.ndarray]:
        """Names a formula can use: the parameters at ``theta``, alpha, and for data problems x, x1 … as the
        hypothesis sees them (z-scores when scaled), xraw, xraw1 … as written, mu, mu1 … and sigma, sigma1 …
        (each raw feature's mean and deviation), y and m. With ``inputs`` (one raw value per feature, a
        prediction's), x … and xraw … are those values instead of the data's columns."""
        values: dict[str, float | np.ndarray] = {"alpha": self.alpha}
        if theta is not None:
            values.update({name: float(v) for name, v in zip(self.params, theta, strict=True)})
        if self.spec.is_regression:
            objective = self.objective
            assert isinstance(objective, LinearRegression)
            raw, seen = self.design[0], objective.X
            if inputs is not None:
                raw = np.asarray(inputs, dtype=np.float64).reshape(1, -1)
                seen = self.scaled(raw)
            mu, sigma = self.feature_stats
            for column in range(raw.shape[1]):
                for suffix in ("", str(column + 1)) if column == 0 else (str(column + 1),):
                    values[f"x{suffix}"] = seen[:, column] if inputs is None else float(seen[0, column])
                    values[f"xraw{suffix}"] = raw[:, column] if inputs is None else float(raw[0, column])
                    values[f"mu{suffix}"] = float(mu[column])
                    values[f"sigma{suffix}"] = float(sigma[column])
            values["y"] = objective.y
            values["m"] = float(objective.m)
        return values


def _read_only(trace: Trace) -> Trace:
    for rows in (trace.thetas, trace.costs, trace.gradients, trace.steps):
        rows.flags.writeable = False  # shared by every question and plot of this problem
    return trace


def problem_key(spec: ProblemSpec) -> Hashable:
    """What tells one instantiated problem from another, as a hashable value (``start`` is a mapping)."""
    values = (getattr(spec, name.name) for name in fields(spec))
    return tuple(tuple(value.items()) if isinstance(value, Mapping) else value for value in values)


# One Setup per distinct problem, the most recently used kept; a session meets a handful of problems.
_SETUPS: dict[Hashable, Setup] = {}
_SETUPS_KEPT = 64


def setup_for(spec: ProblemSpec) -> Setup:
    """The one ``Setup`` of ``spec``: built on first use, then shared with its objective and its runs; a
    problem that differs from a kept one only in its iteration count shares that one's ``Runs``."""
    key = problem_key(spec)
    found = _SETUPS.pop(key, None)
    if found is None:
        runs_key = problem_key(replace(spec, iterations=0))
        kept = (setup.runs for setup in _SETUPS.values() if setup.runs.key == runs_key)
        found = Setup(spec, next(kept, None) or Runs(runs_key))
        while len(_SETUPS) >= _SETUPS_KEPT:
            del _SETUPS[next(iter(_SETUPS))]
    _SETUPS[key] = found
    return found
