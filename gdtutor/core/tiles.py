"""Regression data laid out so that one gradient evaluation reads it from memory exactly once.

The rows [1, x1 … xn, y] of all examples are cut into tiles of a few thousand examples, and each tile is
stored feature-major: (n + 2) contiguous runs of ``width`` values. With θ extended to (θ0, θ1 … θn, −1),
one tile gives the residuals r = tile·θ⁺ = h − y in a single BLAS call, and tile·r gives Σr, Σx_j·r (and
Σy·r, unused) in another, while the tile is still in the L2 cache. Padding examples are all zeros, so
their residual is 0 and they add nothing. Each pass runs with BLAS on one thread (gdtutor.core.threads):
the per-tile calls are too small to gain from a second thread and lose badly when another process holds
the other core. The same tiles give the Gram matrix Σx⁺x⁺ᵀ in one pass (gdtutor.core.gram).
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

import numpy as np

from gdtutor.core.threads import one_blas_thread

TILE_BYTES = 1 << 19
# Below this many values per tile OpenBLAS never starts a second thread, and bounding it would only cost.
THREADED_TILE_SIZE = 1 << 12


class Tiles:
    def __init__(self, X: np.ndarray, y: np.ndarray, tile_bytes: int | None = None) -> None:
        m, n = X.shape
        self.rows = n + 2
        budget = TILE_BYTES if tile_bytes is None else tile_bytes
        self.width = max(1, min(m, budget // (8 * self.rows)))
        count = -(-m // self.width)
        self.tiles = np.zeros((count, self.rows, self.width))
        padded = np.zeros(count * self.width)
        for row, column in enumerate((np.ones(m), *X.T, y)):
            padded[:m] = column
            self.tiles[:, row, :] = padded.reshape(count, self.width)
        self._residuals = np.empty(self.width)

    def squares_and_products(self, extended_theta: np.ndarray) -> tuple[float, np.ndarray]:
        """Σr² and Σ[1, x1 … xn, y]·r over all examples, for r = θ0 + θ1·x1 + … + θn·xn − y."""
        r = self._residuals
        squares = 0.0
        products = np.zeros(self.rows)
        with self._blas():
            for tile in self.tiles:
                np.dot(extended_theta, tile, out=r)
                squares += float(r @ r)
                products += tile @ r
        return squares, products

    def gram(self) -> np.ndarray:
        """Σ x⁺x⁺ᵀ over all examples, x⁺ = [1, x1 … xn, y]: every sum the cost and gradient are made of."""
        total = np.zeros((self.rows, self.rows))
        with self._blas():
            for tile in self.tiles:
                total += tile @ tile.T
        return total

    def _blas(self) -> AbstractContextManager[None]:
        return one_blas_thread() if self.rows * self.width >= THREADED_TILE_SIZE else nullcontext()
