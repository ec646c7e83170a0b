"""Objectives that gradient descent minimizes: a formula in named parameters, or linear regression on data.

Every objective has ``params`` (names in θ order), ``cost(theta)``, ``gradient(theta)`` and
``cost_and_gradient(theta)``; the last lets descent get both from one pass over the data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

import numpy as np

from gdtutor.core.gram import AnchoredGram
from gdtutor.core.normalize import Normalization
from gdtutor.core.tiles import Tiles
from gdtutor.errors import GdtutorError

if TYPE_CHECKING:
    from gdtutor.core.expr import Expr

COSTS = ("half-mse", "mse")
# From about here one pass over the rows costs more than an iteration's work on the Gram matrix.
GRAM_MIN_ROWS = 4096


class Objective(Protocol):
    params: tuple[str, ...]

    def cost(self, theta: np.ndarray) -> float: ...

    def gradient(self, theta: np.ndarray) -> np.ndarray: ...

    def cost_and_gradient(self, theta: np.ndarray) -> tuple[float, np.ndarray]: ...


def _as_theta(theta: np.ndarray | list[float], size: int) -> np.ndarray:
    theta = np.asarray(theta, dtype=np.float64)
    if theta.shape != (size,):
        raise GdtutorError(f"expected {size} parameter values, got {theta.size}")
    return theta


class ExpressionObjective:
    """J given as a formula in named parameters; each partial derivative is derived once, here.

    ``data`` gives values to the formula's other names: the training columns x, x1 … xN and y as
    arrays (``m`` defaults to their length), or any constant such as alpha. J and each partial are
    compiled on first use (gdtutor.core.expr.compiled): an update costs the formula's arithmetic, not a
    walk over its tree, with the same results as ``Expr.evaluate``.
    """

    def __init__(self, expr: Expr, data: Mapping[str, float | np.ndarray] | None = None) -> None:
        self.expr = expr
        self.params: tuple[str, ...] = tuple(expr.parameters())
        self.data = dict(data or {})
        clashes = sorted(set(self.data) & set(self.params))
        if clashes:
            raise GdtutorError(f"{', '.join(clashes)} cannot be both a parameter and a data value")
        self.partials: tuple[Expr, ...] = tuple(expr.diff(name) for name in self.params)
        from gdtutor.core.expr.compiled import CompiledFormulas  # loaded already: expr is an Expr

        self._formulas = CompiledFormulas((expr, *self.partials), self.params, self.data)

    def cost(self, theta: np.ndarray | list[float]) -> float:
        return self._formulas.floats(range(1), self._values(theta))[0]

    def gradient(self, theta: np.ndarray | list[float]) -> np.ndarray:
        gradient = self._formulas.floats(range(1, len(self.params) + 1), self._values(theta))
        return np.array(gradient, dtype=np.float64)

    def cost_and_gradient(self, theta: np.ndarray | list[float]) -> tuple[float, np.ndarray]:
        cost, *gradient = self._formulas.floats(range(len(self.params) + 1), self._values(theta))
        return cost, np.array(gradient, dtype=np.float64)

    def _values(self, theta: np.ndarray | list[float]) -> tuple[np.float64, ...]:
        return tuple(_as_theta(theta, len(self.params)))


class LinearRegression:
    """h(x) = θ0 + θ1·x1 + … + θn·xn fitted to (X, y) by the MSE or the one-half MSE.

    ``X`` (m × n, C-contiguous float64, no column of ones) and ``y`` are kept, once: the cost and gradient
    are computed a tile at a time (gdtutor.core.tiles), one evaluation reading them once.
    From the second evaluation on, data of at least GRAM_MIN_ROWS rows is answered from its Gram matrix
    (gdtutor.core.gram), which an iteration reads instead of the rows; ``gram`` True or False forces
    either way.
    """

    def __init__(
        self,
        X: np.ndarray,
        y: np.ndarray,
        cost: str = "half-mse",
        normalization: Normalization | None = None,
        gram: bool | None = None,
    ) -> None:
        if cost not in COSTS:
            raise GdtutorError(f"unknown cost {cost!r}: choose half-mse or mse")
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0]:
            raise GdtutorError("the data must be m rows of features and m values of y")
        if X.shape[0] == 0:
            raise GdtutorError("the data has no rows")
        if not (np.isfinite(X).all() and np.isfinite(y).all()):
            raise GdtutorError("the data contains values that are not finite numbers")
        if normalization is not None:
            X = normalization.apply(X)
        self.cost_kind = cost
        self.normalization = normalization
        self.X = np.ascontiguousarray(X)
        self.y = np.ascontiguousarray(y)
        self.m, self.n = self.X.shape
        self.params: tuple[str, ...] = tuple(f"theta{j}" for j in range(self.n + 1))
        # J = cost_scale·Σr², ∇J = gradient_scale·[Σr, Xᵀr]
        self.cost_scale = (0.5 if cost == "half-mse" else 1.0) / self.m
        self.gradient_scale = (1.0 if cost == "half-mse" else 2.0) / self.m
        self._tiles = Tiles(self.X, self.y)
        self._wants_gram = self.m >= GRAM_MIN_ROWS if gram is None else gram
        self._gram: AnchoredGram | None = None
        self._first: tuple[np.ndarray, float, np.ndarray] | None = None  # the first evaluation's sums
        self._extended_theta = np.empty(self.n + 2)
        self._extended_theta[-1] = -1.0

    def residuals(self, theta: np.ndarray | list[float]) -> np.ndarray:
        """h(x⁽ⁱ⁾) − y⁽ⁱ⁾ for every row, on the (normalized) design data."""
        theta = _as_theta(theta, self.n + 1)
        return self.X @ theta[1:] + theta[0] - self.y

    def cost_and_gradient(self, theta: np.ndarray | list[float]) -> tuple[float, np.ndarray]:
        theta = _as_theta(theta, self.n + 1)
        self._extended_theta[:-1] = theta
        squares, products = self._sums(self._extended_theta)
        return squares * self.cost_scale, products[:-1] * self.gradient_scale

    def _sums(self, extended_theta: np.ndarray) -> tuple[float, np.ndarray]:
        if self._gram is None and self._first is not None:
            # built at the second evaluation, anchored at the first: a single evaluation never pays for G
            self._gram = AnchoredGram(self._tiles, anchor=self._first)
        if self._gram is not None:
            return self._gram.squares_and_products(extended_theta)
        squares, products = self._tiles.squares_and_products(extended_theta)
        if self._wants_gram:
            self._first = (extended_theta.copy(), squares, products)
        return squares, products

    def cost(self, theta: np.ndarray | list[float]) -> float:
        r = self.residuals(theta)
        return float(r @ r) * self.cost_scale

    def gradient(self, theta: np.ndarray | list[float]) -> np.ndarray:
        return self.cost_and_gradient(theta)[1]

    def predict(self, theta: np.ndarray | list[float], X_raw: np.ndarray | list[float]) -> np.ndarray:
        """h for raw feature rows (k × n, or one row of n), normalized like the training data."""
        theta = _as_theta(theta, self.n + 1)
        X_query = np.asarray(X_raw, dtype=np.float64)
        if X_query.shape[-1] != self.n:
            raise GdtutorError(f"a prediction needs {self.n} feature values, got {X_query.shape[-1]}")
        if self.normalization is not None:
            X_query = self.normalization.apply(X_query)
        return X_query @ theta[1:] + theta[0]


def normal_equation(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """θ minimizing Σ(h − y)² in closed form, by least squares: a singular X gives the minimum-norm θ."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    design = np.column_stack([np.ones(X.shape[0]), X])
    theta, *_ = np.linalg.lstsq(design, y, rcond=None)
    return theta
