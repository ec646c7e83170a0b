"""Properties over random expression trees: derivatives match central differences, printers round-trip."""

import math

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gdtutor.core.expr import Add, Call, Div, Expr, Mul, Neg, Num, Pow, Sub, Sum, Var, parse

NAMES = ["theta", "theta1", "x"]
FUNCTIONS = ["exp", "log", "sqrt", "abs", "sin", "cos"]
DATA_X = np.array([0.5, -1.0, 2.0])

numbers = st.sampled_from([0.0, 1.0, 2.0, 3.0, 0.5, 2.5, 10.0, 0.001, 1e20])
leaves = st.one_of(numbers.map(Num), st.sampled_from(NAMES).map(Var))


def _extend(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    return st.one_of(
        *(st.builds(node, children, children) for node in (Add, Sub, Mul, Div, Pow)),
        st.builds(Pow, children, st.sampled_from([2.0, 3.0, 0.5]).map(Num)),
        st.builds(Neg, children),
        st.builds(Call, st.sampled_from(FUNCTIONS), children),
        st.builds(Sum, children),
    )


trees = st.recursive(leaves, _extend, max_leaves=8)
# Values near 1e-300 overflow in 1/θ·θ before and not after simplifying: a float effect, not a bug.
points = st.floats(-3, 3).filter(lambda t: t == 0 or abs(t) > 1e-3)
PROFILE = settings(max_examples=150, deadline=None)


def _same_value(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _value(expr: Expr, theta: float, theta1: float) -> float:
    """The value, with any per-example values added up (a linear map, so derivatives commute with it)."""
    value = expr.evaluate({"theta": theta, "theta1": theta1, "x": DATA_X})
    with np.errstate(all="ignore"):  # inf - inf when adding up is nan, as it should be
        return float(np.sum(np.broadcast_to(value, DATA_X.shape)))


@PROFILE
@given(trees)
def test_ascii_form_reparses_to_the_same_tree(expr):
    assert parse(expr.to_ascii()) == expr


@PROFILE
@given(trees.filter(lambda e: not any(isinstance(n, Call) and n.func == "abs" for n in e.walk())))
def test_unicode_form_reparses_to_the_same_tree(expr):
    assert parse(expr.to_unicode()) == expr


@PROFILE
@given(trees, points, points)
def test_simplified_tree_has_the_same_value(expr, theta, theta1):
    original = _value(expr, theta, theta1)
    assume(math.isfinite(original) and abs(original) < 1e12)
    simplified = _value(expr.simplify(), theta, theta1)
    assert math.isclose(original, simplified, rel_tol=1e-7, abs_tol=1e-9)


def _largest_intermediate(expr: Expr, theta: float, theta1: float) -> float:
    """The largest magnitude any node takes: past about 1e8 a step of 1e-5 vanishes in rounding."""
    with np.errstate(all="ignore"):
        return max(
            float(np.max(np.abs(node.evaluate({"theta": theta, "theta1": theta1, "x": DATA_X}))))
            for node in expr.walk()
        )


def _central(expr: Expr, theta: float, theta1: float, step: float) -> float:
    return (_value(expr, theta + step, theta1) - _value(expr, theta - step, theta1)) / (2 * step)


@PROFILE
@given(trees, points, points)
def test_derivative_matches_central_differences(expr, theta, theta1):
    centre = _value(expr, theta, theta1)
    assume(math.isfinite(centre) and abs(centre) < 1e6)
    # sin(1e20 + θ) has a derivative, but no finite difference can see it: 1e20 + 1e-5 == 1e20.
    assume(_largest_intermediate(expr, theta, theta1) < 1e8)
    step = 1e-5 * max(1.0, abs(theta))
    coarse = _central(expr, theta, theta1, 2 * step)
    fine = _central(expr, theta, theta1, step)
    forward = (_value(expr, theta + step, theta1) - centre) / step
    backward = (centre - _value(expr, theta - step, theta1)) / step
    # Near a kink, pole or edge of the domain the estimates disagree: skip such points.
    assume(all(math.isfinite(v) and abs(v) < 1e6 for v in (coarse, fine, forward, backward)))
    assume(math.isclose(coarse, fine, rel_tol=1e-3, abs_tol=1e-5))
    assume(math.isclose(forward, backward, rel_tol=1e-2, abs_tol=1e-3))
    symbolic = _value(expr.diff("theta"), theta, theta1)
    assume(math.isfinite(symbolic))
    assert math.isclose(symbolic, fine, rel_tol=1e-3, abs_tol=1e-4), (expr.to_ascii(), symbolic, fine)


@PROFILE
@given(trees)
def test_derivative_of_every_tree_prints_and_reparses(expr):
    derivative = expr.diff("theta")
    assert parse(derivative.to_ascii()) == derivative


@PROFILE
@given(trees, points, points)
def test_evaluation_is_vectorised_over_parameters(expr, theta, theta1):
    assume(not any(isinstance(node, Sum) or node == Var("x") for node in expr.walk()))
    grid = np.array([theta, theta1, 0.25])
    values = expr.evaluate({"theta": grid, "theta1": theta1, "x": 1.5})
    singles = [expr.evaluate({"theta": float(t), "theta1": theta1, "x": 1.5}) for t in grid]
    for vector_value, single in zip(np.broadcast_to(values, grid.shape), singles, strict=True):
        assert _same_value(float(vector_value), single)
