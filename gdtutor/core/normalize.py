"""Z-score feature normalization: x' = (x − μ) / σ, column by column.

The deviation uses ``ddof=1`` (divide by N−1, the sample standard deviation) by default, as Andrew Ng's
Machine Learning course does; ``ddof=0`` divides by N. A column whose values are all equal has no deviation to
divide by: fitting refuses it with a clear error rather than silently leaving it unscaled, because a constant
feature carries no information and also makes the normal equation singular.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gdtutor.errors import GdtutorError


@dataclass(frozen=True)
class Normalization:
    mu: np.ndarray
    sigma: np.ndarray
    ddof: int = 1

    @classmethod
    def fit(cls, X: np.ndarray, ddof: int = 1) -> Normalization:
        """Learn the mean and standard deviation of every column of X (m rows, n features)."""
        if ddof not in (0, 1):
            raise GdtutorError(f"ddof must be 0 or 1, not {ddof}")
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2:
            raise GdtutorError("normalization needs a table of features (rows × columns)")
        m = X.shape[0]
        if m <= ddof:
            raise GdtutorError(
                f"normalization with ddof={ddof} needs at least {ddof + 1} rows, the data has {m}"
            )
        mu = X.mean(axis=0)
        sigma = X.std(axis=0, ddof=ddof)
        for column, deviation in enumerate(sigma):
            if not deviation > 0:
                raise GdtutorError(
                    f"feature x{column + 1} has the same value ({X[0, column]:g}) in every row, "
                    "so it cannot be normalized; remove that column"
                )
        return cls(mu=mu, sigma=sigma, ddof=ddof)

    @property
    def features(self) -> int:
        return self.mu.shape[0]

    def apply(self, X: np.ndarray) -> np.ndarray:
        """Normalize X (m × n, or a single row of n) with the training mean and deviation."""
        X = np.asarray(X, dtype=np.float64)
        if X.shape[-1] != self.features:
            raise GdtutorError(f"expected {self.features} feature values, got {X.shape[-1]}")
        return np.ascontiguousarray((X - self.mu) / self.sigma)

    def as_dict(self) -> dict[str, list[float]]:
        return {"mu": self.mu.tolist(), "sigma": self.sigma.tolist()}
