"""A compiled formula computes exactly what the tree's own walk computes: the same bits, the same errors."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdtutor.core.expr import ExprError, parse
from gdtutor.core.expr.compiled import CompiledFormulas, compile_formula
from gdtutor.core.expr.evaluate import computed, finish

from .test_properties import DATA_X, trees

PARAMS = ("theta", "theta1")
values = st.floats(allow_nan=False, width=64) | st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.0])


def _bits(value):
    """A value as its exact bytes and shape, so that nan equals nan and 0.0 differs from -0.0."""
    if isinstance(value, float):
        return ("float", np.float64(value).tobytes())
    return (type(value).__name__, np.shape(value), np.asarray(value, dtype=np.float64).tobytes())


def _compiled_value(expr, constants, params):
    formula = compile_formula(expr, PARAMS, constants)
    return finish(expr, computed(formula, tuple(np.float64(v) for v in params)))


@settings(max_examples=300, deadline=None)
@given(trees, values, values, st.booleans())
def test_a_compiled_formula_gives_the_walks_bits(expr, theta, theta1, with_data):
    constants = {"x": DATA_X} if with_data else {"x": 0.5, "m": 3.0}
    env = {**constants, "theta": theta, "theta1": theta1}
    try:
        expected = _bits(expr.evaluate(env))
    except ExprError as error:
        with pytest.raises(ExprError) as caught:
            _compiled_value(expr, constants, (theta, theta1))
        assert caught.value.message == error.message
        return
    assert _bits(_compiled_value(expr, constants, (theta, theta1))) == expected


def test_a_name_without_a_value_is_refused_when_compiling():
    with pytest.raises(ExprError, match="no value given for alpha"):
        compile_formula(parse("theta * alpha"), PARAMS, {})


def test_a_sum_without_data_or_m_fails_when_computed_as_evaluate_does():
    expr = parse("sum(theta)")
    formula = compile_formula(expr, PARAMS, {})
    with pytest.raises(ExprError, match="needs m"):
        computed(formula, (np.float64(1.0), np.float64(2.0)))


def test_data_that_do_not_fit_together_fail_as_evaluate_does():
    expr = parse("x + y")
    formula = compile_formula(expr, PARAMS, {"x": np.ones(3), "y": np.ones(4)})
    with pytest.raises(ExprError, match="do not fit together"):
        computed(formula, (np.float64(1.0), np.float64(2.0)))


def test_several_formulas_are_compiled_only_when_first_asked_for():
    good, bad = parse("theta^2"), parse("theta * alpha")
    formulas = CompiledFormulas((good, bad), ("theta",), {})
    assert formulas.floats(range(1), (np.float64(3.0),)) == [9.0]
    with pytest.raises(ExprError, match="no value given for alpha"):
        formulas.floats(range(2), (np.float64(3.0),))


def test_per_example_values_keep_their_axis_and_sums_drop_theirs():
    x = np.array([1.0, 2.0, 4.0])
    per_example = parse("theta * x")
    total = parse("1/(2m) sum((theta x - 1)^2)")
    for expr in (per_example, total):
        env_value = expr.evaluate({"x": x, "theta": 0.5})
        compiled = _compiled_value(expr, {"x": x}, (0.5, 0.0))
        assert _bits(compiled) == _bits(env_value)
    assert math.isclose(_compiled_value(total, {"x": x}, (0.5, 0.0)), (0.25 + 0 + 1) / 6)
