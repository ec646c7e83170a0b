"""A formula turned once into nested closures, for the solver, which evaluates it at every update.

``compile_formula(expr, params, constants)`` binds the constants as ``evaluate`` would (the same float64
values, ``m`` from the data) and returns a function of the parameter values, in ``params`` order. That
function computes what ``Expr._eval`` computes, node for node: the same numpy operations on the same types
in the same order, so its results are the same to the last bit (tests/unit/core/expr/test_compiled.py
holds the two together). What it saves is the walk over the tree and the preparation of the environment
on every call. It is built from the tree, never from text. Call it through ``evaluate.computed`` and pass
its value through ``evaluate.finish``, as ``evaluate`` does with the tree's own walk.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from .errors import ExprError
from .evaluate import FUNCTIONS, bind, computed, finish
from .nodes import Add, Call, Div, Expr, Mul, Neg, Num, Pow, Sub, Sum, Value, Var

Formula = Callable[[Sequence[Any]], Any]


def compile_formula(expr: Expr, params: Sequence[str], constants: Mapping[str, Value]) -> Formula:
    """``expr`` as a function of the values of ``params`` (float64 scalars), every other name bound to
    ``constants``. ``finish(expr, computed(formula, values))`` is what ``evaluate`` returns for the same
    values; ExprError here for what ``evaluate`` refuses before computing (a name without a value)."""
    values = bind(expr, {**constants, **dict.fromkeys(params, 0.0)})
    slots = {name: index for index, name in enumerate(params)}
    try:
        return _closure(expr, slots, values)
    except RecursionError:
        raise ExprError("the formula is nested too deeply to evaluate") from None


class CompiledFormulas:
    """Formulas in the same parameters and constants (a cost and its partial derivatives), each compiled
    on first use, so one that cannot be computed fails there as ``evaluate`` would; evaluated together
    under one errstate."""

    def __init__(
        self, formulas: Sequence[Expr], params: Sequence[str], constants: Mapping[str, Value]
    ) -> None:
        self.formulas = tuple(formulas)
        self.params = tuple(params)
        self.constants = constants
        self._walks: list[Formula | None] = [None] * len(self.formulas)

    def floats(self, which: range, params: Sequence[Any]) -> list[float]:
        """``float(evaluate(...))`` of the formulas at the indices ``which``, in order, at the values
        ``params`` (float64 scalars in ``self.params`` order)."""
        walks = [self._walk(index) for index in which]
        raw = computed(lambda values: [walk(values) for walk in walks], params)
        return [float(finish(self.formulas[index], value)) for index, value in zip(which, raw, strict=True)]

    def _walk(self, index: int) -> Formula:
        walk = self._walks[index]
        if walk is None:
            walk = self._walks[index] = compile_formula(self.formulas[index], self.params, self.constants)
        return walk


def _closure(node: Expr, slots: Mapping[str, int], values: Mapping[str, Any]) -> Formula:
    if isinstance(node, Var):
        if node.name in slots:
            index = slots[node.name]
            return lambda params: params[index]
        return _constant(values[node.name])
    if isinstance(node, Num):
        return _constant(np.float64(node.value))
    if isinstance(node, Sum):
        return _sum(node, _closure(node.body, slots, values), values.get("m"))
    if isinstance(node, Neg | Call):
        arg = _closure(node.children[0], slots, values)
        if isinstance(node, Neg):
            return lambda params: -arg(params)
        function = FUNCTIONS[node.func]
        return lambda params: function(arg(params))
    left, right = (_closure(child, slots, values) for child in node.children)
    if isinstance(node, Add):
        return lambda params: left(params) + right(params)
    if isinstance(node, Sub):
        return lambda params: left(params) - right(params)
    if isinstance(node, Mul):
        return lambda params: left(params) * right(params)
    if isinstance(node, Div):
        return lambda params: left(params) / right(params)
    if isinstance(node, Pow):
        return lambda params: np.power(left(params), right(params))
    raise TypeError(f"no compiled form for {type(node).__name__}")


def _constant(value: Any) -> Formula:
    return lambda params: value


def _sum(node: Sum, body: Formula, m: Any) -> Formula:
    per_example = node.body._data_outside_sums

    def total(params: Sequence[Any]) -> Any:
        value = body(params)
        if per_example and np.ndim(value) >= 1:
            return np.sum(value, axis=-1, keepdims=True)
        if m is None:
            raise ExprError("sum(...) of a value without data needs m, the number of examples")
        return m * value

    return total
