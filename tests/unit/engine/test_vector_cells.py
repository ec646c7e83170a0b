"""Questions whose answer is a gradient or a pair say what each number holds, in the prompt and the errors."""

import pytest

from gdtutor.engine import Feedback, Tutor
from gdtutor.lessons.loading import parse_lesson

LESSON = """\
id: vector-cells
title: Vector cells
problem:
  data: [[1, 2], [2, 3], [3, 5]]
  start: [0, 0]
  alpha: 0.1
decimals: 3
steps:
  - id: pair-table
    kind: iterate
    rows: [0, 1]
    columns: [theta, gradient, step]
    prompt: Fill in the table.
  - id: one-param-table
    kind: iterate
    rows: [0, 1]
    columns: [theta, gradient]
    param: theta1
    prompt: Fill in the table for θ₁.
  - id: gradient-pair
    kind: number
    ask: gradient
    prompt: The gradient at the start?
  - id: one-partial
    kind: number
    ask: gradient
    param: theta0
    prompt: ∂J/∂θ₀ at the start?
"""


@pytest.fixture(scope="module")
def lesson():
    parsed, problems = parse_lesson(LESSON, "vector-cells.yaml")
    assert problems == []
    return parsed


def feedback(events):
    return next(event for event in events if isinstance(event, Feedback))


def test_a_gradient_cell_of_a_pair_table_names_its_partial_derivatives(lesson):
    tutor = Tutor.for_steps(lesson, ["pair-table"], seed=0)
    assert (
        tutor.view().asking
        == "row 0, ∇J as 2 numbers: ∂J/∂θ₀ and ∂J/∂θ₁, separated by commas, each to 3 decimals"
    )
    refused = feedback(tutor.submit("-3.333"))
    assert refused.verdict.message == "Give ∇J as 2 numbers: ∂J/∂θ₀ and ∂J/∂θ₁ (you gave 1)"
    tutor.submit(tutor.question().answer())
    assert tutor.view().asking == (
        "row 0, α·∇J as 2 numbers: α·∂J/∂θ₀ and α·∂J/∂θ₁, separated by commas, each to 3 decimals"
    )
    tutor.submit(tutor.question().answer())
    assert tutor.view().asking == "row 1, θ as 2 numbers: θ₀ and θ₁, separated by commas, each to 3 decimals"


def test_a_cell_following_one_parameter_names_that_partial_derivative(lesson):
    tutor = Tutor.for_steps(lesson, ["one-param-table"], seed=0)
    assert tutor.view().asking == "row 0, ∂J/∂θ₁: a number, to 3 decimals"
    tutor.submit(tutor.question().answer())
    assert tutor.view().asking == "row 1, θ₁: a number, to 3 decimals"


def test_number_steps_name_the_partial_derivatives_too(lesson):
    tutor = Tutor.for_steps(lesson, ["gradient-pair", "one-partial"], seed=0)
    assert (
        tutor.view().asking
        == "∇J at iteration 0 as 2 numbers: ∂J/∂θ₀ and ∂J/∂θ₁, separated by commas, each to 3 decimals"
    )
    tutor.submit(tutor.question().answer())
    tutor.next()
    assert tutor.view().asking == "∂J/∂θ₀ at iteration 0: a number, to 3 decimals"
