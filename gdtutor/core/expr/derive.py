"""Symbolic differentiation that records the rule used at every step.

Steps come outermost first, the order a worked derivation is written in (the article's [1.0]-[1.4]):
for J = (1/(2m))·Σ (h − y)², d/dθ₀ records "constant-multiple", "sum" (over the examples), "power",
"chain", "sum", then the leaves ("linear", "constant"). A step's ``before`` is the expression being
differentiated and ``after`` its simplified derivative. When an outer rule meets an inner expression other
than the variable itself, two steps are recorded for the node: the outer rule, whose ``after`` is the outer
derivative alone (2·(h − y) for (h − y)²), then "chain", whose ``after`` is the product with the inner
derivative.

Rule names are the ones a lesson's derivation lines cite (``gdtutor.lessons.model.RULES``) where the rule is
the same: "constant", "linear" (the variable itself), "sum" (of two terms, or over the examples),
"constant-multiple", "power", "chain"; and "product", "quotient", "exponential", "general-power", "exp",
"log", "sqrt", "abs", "sin", "cos". A huge exponent stays symbolic (n·u^(n−1)).
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ExprError, printable
from .names import is_canonical
from .nodes import Add, Call, Div, Expr, Mul, Neg, Num, Pow, Sub, Sum, Var
from .simplify import simplify
from .simplify import simplify_node as _s

ZERO, ONE, TWO = Num(0), Num(1), Num(2)


@dataclass(frozen=True)
class DerivationStep:
    rule: str
    before: Expr
    after: Expr


@dataclass(frozen=True)
class Derivation:
    result: Expr
    steps: list[DerivationStep]
    variable: str

    def rules(self) -> list[str]:
        return [step.rule for step in self.steps]


def derive(expr: Expr, name: str) -> Derivation:
    """The simplified derivative of ``expr`` with respect to the canonical name ``name``, with its steps."""
    name = _canonical_variable(name)
    deriver = _Deriver(name)
    try:
        result = deriver.d(expr)
    except RecursionError:
        raise ExprError("the formula is nested too deeply to differentiate") from None
    steps = [step for step in deriver.steps if step is not None]
    return Derivation(result, steps, name)


def _canonical_variable(name: str) -> str:
    """``name`` as a canonical name; any spelling the parser reads as one name will do (θ₁, theta_1)."""
    if is_canonical(name):
        return name
    from .parser import parse

    try:
        expr = parse(name)
    except ExprError:
        expr = None
    if isinstance(expr, Var):
        return expr.name
    raise ExprError(f"cannot differentiate with respect to '{printable(name)[:20]}': it is not a name")


def _outer_derivative(function: str, u: Expr) -> tuple[str, Expr]:
    """The rule for f(u) and f'(u), built from the simplified ``u`` one simplified node at a time."""
    if function == "exp":
        return "exp", _s(Call("exp", u))
    if function == "log":
        return "log", _s(Div(ONE, u))
    if function == "sqrt":
        return "sqrt", _s(Div(ONE, _s(Mul(TWO, _s(Call("sqrt", u))))))
    if function == "abs":
        return "abs", _s(Div(u, _s(Call("abs", u))))
    if function == "sin":
        return "sin", _s(Call("cos", u))
    if function == "cos":
        return "cos", _s(Neg(_s(Call("sin", u))))
    raise ValueError(f"no derivative for {function}")


class _Deriver:
    """Differentiates bottom-up; every node it builds is simplified as it is built, so the work stays
    proportional to the size of the tree rather than re-simplifying whole subtrees at every step."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.steps: list[DerivationStep | None] = []
        self.simplified: dict[int, Expr] = {}

    def s(self, node: Expr) -> Expr:
        """The simplified form of a subtree of the input (cached: subtrees recur in every rule)."""
        key = id(node)
        if key not in self.simplified:
            self.simplified[key] = simplify(node)
        return self.simplified[key]

    def reserve(self) -> int:
        self.steps.append(None)
        return len(self.steps) - 1

    def record(self, index: int, rule: str, before: Expr, after: Expr) -> Expr:
        self.steps[index] = DerivationStep(rule, before, after)
        return after

    def d(self, node: Expr) -> Expr:
        index = self.reserve()
        if self.name not in node.free_names():
            return self.record(index, "constant", node, ZERO)
        if isinstance(node, Var):
            return self.record(index, "linear", node, ONE)
        if isinstance(node, Add):
            return self.record(index, "sum", node, _s(Add(self.d(node.left), self.d(node.right))))
        if isinstance(node, Sub):
            return self.record(index, "sum", node, _s(Sub(self.d(node.left), self.d(node.right))))
        if isinstance(node, Neg):
            return self.record(index, "constant-multiple", node, _s(Neg(self.d(node.arg))))
        if isinstance(node, Sum):
            return self.record(index, "sum", node, _s(Sum(self.d(node.body))))
        if isinstance(node, Mul):
            return self.product(index, node)
        if isinstance(node, Div):
            return self.quotient(index, node)
        if isinstance(node, Pow):
            return self.power(index, node)
        if isinstance(node, Call):
            rule, outer = _outer_derivative(node.func, self.s(node.arg))
            return self.chain(index, rule, node, outer, node.arg)
        raise TypeError(f"cannot differentiate {type(node).__name__}")

    def product(self, index: int, node: Mul) -> Expr:
        u, v = node.left, node.right
        if self.name not in u.free_names():
            return self.record(index, "constant-multiple", node, _s(Mul(self.s(u), self.d(v))))
        if self.name not in v.free_names():
            return self.record(index, "constant-multiple", node, _s(Mul(self.d(u), self.s(v))))
        du, dv = self.d(u), self.d(v)
        result = _s(Add(_s(Mul(du, self.s(v))), _s(Mul(self.s(u), dv))))
        return self.record(index, "product", node, result)

    def quotient(self, index: int, node: Div) -> Expr:
        u, v = node.left, node.right
        if self.name not in v.free_names():
            return self.record(index, "constant-multiple", node, _s(Div(self.d(u), self.s(v))))
        du, dv = self.d(u), self.d(v)
        su, sv = self.s(u), self.s(v)
        numerator = _s(Sub(_s(Mul(du, sv)), _s(Mul(su, dv))))
        return self.record(index, "quotient", node, _s(Div(numerator, _s(Pow(sv, TWO)))))

    def power(self, index: int, node: Pow) -> Expr:
        base, exponent = self.s(node.left), self.s(node.right)
        if self.name not in exponent.free_names():
            outer = _s(Mul(exponent, _s(Pow(base, _s(Sub(exponent, ONE))))))
            return self.chain(index, "power", node, outer, node.left)
        whole = self.s(node)
        if self.name not in base.free_names():
            outer = _s(Mul(whole, _s(Call("log", base))))
            return self.chain(index, "exponential", node, outer, node.right)
        # u^v = exp(v·log u): d = u^v · (v'·log u + v·u'/u)
        du, dv = self.d(node.left), self.d(node.right)
        inner = _s(Add(_s(Mul(dv, _s(Call("log", base)))), _s(Div(_s(Mul(exponent, du)), base))))
        return self.record(index, "general-power", node, _s(Mul(whole, inner)))

    def chain(self, index: int, rule: str, node: Expr, outer: Expr, inner: Expr) -> Expr:
        if inner == Var(self.name):
            self.d(inner)
            return self.record(index, rule, node, outer)
        self.record(index, rule, node, outer)
        chain_index = self.reserve()
        return self.record(chain_index, "chain", node, _s(Mul(outer, self.d(inner))))
