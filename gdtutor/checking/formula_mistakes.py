"""The library's mistaken formulas, derived from a formula question's reference.

- update rules ``θⱼ − G``: uphill (θⱼ + G; sign-of-error gives the same and is named too), no-alpha
  (α set to 1 in G), step-not-theta (G alone), and the gradient mistakes below applied to G;
- gradients and costs: missing-mean (m set to 1), factor-two (2× and ½×), missing-x (the first x factor
  of each sum's product dropped: the chain-rule factor), sign-of-error (each h − y written y − h, when
  the formula uses the data y; squared, it is the same formula and so never claimed).
Derived formulas are simplified for reading (``derive_mistakes``); the checker evaluates them as built.
Mistakes that need the descent's history (stale-theta, off-by-one, sequential-update) do not apply to a
formula; lessons can add their own mistaken formulas.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gdtutor.checking.mistakes import PRIORITY
from gdtutor.core.expr import Add, Div, Expr, Mul, Neg, Num, Sub, Sum, Var
from gdtutor.core.expr.names import is_parameter


@dataclass(frozen=True)
class FormulaMistake:
    """A mistaken formula: its id, the formula, and an explanation (None: the library's)."""

    id: str
    formula: Expr
    explanation: str | None = None


def derive_mistakes(reference: Expr) -> list[FormulaMistake]:
    """The library's mistaken versions of ``reference``, most fundamental first, simplified for reading."""
    return [
        FormulaMistake(mistake.id, mistake.formula.simplify(), mistake.explanation)
        for mistake in derived_mistakes(reference)
    ]


def derived_mistakes(reference: Expr) -> list[FormulaMistake]:
    """The mistaken formulas as built (checking evaluates them; simplifying would only cost time)."""
    found: list[FormulaMistake] = []
    update = as_update_rule(reference)
    if update is not None:
        parameter, step = update
        found.append(FormulaMistake("uphill", Add(parameter, step)))
        if "alpha" in step.free_names():
            found.append(FormulaMistake("no-alpha", Sub(parameter, step.substitute({"alpha": Num(1.0)}))))
        found.append(FormulaMistake("step-not-theta", step))
        found += [
            FormulaMistake(mistake.id, Sub(parameter, mistake.formula), mistake.explanation)
            for mistake in _gradient_mistakes(step)
        ]
    else:
        found += _gradient_mistakes(reference)
    return sorted(found, key=lambda mistake: PRIORITY[mistake.id])


def _gradient_mistakes(formula: Expr) -> list[FormulaMistake]:
    found = []
    if "y" in formula.free_names():
        found.append(FormulaMistake("sign-of-error", _swap_error(formula) or Neg(formula)))
    if "m" in formula.free_names():
        found.append(FormulaMistake("missing-mean", formula.substitute({"m": Num(1.0)})))
    found.append(FormulaMistake("factor-two", Mul(Num(2.0), formula)))
    found.append(FormulaMistake("factor-two", Div(formula, Num(2.0))))
    without_x = _drop_chain_factor(formula)
    if without_x is not None:
        found.append(FormulaMistake("missing-x", without_x))
    outside = _x_outside_the_sum(formula)
    if outside is not None:
        found.append(FormulaMistake("missing-x", outside, X_OUTSIDE))
    return found


X_OUTSIDE = (
    "The x⁽ⁱ⁾ stands outside the sum, where no example owns it. By the chain rule each error (h − y) is "
    "multiplied by its own x⁽ⁱ⁾, inside the sum, before the errors are added up."
)


def _x_outside_the_sum(formula: Expr) -> Expr | None:
    """The formula with each sum's x factor moved out of it: Σ(h − y)·x for Σ((h − y)·x)."""

    def move(node: Expr) -> Expr | None:
        if isinstance(node, Sum):
            body = _without_x_factor(node.body)
            feature = next(
                (n for n in node.body.walk() if isinstance(n, Var) and n.name.startswith("x")), None
            )
            return None if body is None or feature is None else Mul(Sum(body), feature)
        return None

    return _rewrite_wherever(formula, move)


def as_update_rule(reference: Expr) -> tuple[Var, Expr] | None:
    """(θⱼ, G) when the reference reads θⱼ − G, the shape of an update rule."""
    if isinstance(reference, Sub) and isinstance(reference.left, Var) and is_parameter(reference.left.name):
        return reference.left, reference.right
    return None


def _rewrite_wherever(formula: Expr, rule: Callable[[Expr], Expr | None]) -> Expr | None:
    """The formula with ``rule`` applied at each outermost node it rewrites; None when it rewrites none."""
    rewritten = rule(formula)
    if rewritten is not None:
        return rewritten
    changed = False
    children = []
    for child in formula.children:
        new_child = _rewrite_wherever(child, rule)
        changed = changed or new_child is not None
        children.append(child if new_child is None else new_child)
    return formula.rebuild(tuple(children)) if changed else None


def _swap_error(formula: Expr) -> Expr | None:
    """The formula with each error h − y written y − h (a flipped sign, unless a square hides it)."""

    def swap(node: Expr) -> Expr | None:
        if isinstance(node, Sub) and node.right == Var("y"):
            return Sub(node.right, node.left)
        return None

    return _rewrite_wherever(formula, swap)


def _drop_chain_factor(formula: Expr) -> Expr | None:
    """The formula with the first x factor of each sum's product removed, or None when there is none."""

    def drop(node: Expr) -> Expr | None:
        if isinstance(node, Sum):
            body = _without_x_factor(node.body)
            return None if body is None else Sum(body)
        return None

    return _rewrite_wherever(formula, drop)


def _without_x_factor(product: Expr) -> Expr | None:
    if isinstance(product, Mul):
        for kept, other in ((product.left, product.right), (product.right, product.left)):
            if isinstance(other, Var) and other.name.startswith("x"):
                return kept
        left = _without_x_factor(product.left)
        if left is not None:
            return Mul(left, product.right)
        right = _without_x_factor(product.right)
        return None if right is None else Mul(product.left, right)
    if isinstance(product, Div):
        numerator = _without_x_factor(product.left)
        return None if numerator is None else Div(numerator, product.right)
    if isinstance(product, Neg):
        inner = _without_x_factor(product.arg)
        return None if inner is None else Neg(inner)
    return None
