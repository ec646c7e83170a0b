"""The expression tree: small immutable nodes, each knowing one rule of evaluation.

Nodes are frozen dataclasses, so two trees built the same way are equal and hash alike. Every node has
``children`` (a tuple) and ``rebuild(children)``; that is all a tree walk or a transformation needs.
Evaluation is a direct walk over numpy values: the caller (``evaluate.evaluate``) prepares the environment
and silences floating-point warnings once for the whole walk. numpy is imported by the walk, not with the
tree: parsing and printing a formula need none of it (a lesson's problem line is printed before numpy loads).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeAlias

from .errors import ExprError
from .names import is_canonical, is_data, is_parameter, natural_key

if TYPE_CHECKING:
    import numpy as np

    from .derive import Derivation

Value: TypeAlias = "float | np.ndarray"

# The functions a formula may call, each numpy's function of that name (evaluate.FUNCTIONS); the names must
# match names.FUNCTION_NAMES.
CALLS = ("exp", "log", "sqrt", "abs", "sin", "cos")


class Expr:
    """A node of a parsed formula. Subclasses are frozen dataclasses."""

    @property
    def children(self) -> tuple[Expr, ...]:
        return ()

    def rebuild(self, children: tuple[Expr, ...]) -> Expr:
        return self

    def _eval(self, env: Mapping[str, Any]) -> Any:
        raise NotImplementedError

    @cached_property
    def _names(self) -> frozenset[str]:
        names: frozenset[str] = frozenset()
        for child in self.children:
            names |= child._names
        return names

    @cached_property
    def _has_sum(self) -> bool:
        return any(isinstance(node, Sum) for node in self.walk())

    @cached_property
    def _data_outside_sums(self) -> bool:
        """Whether the value is per example: some data name stands outside every sum."""
        stack: list[Expr] = [self]
        while stack:
            node = stack.pop()
            if isinstance(node, Var) and is_data(node.name):
                return True
            if not isinstance(node, Sum):
                stack.extend(node.children)
        return False

    def free_names(self) -> frozenset[str]:
        """The canonical names the formula uses (``h`` is already expanded)."""
        return self._names

    def is_constant(self) -> bool:
        """Whether the formula is one number: no names, and no sum (a sum's value depends on m)."""
        return not self._names and not self._has_sum

    def parameters(self) -> tuple[str, ...]:
        """The parameters (``theta``, ``theta0`` … ``thetaN``) in natural order: theta2 before theta10."""
        return tuple(sorted((n for n in self._names if is_parameter(n)), key=natural_key))

    def walk(self) -> Iterator[Expr]:
        """Every node, parents before children."""
        stack: list[Expr] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def substitute(self, mapping: Mapping[str, Expr]) -> Expr:
        """Replace variables by expressions (no simplification)."""
        if not mapping or self._names.isdisjoint(mapping):
            return self
        return self.rebuild(tuple(child.substitute(mapping) for child in self.children))

    # The algorithms live in their own modules, which import the node classes: import them on use.
    def evaluate(self, env: Mapping[str, Value]) -> Value:
        from .evaluate import evaluate

        return evaluate(self, env)

    def diff(self, name: str) -> Expr:
        from .derive import derive

        return derive(self, name).result

    def derive(self, name: str) -> Derivation:
        from .derive import derive

        return derive(self, name)

    def simplify(self) -> Expr:
        from .simplify import simplify

        return simplify(self)

    def to_ascii(self) -> str:
        from .printing import to_ascii

        return to_ascii(self)

    def to_unicode(self) -> str:
        from .printing import to_unicode

        return to_unicode(self)

    def __str__(self) -> str:
        return self.to_ascii()

    # Operators build trees (no simplification), which keeps hand-written mistaken formulas readable.
    def __add__(self, other: Expr | float) -> Expr:
        return Add(self, as_expr(other))

    def __radd__(self, other: float) -> Expr:
        return Add(as_expr(other), self)

    def __sub__(self, other: Expr | float) -> Expr:
        return Sub(self, as_expr(other))

    def __rsub__(self, other: float) -> Expr:
        return Sub(as_expr(other), self)

    def __mul__(self, other: Expr | float) -> Expr:
        return Mul(self, as_expr(other))

    def __rmul__(self, other: float) -> Expr:
        return Mul(as_expr(other), self)

    def __truediv__(self, other: Expr | float) -> Expr:
        return Div(self, as_expr(other))

    def __rtruediv__(self, other: float) -> Expr:
        return Div(as_expr(other), self)

    def __pow__(self, other: Expr | float) -> Expr:
        return Pow(self, as_expr(other))

    def __rpow__(self, other: float) -> Expr:
        return Pow(as_expr(other), self)

    def __neg__(self) -> Expr:
        return Neg(self)


@dataclass(frozen=True, eq=True, repr=True)
class Num(Expr):
    value: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", float(self.value))

    def _eval(self, env: Mapping[str, Any]) -> Any:
        import numpy as np

        return np.float64(self.value)


@dataclass(frozen=True)
class Var(Expr):
    name: str

    @cached_property
    def _names(self) -> frozenset[str]:
        return frozenset((self.name,))

    def substitute(self, mapping: Mapping[str, Expr]) -> Expr:
        return mapping.get(self.name, self)

    def _eval(self, env: Mapping[str, Any]) -> Any:
        return env[self.name]


@dataclass(frozen=True)
class Neg(Expr):
    arg: Expr

    @property
    def children(self) -> tuple[Expr, ...]:
        return (self.arg,)

    def rebuild(self, children: tuple[Expr, ...]) -> Expr:
        return Neg(*children)

    def _eval(self, env: Mapping[str, Any]) -> Any:
        return -self.arg._eval(env)


@dataclass(frozen=True)
class _Binary(Expr):
    left: Expr
    right: Expr

    @property
    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)

    def rebuild(self, children: tuple[Expr, ...]) -> Expr:
        return type(self)(*children)


@dataclass(frozen=True)
class Add(_Binary):
    def _eval(self, env: Mapping[str, Any]) -> Any:
        return self.left._eval(env) + self.right._eval(env)


@dataclass(frozen=True)
class Sub(_Binary):
    def _eval(self, env: Mapping[str, Any]) -> Any:
        return self.left._eval(env) - self.right._eval(env)


@dataclass(frozen=True)
class Mul(_Binary):
    def _eval(self, env: Mapping[str, Any]) -> Any:
        return self.left._eval(env) * self.right._eval(env)


@dataclass(frozen=True)
class Div(_Binary):
    def _eval(self, env: Mapping[str, Any]) -> Any:
        return self.left._eval(env) / self.right._eval(env)


@dataclass(frozen=True)
class Pow(_Binary):
    """``left ^ right``; numpy float64 power, so a huge exponent gives inf at once."""

    def _eval(self, env: Mapping[str, Any]) -> Any:
        import numpy as np

        return np.power(self.left._eval(env), self.right._eval(env))


@dataclass(frozen=True)
class Call(Expr):
    func: str
    arg: Expr

    def __post_init__(self) -> None:
        if self.func not in CALLS:
            raise ValueError(f"unknown function {self.func!r}")

    @property
    def children(self) -> tuple[Expr, ...]:
        return (self.arg,)

    def rebuild(self, children: tuple[Expr, ...]) -> Expr:
        return Call(self.func, *children)

    def _eval(self, env: Mapping[str, Any]) -> Any:
        from .evaluate import FUNCTIONS

        return FUNCTIONS[self.func](self.arg._eval(env))


@dataclass(frozen=True)
class Sum(Expr):
    """Sum of ``body`` over the training set.

    A body with data (x, x1 …, y, outside any inner sum) that evaluates to an array is summed over its
    last axis, the examples, which is kept with length 1 so the sum still lines up with per-example
    arrays (x − sum(x)/m); the top-level ``evaluate`` drops that axis when no data stands outside a sum.
    A body without such data (or with data given as single numbers) is the same for every example: the
    sum is ``m`` times the body.
    """

    body: Expr

    @property
    def children(self) -> tuple[Expr, ...]:
        return (self.body,)

    def rebuild(self, children: tuple[Expr, ...]) -> Expr:
        return Sum(*children)

    def _eval(self, env: Mapping[str, Any]) -> Any:
        import numpy as np

        value = self.body._eval(env)
        if self.body._data_outside_sums and np.ndim(value) >= 1:
            return value.sum(axis=-1, keepdims=True)  # np.sum's own reduction, without its dispatch
        if "m" not in env:
            raise ExprError("sum(...) of a value without data needs m, the number of examples")
        return env["m"] * value


def as_expr(value: Expr | float) -> Expr:
    if isinstance(value, Expr):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Num(float(value))
    raise TypeError(f"cannot make an expression from {type(value).__name__}")


def number(value: float) -> Num:
    return Num(float(value))


def var(name: str) -> Var:
    """A variable by canonical name (``theta``, ``theta1``, ``alpha``, ``x``, ``x2``, ``y``, ``m``)."""
    if not is_canonical(name):
        raise ValueError(f"not a canonical name: {name!r}")
    return Var(name)


def add(left: Expr | float, right: Expr | float) -> Expr:
    return Add(as_expr(left), as_expr(right))


def sub(left: Expr | float, right: Expr | float) -> Expr:
    return Sub(as_expr(left), as_expr(right))


def mul(left: Expr | float, right: Expr | float) -> Expr:
    return Mul(as_expr(left), as_expr(right))


def div(left: Expr | float, right: Expr | float) -> Expr:
    return Div(as_expr(left), as_expr(right))


def power(base: Expr | float, exponent: Expr | float) -> Expr:
    return Pow(as_expr(base), as_expr(exponent))


def neg(arg: Expr | float) -> Expr:
    return Neg(as_expr(arg))


def call(func: str, arg: Expr | float) -> Expr:
    return Call(func, as_expr(arg))


def summation(body: Expr | float) -> Expr:
    return Sum(as_expr(body))


def depth(expr: Expr) -> int:
    """The height of the tree, computed without recursion (used to bound every recursive walk)."""
    deepest = 0
    stack: list[tuple[Expr, int]] = [(expr, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in node.children)
    return deepest
