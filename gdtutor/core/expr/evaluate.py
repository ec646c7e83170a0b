"""Evaluate a tree over numpy float64 values, with floating-point warnings silenced.

Overflow gives inf and invalid operations give nan, quietly: the caller decides what a non-finite
value means (the solver calls it divergence, the checker an unusable sample point).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .errors import ExprError
from .names import is_data
from .nodes import Expr, Value


def _as_float64(name: str, value: object) -> np.float64 | np.ndarray:
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ExprError(f"the value of {name} is not a number") from None
    return array if array.ndim else np.float64(array)


def evaluate(expr: Expr, env: Mapping[str, Value]) -> Value:
    """The value of ``expr``; a float, or an ndarray when some value in ``env`` is an array.

    Data arrays hold the examples along their last axis; other names may be arrays of points that
    broadcast with them (a column of parameter values, shape (k, 1), gives one result per point).

    ``m`` defaults to the length of the data (last axis of x, x1 … or y) when ``env`` does not give it.
    """
    values = {}
    for name in expr.free_names():
        if name not in env:
            if name == "m" and (data := _data_length(env)) is not None:
                values["m"] = np.float64(data)
                continue
            raise ExprError(f"no value given for {name}")
        values[name] = _as_float64(name, env[name])
    if "m" not in values and expr._has_sum:
        if "m" in env:
            values["m"] = _as_float64("m", env["m"])
        elif (data := _data_length(env)) is not None:
            values["m"] = np.float64(data)
    try:
        with np.errstate(all="ignore"):
            result = expr._eval(values)
    except RecursionError:
        raise ExprError("the formula is nested too deeply to evaluate") from None
    except ValueError as error:  # arrays whose shapes do not broadcast together
        raise ExprError(f"the values do not fit together: {' '.join(str(error).split())}") from None
    if expr._has_sum and not expr._data_outside_sums and np.ndim(result) >= 1 and np.shape(result)[-1] == 1:
        result = result[..., 0]  # the examples axis that sums keep (see nodes.Sum)
    if np.ndim(result) == 0:
        return float(result)
    return result


def _data_length(env: Mapping[str, Value]) -> int | None:
    for name, value in env.items():
        if is_data(name) and np.ndim(value) >= 1:
            return int(np.shape(value)[-1])
    return None
