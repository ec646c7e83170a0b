"""The safe expression engine: parse what learners type, evaluate it over numpy, differentiate, print.

    from gdtutor.core.expr import parse, derive
    e = parse("2(theta - 1)^2")          # an Expr; ExprError (a GdtutorError) for anything it cannot read
    e.evaluate({"theta": 3.0})           # 8.0; arrays in the environment give arrays
    e.diff("theta").to_unicode()         # "4·(θ − 1)"
    derive(e, "theta").steps             # the rules applied, outermost first

Notation: ``^`` and ``**`` (right-associative; unary minus binds looser: -θ^2 = -(θ^2)), superscripts
(θ², θ⁻¹), implicit multiplication before a name, a function or "(" (2θ, 2(θ − 1), (a)(b), θ₁x, θ θ), but
never before a number ("θ 2" is an error: it could mean θ₂ or θ·2). ``1/2x`` is (1/2)·x. Names: theta,
theta0 … thetaN (θ, θ₁, theta_1, θ_1), alpha (α), x, x1 … xN, y, m, and h. Functions: exp log sqrt abs sin
cos, always with parentheses; sum(...) (or Σ followed by a product) sums over the training set.

``h`` is expanded while parsing into θ0 + θ1·x (``features=1``, where x1 is x) or θ0 + θ1·x1 + … + θN·xN,
and prints in that expanded form: what the learner sees back is exactly what is evaluated. h(x), h(x_i)
and h_theta(x) mean h too.

Safety: a hand-written lexer and parser over a whitelist (no Python ``ast``, no ``eval``); at most
2,000 characters and 100 levels of nesting, checked before recursion; numbers are float64 and floating-
point errors are silenced (9^9^9 evaluates to inf at once); derivatives keep huge powers symbolic.

Trees are frozen dataclasses (structural equality and hashing) with ``children`` and ``rebuild``;
constructors (number, var, add, sub, mul, div, power, neg, call, summation) and Python operators build
trees without simplifying, and ``substitute`` replaces names by trees.
"""

from gdtutor.core.labels import partial_label, unicode_name

from .derive import Derivation, DerivationStep, derive
from .errors import ExprError
from .nodes import (
    Add,
    Call,
    Div,
    Expr,
    Mul,
    Neg,
    Num,
    Pow,
    Sub,
    Sum,
    Var,
    add,
    call,
    depth,
    div,
    mul,
    neg,
    number,
    power,
    sub,
    summation,
    var,
)
from .parser import MAX_DEPTH, hypothesis, parse
from .printing import format_number, to_ascii, to_unicode
from .simplify import simplify
from .tokens import MAX_LENGTH

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "Add",
    "Call",
    "Derivation",
    "DerivationStep",
    "Div",
    "Expr",
    "ExprError",
    "Mul",
    "Neg",
    "Num",
    "Pow",
    "Sub",
    "Sum",
    "Var",
    "add",
    "call",
    "depth",
    "derive",
    "div",
    "format_number",
    "hypothesis",
    "mul",
    "neg",
    "number",
    "parse",
    "partial_label",
    "power",
    "simplify",
    "sub",
    "summation",
    "to_ascii",
    "to_unicode",
    "unicode_name",
    "var",
]
