"""Mistaken formulas built from the reference's parts are valued from the parts' values, to the bit."""

import numpy as np
import pytest

from gdtutor.checking import formula_mistakes, sample_points
from gdtutor.core.expr import parse

REFERENCES = [
    "theta1 - alpha*(1/m)*sum((h - y)*x)",
    "theta0 - alpha/m*sum(h - y)",
    "(1/m)*sum((h - y)*x)",
    "2*theta",
    "theta - 0.1*2*theta",
    "1/(2*m)*sum((h - y)^2)",
]


@pytest.mark.parametrize("text", REFERENCES)
def test_reused_values_equal_a_full_evaluation(text):
    reference = parse(text)
    candidates = formula_mistakes.derived_mistakes(reference)
    names = reference.free_names().union(*(candidate.formula.free_names() for candidate in candidates))
    points = sample_points.sample_points(reference, names, {})
    known = {id(reference): points.values(reference)}
    update = formula_mistakes.as_update_rule(reference)
    if update is not None:
        known[id(update[1])] = points.values(update[1])
    reused = 0
    for candidate in candidates:
        fast = sample_points.values_reusing(candidate.formula, known, points)
        full = points.values(candidate.formula)
        for a, b in zip(fast, full, strict=True):
            np.testing.assert_array_equal(a, b)
        reused += sample_points._combinable(candidate.formula, known)
    assert reused >= 2  # factor-two (2× and ½×) at least are never walked again
