"""A worked solution far into a run: written to the digits the step asks for, and saying how the θ it works
from was reached (it works only the last update)."""

from __future__ import annotations

import numpy as np

from gdtutor.checking import NumberRule
from gdtutor.engine.steps import handler_for
from gdtutor.lessons.loading import parse_lesson

# House prices in dollars, sizes and bedrooms scaled: θ₀ ends near the mean price, 334,250.25.
HOUSES = """\
id: prices
title: Prices
problem:
  data: [[1200, 2, 250000], [1600, 3, 310000], [2000, 3, 365000], [2400, 4, 412001]]
  normalize: true
  alpha: 0.1
  iterations: 400
decimals: 2
steps:
  - id: intercept
    kind: number
    ask: theta
    iteration: 400
    param: theta0
    prompt: What is θ₀ after {iterations} updates?
  - id: first
    kind: number
    ask: theta
    param: theta0
    prompt: What is θ₀ after one update?
  - id: slope-later
    kind: number
    ask: gradient
    iteration: 3
    param: theta1
    prompt: What is ∂J/∂θ₁ after three updates?
"""


def question(step_id: str):
    lesson, problems = parse_lesson(HOUSES, "prices.yaml")
    assert lesson is not None, problems
    step = lesson.step(step_id)
    return handler_for(step).ask(lesson, step)


def test_the_answer_of_a_many_update_theta_is_shown_to_the_decimals_the_step_asks():
    intercept = question("intercept")
    expected = intercept.expected
    assert 300_000 < expected < 400_000
    shown = f"{expected:.2f}"
    assert intercept.answer() == shown
    assert intercept.solution().endswith(f"= {shown}")  # 334302.06 as the step asks, never 334302
    assert intercept.solution().startswith(
        "400 updates of θ := θ − α·∇J(θ) from θ = (0, 0, 0); the last one: θ₀ := "
    )


def test_one_update_from_the_start_needs_no_account_of_how_it_was_reached():
    assert question("first").solution().startswith("θ₀ := 0 − 0.1 · ")


def test_a_gradient_some_updates_in_says_where_descent_stood():
    slope = question("slope-later")
    assert slope.solution().startswith("θ = (")
    assert " after 3 updates of θ := θ − α·∇J(θ) from θ = (0, 0, 0); there ∂J/∂θ₁ = " in slope.solution()


def test_the_digits_a_rule_needs():
    assert NumberRule(decimals=2).digits(334302.0612) == 8
    assert NumberRule(decimals=3).digits(2.4) == 6  # never fewer than show's 6
    assert NumberRule(sigfigs=9).digits(1.0) == 9
    assert NumberRule().digits(np.float64(334302.0612)) == 6
