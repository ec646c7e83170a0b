"""A small, single-pass simplifier: readable derivatives, not a computer algebra system.

Bottom-up, each node is rewritten once from already simplified children (no rewriting to a fixed point),
so it always terminates quickly and the result is never larger than the input plus a constant per node:
- constants fold when the result is finite and exact enough to print (1/3 stays 1/3, 9^9^9 stays put);
- +0, -0, *1, /1, ^1 and ^0 disappear; --a is a; 0*a is 0;
- a product or quotient is gathered into one numeric coefficient (a fraction when all numbers are whole),
  the other factors in their order, and one denominator: 2*(theta^1*1) -> 2*theta,
  (1/(2m))*(2*Σu) -> (1/m)*Σu;
- sum(c*u) with c the same for every example becomes c*sum(u), and sum(c) becomes c*m.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .nodes import Add, Call, Div, Expr, Mul, Neg, Num, Pow, Sub, Sum, Var

_EXACT_LIMIT = 2**53


def simplify(expr: Expr) -> Expr:
    children = expr.children
    if not children:
        return expr
    return simplify_node(expr.rebuild(tuple(simplify(child) for child in children)))


def simplify_node(node: Expr) -> Expr:
    """Simplify one node whose children are already simplified (constant work for most nodes)."""
    if isinstance(node, Add):
        return _add(node.left, node.right)
    if isinstance(node, Sub):
        return _sub(node.left, node.right)
    if isinstance(node, (Mul, Div, Neg)):
        return _product(node)
    if isinstance(node, Pow):
        return _power(node.left, node.right)
    if isinstance(node, Call):
        return _call(node)
    if isinstance(node, Sum):
        return _sum(node.body)
    return node


def _num(expr: Expr) -> float | None:
    return expr.value if isinstance(expr, Num) else None


def _folded(value: float) -> Num | None:
    return Num(value) if math.isfinite(value) else None


def _add(left: Expr, right: Expr) -> Expr:
    a, b = _num(left), _num(right)
    if a is not None and b is not None and (folded := _folded(a + b)) is not None:
        return folded
    if b == 0:
        return left
    if a == 0:
        return right
    if isinstance(right, Neg):
        return _sub(left, right.arg)
    if b is not None and b < 0:
        return Sub(left, Num(-b))
    return Add(left, right)


def _sub(left: Expr, right: Expr) -> Expr:
    a, b = _num(left), _num(right)
    if a is not None and b is not None and (folded := _folded(a - b)) is not None:
        return folded
    if b == 0:
        return left
    if left == right:
        return Num(0)
    if a == 0:
        return _product(Neg(right))
    if isinstance(right, Neg):
        return _add(left, right.arg)
    if b is not None and b < 0:
        return Add(left, Num(-b))
    return Sub(left, right)


class _Factors:
    """A product as coefficient × numerator factors / denominator factors."""

    def __init__(self) -> None:
        self.coefficient: Fraction | float = Fraction(1)
        self.numerator: list[Expr] = []
        self.denominator: list[Expr] = []

    def scale(self, value: float, inverted: bool) -> None:
        if value.is_integer() and abs(value) < _EXACT_LIMIT and isinstance(self.coefficient, Fraction):
            factor: Fraction | float = Fraction(int(value))
        else:
            factor = value
            self.coefficient = float(self.coefficient)
        self.coefficient = self.coefficient / factor if inverted else self.coefficient * factor

    def gather(self, node: Expr, inverted: bool = False) -> None:
        if isinstance(node, Num):
            self.scale(node.value, inverted)
        elif isinstance(node, Neg):
            self.coefficient = -self.coefficient
            self.gather(node.arg, inverted)
        elif isinstance(node, Mul):
            self.gather(node.left, inverted)
            self.gather(node.right, inverted)
        elif isinstance(node, Div):
            self.gather(node.left, inverted)
            self.gather(node.right, not inverted)
        else:
            (self.denominator if inverted else self.numerator).append(node)


def _gather(node: Expr) -> _Factors | None:
    """The factors of a product, or None when its numbers divide by zero or overflow (left as they are)."""
    factors = _Factors()
    try:
        factors.gather(node)
    except (ZeroDivisionError, OverflowError):
        return None
    coefficient = factors.coefficient
    if isinstance(coefficient, Fraction):
        if max(abs(coefficient.numerator), coefficient.denominator) >= _EXACT_LIMIT:
            factors.coefficient = float(coefficient)
    elif not math.isfinite(coefficient):
        return None
    return factors


def _chain(factors: list[Expr]) -> Expr | None:
    """a·b·c as ((a·b)·c), the way the parser reads it; None for no factors."""
    return _times(factors[0], factors[1:]) if factors else None


def _times(first: Expr, rest: list[Expr]) -> Expr:
    result = first
    for factor in rest:
        result = Mul(result, factor)
    return result


def _rebuild(factors: _Factors) -> Expr:
    """coefficient · numerator / denominator as a tree; a minus sign goes on the leading number, or else
    on the first factor, so that it prints as -2*x/y or -x/y (and reads back as the same tree)."""
    coefficient = factors.coefficient
    if coefficient == 0:
        return Num(0)
    sign = -1.0 if coefficient < 0 else 1.0
    coefficient = -coefficient if coefficient < 0 else coefficient
    if isinstance(coefficient, Fraction):
        top, bottom = float(coefficient.numerator), float(coefficient.denominator)
    else:
        top, bottom = coefficient, 1.0
    numerator = list(factors.numerator)
    below = _chain(([Num(bottom)] if bottom != 1 else []) + factors.denominator)
    if below is not None and numerator and isinstance(numerator[-1], Sum):
        # (1/m)·Σ … reads better than (Σ …)/m
        return _times(Div(Num(sign * top), below), numerator)
    if top != 1 or not numerator:
        numerator.insert(0, Num(sign * top))
    elif sign < 0:
        numerator[0] = Neg(numerator[0])
    above = _times(numerator[0], numerator[1:])
    return above if below is None else Div(above, below)


def _product(node: Expr) -> Expr:
    factors = _gather(node)
    return node if factors is None else _rebuild(factors)


def _power(base: Expr, exponent: Expr) -> Expr:
    a, b = _num(base), _num(exponent)
    if b == 1:
        return base
    if b == 0 or a == 1:
        return Num(1)
    if a is not None and b is not None and b.is_integer():
        import numpy as np  # numbers fold as numpy's float64 evaluates them; parsing needs no numpy

        with np.errstate(all="ignore"):
            value = float(np.power(a, b))
        if math.isfinite(value) and value != 0 and abs(value) < 1e15:
            return Num(value)
    return Pow(base, exponent)


def _call(node: Call) -> Expr:
    a = _num(node.arg)
    if a is not None:
        import numpy as np

        from .evaluate import FUNCTIONS

        with np.errstate(all="ignore"):
            value = float(FUNCTIONS[node.func](a))
        if math.isfinite(value) and value.is_integer():
            return Num(value)
    return node


def _has_data(expr: Expr) -> bool:
    """Whether ``expr`` differs from example to example (data outside any inner sum)."""
    return expr._data_outside_sums


def _sum(body: Expr) -> Expr:
    if body == Num(0):
        return Num(0)
    factors = _gather(body) if isinstance(body, (Mul, Div, Neg, Num)) else None
    if factors is None:
        factors = _Factors()
        factors.numerator.append(body)
    constant = _Factors()
    constant.coefficient = factors.coefficient
    varying = _Factors()
    for factor in factors.numerator:
        (varying.numerator if _has_data(factor) else constant.numerator).append(factor)
    for factor in factors.denominator:
        (varying.denominator if _has_data(factor) else constant.denominator).append(factor)
    if not varying.numerator and not varying.denominator:
        constant.numerator.append(Var("m"))
        return _rebuild(constant)
    constant.numerator.append(Sum(_rebuild(varying)))
    return _rebuild(constant)
