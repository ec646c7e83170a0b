"""A question keeps one FormulaCheck for all its answers: what it keeps never changes a verdict."""

import numpy as np
import pytest

from gdtutor.checking import FormulaCheck, Mistaken, check_formula
from gdtutor.checking.sample_points import EXAMPLES_PER_BATCH, POINTS_PER_BATCH, Compared, agree
from gdtutor.core.expr import parse

UPDATE_1 = "theta1 - alpha*(1/m)*sum((h - y)*x)"
ANSWERS = [
    "theta1 - alpha/m*sum((h - y)*x)",  # right
    "θ₁ − α/m·Σ(h − y)",  # missing-x
    "theta1 + alpha/m*sum((h - y)*x)",  # uphill
    "alpha/m*sum((h - y)*x)",  # step-not-theta
    "theta1 - alpha*sum((h - y)*x)",  # missing-mean
    "theta1 - alpha/m*sum((h - y)*x)*theta0",  # other names: other points
    "theta1 - alpha*(h - y)*x",  # one value per example
    "log(-theta1 - 10)",  # no value anywhere
    "theta1 - alpha/m*sum((h - y)*x) + 1",  # wrong, no mistake
    "theta1 -",  # unreadable
    "theta1 - alpha*q",  # unknown name
    "theta1 - alpha/m*sum((h - y)*x)",  # right again, after all the others
]


# Answers that use a name the reference does not (θ₀ here) are checked at other points.
DATA_SUM = "(1/m)*sum(x*y)"
DATA_SUM_ANSWERS = [
    "sum(x*y)/m",
    "sum(x*y)",
    "sum(x*y)/m + theta0",
    "sum(x*y)/m + theta0 - theta0",
    "2*sum(x*y)/m",
]


@pytest.mark.parametrize(("reference", "answers"), [(UPDATE_1, ANSWERS), (DATA_SUM, DATA_SUM_ANSWERS)])
def test_one_check_kept_for_every_answer_judges_each_as_a_fresh_check_does(reference, answers):
    lesson_mistakes = [Mistaken("forgot-the-mean", "theta1 - alpha*sum((h - y)*x)", "Divide by m.")]
    kept = FormulaCheck(reference, data={"alpha": 0.1}, lesson_mistakes=lesson_mistakes)
    for answer in answers + answers[::-1]:
        fresh = check_formula(answer, reference, data={"alpha": 0.1}, lesson_mistakes=lesson_mistakes)
        assert kept.check(answer) == fresh


def test_the_kept_values_are_computed_once_per_set_of_names():
    kept = FormulaCheck(parse("(1/m)*sum((h - y)*x)"))
    kept.check("1/m*sum(h - y)")
    first = kept._points_for(kept._names).mistaken_values
    kept.check("2/m*sum((h - y)*x)")
    assert kept._points_for(kept._names).mistaken_values is first


SPECIAL = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-12, 1e300])


def _values(rng: np.random.Generator, near: list[np.ndarray] | None = None) -> list[np.ndarray]:
    """A formula's values per batch, (points, 1) or (points, examples), some not finite; with ``near``,
    batches equal to those or off by a little either side of the tolerances, so that agreement is
    sometimes found and sometimes just missed; sometimes with too few points that have values."""
    tiny = rng.random() < 0.3  # where the absolute tolerance decides
    batches = []
    for index, examples in enumerate(EXAMPLES_PER_BATCH):
        width = int(rng.choice([1, examples]))
        if near is not None and rng.random() < 0.7:
            base = near[index]
            if base.shape[1] not in (1, width):
                width = base.shape[1]
            scale = 1 + rng.choice([0.0, 1e-9, 5e-8, 1.5e-7, 1e-6])
            shift = rng.choice([0.0, 5e-10, 1.5e-9])
            batch = np.broadcast_to(base, (POINTS_PER_BATCH, width)) * scale + shift
        else:
            batch = (
                rng.uniform(-1e-11, 1e-11) if tiny else rng.uniform(-10, 10, size=(POINTS_PER_BATCH, width))
            )
            batch = np.broadcast_to(batch, (POINTS_PER_BATCH, width)).copy()
            special = rng.random(batch.shape) < 0.1
            batch[special] = rng.choice(SPECIAL, size=int(special.sum()))
        if rng.random() < 0.15:
            batch[rng.random(POINTS_PER_BATCH) < 0.8] = np.nan
        batches.append(batch)
    return batches


def test_comparing_with_all_mistakes_at_once_agrees_with_one_at_a_time():
    rng = np.random.default_rng(7)
    for _ in range(400):
        answer = _values(rng)
        if rng.random() < 0.5:  # an answer with values everywhere, which takes the one-pass comparison
            answer = [np.where(np.isfinite(batch), batch, 1.0) for batch in answer]
        formulas = [_values(rng, near=answer) for _ in range(int(rng.integers(1, 6)))]
        with np.errstate(all="ignore"):
            assert Compared(formulas).agree_each(answer) == [agree(answer, values) for values in formulas]
