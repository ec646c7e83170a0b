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


def test_problems_that_differ_only_in_iterations_share_their_runs():
    # numbers no other test uses: the Setups are shared by the whole process
    short = setup_for(
        ProblemSpec(objective="(theta + 0.5)^2", start={"theta": 2.75}, alpha=0.0173, iterations=40)
    )
    long = setup_for(
        ProblemSpec(objective="(theta + 0.5)^2", start={"theta": 2.75}, alpha=0.0173, iterations=400)
    )
    assert short is not long and short.runs is long.runs
    whole = long.run()
    assert np.shares_memory(short.run().thetas, whole.thetas)  # a slice of the long run, not a run of its own
    assert short.minimizer() is long.minimizer()


def test_a_question_about_an_earlier_iterate_runs_the_whole_problem_once():
    setup = setup_for(
        ProblemSpec(objective="(theta - 0.25)^2", start={"theta": 1.75}, alpha=0.0219, iterations=30)
    )
    start = setup.point(0)
    assert setup.runs.longest is not None and setup.runs.longest.updates == 30
    assert setup.run() is setup.runs.longest
    assert np.shares_memory(start, setup.run().thetas)


def test_where_descent_settles_is_looked_for_once_and_cannot_be_changed():
    setup = setup_for(ProblemSpec(objective="(theta - 0.75)^2", start={"theta": -1.5}, alpha=0.0291))
    lowest = setup.minimizer()
    assert lowest is not None and lowest[0] == pytest.approx(0.75)
    assert setup.minimizer() is lowest
    with pytest.raises(ValueError):
        lowest[0] = 0.0


def test_the_search_for_the_minimum_is_the_plain_run_up_to_where_it_settles():
    setup = setup_for(
        ProblemSpec(objective="(theta - 2)^2", start={"theta": -1.25}, alpha=0.0457, iterations=20)
    )
    lowest = setup.minimizer()
    toward = setup.toward_minimum(10_000)
    assert toward.updates < 10_000 and np.array_equal(toward.theta, lowest)
    fresh = gradient_descent(setup.objective, setup.start, setup.alpha, toward.updates)
    assert np.array_equal(toward.thetas, fresh.thetas) and np.array_equal(toward.costs, fresh.costs)
    assert setup.toward_minimum(5).updates == 5
    own = setup.run()  # shorter than where it settles: cut from the search, with the plain run's ending
    assert np.shares_memory(own.thetas, toward.thetas) and own.stopped == "iterations"
