"""The stochastic-descent lesson quotes a run the solver cannot make (it only runs batch descent): its table
of costs must be what one-example updates on the lesson's own data really give."""

import re
from pathlib import Path

import numpy as np

from gdtutor.core.objectives import LinearRegression
from gdtutor.lessons import load_lesson
from gdtutor.lessons.problem import Setup, setup_for

LESSON = Path(__file__).resolve().parents[3] / "lessons" / "17-stochastic-descent.yaml"


def _table_row(prompt: str, name: str) -> list[float]:
    line = next(line for line in prompt.splitlines() if line.strip().startswith(f"| {name} "))
    return [float(cell) for cell in re.findall(r"\d+\.\d+", line)]


def test_the_noisy_curve_table_is_the_lessons_own_stochastic_and_batch_runs():
    lesson = load_lesson(LESSON)
    setup = setup_for(lesson.problem)
    whole = setup.objective
    X, y = setup.design
    prompt = lesson.step("noisy-curve").prompt

    # Stochastic: one example per update, in the order the data are listed (the order the lesson visits).
    shown = _table_row(prompt, "stochastic")
    theta, costs = setup.start, []
    for update in range(len(shown)):
        row = update % len(y)
        one = LinearRegression(X[row : row + 1], y[row : row + 1], cost="half-mse")
        theta = theta - setup.alpha * one.gradient(theta)
        costs.append(whole.cost(theta))
    assert shown == [round(c, 3) for c in costs]

    batch = setup.run(len(shown)).costs[1:]
    assert _table_row(prompt, "batch") == [round(float(c), 3) for c in batch]

    lowest = whole.cost(setup.minimizer())
    assert f"The lowest possible $J$ here is {lowest:g}." in " ".join(prompt.split())
    assert costs[1] > costs[0]  # the second update raises the whole-set cost: the point of the table


def test_the_steadier_step_quotes_the_mini_batch_update_it_follows():
    lesson = load_lesson(LESSON)
    whole = setup_for(lesson.problem).objective
    theta = setup_for(lesson.problem_for(lesson.step("mini-batch"))).point(1)
    prompt = " ".join(lesson.step("steadier").prompt.split())
    assert f"moves $\\theta_0$ to {theta[0]:.3f}" in prompt
    assert f"comes to about {whole.cost(theta):.3f}" in prompt


def test_a_one_example_step_has_no_deviation_and_validates_without_a_warning(recwarn):
    lesson = load_lesson(LESSON)
    setup = Setup(lesson.problem_for(lesson.step("first-theta0")))  # a fresh one: nothing computed yet
    mean, deviation = setup.feature_stats
    assert mean.tolist() == [3.0] and np.isnan(deviation).all()  # σ over m − 1 = 0 examples is undefined
    assert [str(warning.message) for warning in recwarn] == []
