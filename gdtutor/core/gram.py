"""Least-squares sums without reading the data: the Gram matrix, anchored where the data was last read.

With x⁺ = [1, x1 … xn, y] and θ⁺ = (θ0 … θn, −1) the residual is r = x⁺·θ⁺, so Σr² = θ⁺ᵀGθ⁺ and
Σx⁺r = Gθ⁺ for G = Σx⁺x⁺ᵀ, an (n + 2)² matrix built in one pass. After that an iteration costs O(n²)
and never touches the m rows. Expanded like that, though, a small Σr² or a small gradient is the
difference of large terms and loses digits (a near-perfect fit, a descent close to its minimum, badly
scaled features). So the sums are taken relative to an anchor θ⁺ₐ where the tiles gave them directly:
with Δ = θ⁺ − θ⁺ₐ,

    Σx⁺r = pₐ + GΔ        Σr² = sₐ + Δ·(2pₐ + GΔ)

whose rounding error scales with |G||Δ|, not |G||θ⁺|. When that bound (taken with √Gⱼⱼ·√Gₖₖ ≥ |Gⱼₖ|)
exceeds MAX_CANCELLATION times the result, the tiles are read again at θ⁺, which becomes the new anchor:
the answer is then the direct pass's own. A descent re-anchors a handful of times as it closes in on
the minimum, each time the gradient has shrunk by a large factor.
"""

from __future__ import annotations

import math

import numpy as np

from gdtutor.core.tiles import Tiles

# Largest ratio of the terms' size to the result that is answered from G. G's entries carry relative
# errors around 1e-14, so results keep about 1e-11 relative, inside the 1e-9 that
# tests/unit/core/solver/test_gram.py asks of every trace row.
MAX_CANCELLATION = 1e3


class AnchoredGram:
    """Σr² and Σx⁺·r over the tiles. data from G, or from a pass over the tiles where G is not enough."""

    def __init__(self, tiles: Tiles, anchor: tuple[np.ndarray, float, np.ndarray] | None = None) -> None:
        self.tiles = tiles
        self.matrix = tiles.gram()
        self.scale = np.sqrt(np.diag(self.matrix))
        self._gradient_scale = math.sqrt(float(self.scale[:-1] @ self.scale[:-1]))
        self._anchor: _Anchor | None = None if anchor is None else _Anchor(*anchor)
        self.passes = 0  # passes over the tiles since G was built: how often G was not enough

    def squares_and_products(self, extended_theta: np.ndarray) -> tuple[float, np.ndarray]:
        if self._anchor is not None:
            answer = self._from_anchor(extended_theta, self._anchor)
            if answer is not None:
                return answer
        self.passes += 1
        squares, products = self.tiles.squares_and_products(extended_theta)
        self._anchor = _Anchor(extended_theta.copy(), squares, products)
        return squares, products

    def _from_anchor(self, extended_theta: np.ndarray, anchor: _Anchor) -> tuple[float, np.ndarray] | None:
        # An iteration's whole cost at a few features: as few numpy calls as the bounds allow.
        delta = extended_theta - anchor.theta
        moved = self.matrix @ delta
        new_products = anchor.products + moved
        gradient = new_products[:-1]
        size = np.abs(delta)
        spread = float(self.scale @ size)  # |G||Δ| ≤ scale·spread, entry by entry
        gradient_error = spread * self._gradient_scale
        if gradient_error > MAX_CANCELLATION * math.sqrt(float(gradient @ gradient)):
            return None
        new_squares = anchor.squares + float(delta @ (anchor.twice_products + moved))
        squares_error = spread * spread + 2.0 * float(size @ anchor.sizes)
        if squares_error > MAX_CANCELLATION * new_squares:
            return None
        return new_squares, new_products


class _Anchor:
    """Where the tiles last gave Σr² and Σx⁺·r, with what every answer from G needs of them."""

    def __init__(self, theta: np.ndarray, squares: float, products: np.ndarray) -> None:
        self.theta = theta
        self.squares = squares
        self.products = products
        self.twice_products = 2.0 * products
        self.sizes = np.abs(products)
