"""Evaluate a tree over numpy float64 values, with floating-point warnings silenced.

Overflow gives inf and invalid operations give nan, quietly: the caller decides what a non-finite
value means (the solver calls it divergence, the checker an unusable sample point).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np

from .errors import ExprError
from .names import is_data
from .nodes import CALLS, Expr, Value

FUNCTIONS: dict[str, Any] = {name: getattr(np, name) for name in CALLS}  # exp: np.exp, …

Argument = TypeVar("Argument")
Result = TypeVar("Result")


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
    return finish(expr, computed(expr._eval, bind(expr, env)))


def evaluate_each(expr: Expr, envs: Sequence[Mapping[str, Value]]) -> list[Value]:
    """``[evaluate(expr, env) for env in envs]``, with the walks set up once (floating-point warnings are
    silenced once for all of them); ExprError when any of them fails."""
    bound = [bind(expr, env) for env in envs]
    walked = computed(lambda all_bound: [expr._eval(values) for values in all_bound], bound)
    return [finish(expr, result) for result in walked]


def bind(expr: Expr, env: Mapping[str, Value]) -> dict[str, Any]:
    """The values a walk over ``expr`` reads: each of its names as float64 (or an array of them), and m
    when a sum needs it; ExprError for a name without a value or a value that is not a number."""
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
    return values


def computed(walk: Callable[[Argument], Result], argument: Argument) -> Result:
    """``walk(argument)``, a walk over one formula or several, with floating-point warnings silenced and
    failures as ExprError; ``finish`` makes each formula's raw value what ``evaluate`` returns."""
    try:
        with np.errstate(all="ignore"):
            return walk(argument)
    except RecursionError:
        raise ExprError("the formula is nested too deeply to evaluate") from None
    except ValueError as error:  # arrays whose shapes do not broadcast together
        raise ExprError(f"the values do not fit together: {' '.join(str(error).split())}") from None


def finish(expr: Expr, result: Any) -> Value:
    """A computed value as ``evaluate`` returns it: a float, or an array without the spare examples axis."""
    if type(result) is np.float64:  # the common case, decided without the two np.ndim calls below
        return float(result)
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
