"""Regression sums over the data a tile at a time, the data itself only ever read, so it is held once.

The rows [1, x1 … xn, y] of a few thousand examples at a time are copied into one reused tile, stored
feature-major: (n + 2) contiguous runs of ``width`` values, small enough to stay in the L2 cache. With θ
extended to (θ0, θ1 … θn, −1), a tile gives the residuals r = tile·θ⁺ = h − y in a single BLAS call, and
tile·r gives Σr, Σx_j·r (and Σy·r, unused) in another, while the tile is still in the cache. A tiled copy
of all the data, kept beside X, would double the memory of a large data set and cost more to build than
the few passes a descent on the Gram matrix makes. Each pass runs with BLAS on one thread
(gdtutor.core.threads): the per-tile calls are too small to gain from a second thread and lose badly when
another process holds the other core. The same tiles give the Gram matrix Σx⁺x⁺ᵀ in one pass
(gdtutor.core.gram).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext

import numpy as np

from gdtutor.core.threads import one_blas_thread

TILE_BYTES = 1 << 19
# Below this many values per tile OpenBLAS never starts a second thread, and bounding it would only cost.
THREADED_TILE_SIZE = 1 << 12


class Tiles:
    def __init__(self, X: np.ndarray, y: np.ndarray, tile_bytes: int | None = None) -> None:
        m, n = X.shape
        self.X = X
        self.y = y
        self.rows = n + 2
        budget = TILE_BYTES if tile_bytes is None else tile_bytes
        self.width = max(1, min(m, budget // (8 * self.rows)))
        self._tile = np.empty((self.rows, self.width))
        self._tile[0] = 1.0
        self._residuals = np.empty(self.width)

    def squares_and_products(self, extended_theta: np.ndarray) -> tuple[float, np.ndarray]:
        """Σr² and Σ[1, x1 … xn, y]·r over all examples, for r = θ0 + θ1·x1 + … + θn·xn − y."""
        squares = 0.0
        products = np.zeros(self.rows)
        with self._blas():
            for tile in self._tiles():
                r = self._residuals[: tile.shape[1]]
                np.dot(extended_theta, tile, out=r)
                squares += float(r @ r)
                products += tile @ r
        return squares, products

    def gram(self) -> np.ndarray:
        """Σ x⁺x⁺ᵀ over all examples, x⁺ = [1, x1 … xn, y]: every sum the cost and gradient are made of."""
        total = np.zeros((self.rows, self.rows))
        with self._blas():
            for tile in self._tiles():
                total += tile @ tile.T
        return total

    def _tiles(self) -> Iterator[np.ndarray]:
        """The examples a tile at a time, each copied into the one reused tile (the last may be narrower)."""
        tile = self._tile
        for start in range(0, self.y.shape[0], self.width):
            end = min(start + self.width, self.y.shape[0])
            part = tile[:, : end - start]
            part[1:-1] = self.X[start:end].T
            part[-1] = self.y[start:end]
            yield part

    def _blas(self) -> AbstractContextManager[None]:
        return one_blas_thread() if self.rows * self.width >= THREADED_TILE_SIZE else nullcontext()
