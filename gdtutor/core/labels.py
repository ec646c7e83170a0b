"""How a parameter and a partial derivative are written for reading: theta1 -> θ₁, ∂J/∂θ₁.

Kept apart from the expression engine, which prints with it, so that what only writes names (the table
of `gdtutor solve --data`, checking.symbols) does not load the engine's parser and derivatives.
"""

from __future__ import annotations

import functools
import re

_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_GREEK = {"theta": "θ", "alpha": "α", "mu": "μ", "sigma": "σ"}


@functools.lru_cache(maxsize=256)  # a handful of names, written again for every formula shown
def unicode_name(name: str) -> str:
    """theta1 -> θ₁, alpha -> α, x2 -> x₂."""
    match = re.fullmatch(r"([a-z]+)(\d*)", name)
    if match is None:
        return name
    letters, digits = match.groups()
    return _GREEK.get(letters, letters) + digits.translate(_SUBSCRIPT)


def partial_label(name: str) -> str:
    """The label of a partial derivative of the cost: partial_label("theta0") -> "∂J/∂θ₀"."""
    return f"∂J/∂{unicode_name(name)}"
