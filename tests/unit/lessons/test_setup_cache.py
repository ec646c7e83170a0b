"""One Setup per distinct problem, and its runs cut from the longest one, equal to running afresh."""

import numpy as np
import pytest

from gdtutor.core.descent import gradient_descent
from gdtutor.lessons.model import ProblemSpec
from gdtutor.lessons.problem import problem_key, setup_for


def test_equal_problems_share_one_setup_and_different_ones_do_not():
    spec = ProblemSpec(objective="theta^2", start={"theta": 3.0}, alpha=0.1)
    same = ProblemSpec(objective="theta^2", start={"theta": 3.0}, alpha=0.1)
    other = ProblemSpec(objective="theta^2", start={"theta": 3.0}, alpha=0.2)
    assert hash(problem_key(spec)) == hash(problem_key(same))
    assert setup_for(spec) is setup_for(same)
    assert setup_for(other) is not setup_for(spec)


@pytest.mark.parametrize("alpha", [0.1, 1.0, 1.1])  # converging, oscillating for ever, diverging
def test_a_shorter_run_is_the_head_of_the_longest_and_equals_a_fresh_one(alpha):
    spec = ProblemSpec(objective="theta^2", start={"theta": 3.0}, alpha=alpha, iterations=40)
    setup = setup_for(spec)
    setup.run(500)
    for count in (0, 1, 7, 40, 499, 500):
        cut, fresh = setup.run(count), gradient_descent(setup.objective, setup.start, alpha, count)
        assert cut.stopped == fresh.stopped
        assert np.array_equal(cut.thetas, fresh.thetas) and np.array_equal(cut.costs, fresh.costs)
        assert np.array_equal(cut.steps, fresh.steps) and np.array_equal(cut.gradients, fresh.gradients)


def test_a_longer_run_than_any_so_far_is_run_and_kept():
    # numbers no other test uses: the Setups are shared by the whole process
    setup = setup_for(ProblemSpec(objective="(theta - 1.5)^2", start={"theta": 5.25}, alpha=0.0137))
    assert setup.run(3).updates == 3
    assert setup.run(30).updates == 30
    assert setup.run(30) is setup.run(30)


def test_the_shared_run_cannot_be_changed_by_a_reader():
    setup = setup_for(ProblemSpec(objective="theta^2", start={"theta": 2.0}, alpha=0.1))
    with pytest.raises(ValueError):
        setup.point(2)[0] = 0.0
