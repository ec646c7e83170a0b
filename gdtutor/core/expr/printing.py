"""ASCII and Unicode printers with minimal parentheses.

The ASCII form always re-parses to the same tree. The Unicode form is for reading: θ₁, θ², ·, −, √, |u|,
and Σ written as a prefix operator over the product that follows it ("Σ (h − y)·x"), as the parser reads Σ.
"""

from __future__ import annotations

from collections.abc import Mapping

from gdtutor.core.labels import unicode_name

from .errors import ExprError
from .nodes import Add, Call, Div, Expr, Mul, Neg, Num, Pow, Sub, Sum, Var

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")

_ADD, _MUL, _NEG, _POW, _ATOM = 1, 2, 3, 4, 5


def _small_integer(value: float) -> bool:
    return value.is_integer() and abs(value) < 1e6


def format_number(value: float, unicode: bool = False) -> str:
    """2 not 2.0, 0.5, 1e-05; the shortest text that reads back as the same float."""
    text = str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    return text.replace("-", "−") if unicode else text


def to_ascii(expr: Expr) -> str:
    return _print(expr, unicode=False)


def to_unicode(expr: Expr, names: Mapping[str, str] | None = None) -> str:
    """The Unicode form; ``names`` prints some variables as other text, each as one atom (a worked
    solution puts a parameter's value there: ``2·θ`` with {"theta": "3"} prints ``2·3``)."""
    return _print(expr, unicode=True, names=names or {})


def _print(expr: Expr, unicode: bool, names: Mapping[str, str] | None = None) -> str:
    try:
        return _Printer(unicode, names or {}).show(expr)
    except RecursionError:
        raise ExprError("the formula is nested too deeply to print") from None


class _Printer:
    def __init__(self, unicode: bool, names: Mapping[str, str]) -> None:
        self.unicode = unicode
        self.names = names
        self.times = "·" if unicode else "*"
        self.minus = "−" if unicode else "-"

    def precedence(self, node: Expr) -> int:
        if isinstance(node, (Add, Sub)):
            return _ADD
        if isinstance(node, (Mul, Div)):
            return _MUL
        if isinstance(node, Neg) or (isinstance(node, Num) and node.value < 0):
            return _NEG
        if isinstance(node, Pow):
            return _POW
        if isinstance(node, Sum) and self.unicode:
            return _MUL
        return _ATOM

    def wrap(self, node: Expr, least: int) -> str:
        text = self.show(node)
        return f"({text})" if self.precedence(node) < least else text

    def open_sum(self, node: Expr, least: int) -> str:
        """A child that must not run into what follows it: a Unicode Σ would swallow the rest."""
        ends_in_sum = isinstance(node, Sum) or (isinstance(node, Mul) and isinstance(node.right, Sum))
        if self.unicode and ends_in_sum:
            return f"({self.show(node)})"
        return self.wrap(node, least)

    def show(self, node: Expr) -> str:
        if isinstance(node, Num):
            return format_number(node.value, self.unicode)
        if isinstance(node, Var):
            if node.name in self.names:
                return self.names[node.name]
            return unicode_name(node.name) if self.unicode else node.name
        if isinstance(node, Add):
            return f"{self.wrap(node.left, _ADD)} + {self.wrap(node.right, _MUL)}"
        if isinstance(node, Sub):
            return f"{self.wrap(node.left, _ADD)} {self.minus} {self.wrap(node.right, _MUL)}"
        if isinstance(node, Mul):
            # (1/m)·u rather than 1/m·u; a Unicode Σ on the right needs nothing, it ends the product.
            if isinstance(node.left, Div):
                left = f"({self.show(node.left)})"
            else:
                left = self.open_sum(node.left, _MUL)
            if self.unicode and isinstance(node.right, Sum):
                right = self.show(node.right)
            else:
                right = self.wrap(node.right, _POW)
            return f"{left}{self.times}{right}"
        if isinstance(node, Div):
            return f"{self.open_sum(node.left, _MUL)}/{self.open_sum(node.right, _POW)}"
        if isinstance(node, Neg):
            if isinstance(node.arg, Num):  # -2 would read back as the number -2, not as Neg(2)
                return f"{self.minus}({self.show(node.arg)})"
            return f"{self.minus}{self.wrap(node.arg, _NEG)}"
        if isinstance(node, Pow):
            return self.power(node)
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Sum):
            if self.unicode:
                return f"Σ {self.wrap(node.body, _MUL)}"
            return f"sum({self.show(node.body)})"
        raise TypeError(f"cannot print {type(node).__name__}")

    def power(self, node: Pow) -> str:
        base = self.open_sum(node.left, _ATOM)
        exponent = node.right
        if self.unicode and isinstance(exponent, Num) and _small_integer(exponent.value):
            return base + str(int(exponent.value)).translate(_SUPERSCRIPT)
        return f"{base}^{self.wrap(exponent, _NEG)}"

    def call(self, node: Call) -> str:
        if self.unicode and node.func == "sqrt":
            return f"√{self.wrap(node.arg, _ATOM)}"
        if self.unicode and node.func == "abs":
            return f"|{self.show(node.arg)}|"
        return f"{node.func}({self.show(node.arg)})"
