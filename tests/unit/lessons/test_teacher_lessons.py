"""The three lessons a teacher wrote from docs/authoring.md alone, written with the formats as they
are now, without workarounds: a food-truck lesson on 97 cities in a data file beside it, feature scaling on
house size and bedrooms, and a custom cost (θ − 1)⁴ + θ². The data is generated here (never a public data
set), and every answer is checked against plain numpy."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gdtutor.engine import Tutor
from gdtutor.engine.selftest import check_lesson
from gdtutor.engine.steps import handler_for
from gdtutor.lessons import load_lesson


def descend(A: np.ndarray, y: np.ndarray, alpha: float, iterations: int) -> list[np.ndarray]:
    """θ after 0 … iterations updates of batch descent on the one-half MSE, from 0 (A has the ones column)."""
    thetas = [np.zeros(A.shape[1])]
    for _ in range(iterations):
        theta = thetas[-1]
        thetas.append(theta - alpha * A.T @ (A @ theta - y) / len(y))
    return thetas


def problems(lesson) -> list[str]:
    """What gdtutor validate says about the lesson, warnings included: none is wanted. (A library mistake
    giving the right answer on a run that has converged is not warned about; see GDQuestion.settled.)"""
    return [str(problem) for problem in check_lesson(lesson)]


def expected_of(lesson, step_id):
    step = lesson.step(step_id)
    return handler_for(step).ask(lesson, step)


# ---- 1. the food truck: 97 cities in a file beside the lesson


FOOD_TRUCK = """\
id: food-truck
title: Where to open a food truck
skills: [update-rule, iterate-descent]
problem:
  data_file: food-truck.csv
  start: [0, 0]
  alpha: 0.01
  iterations: 1500
decimals: 4
steps:
  - id: look
    kind: read
    prompt: |
      Each line of the data is a city: its population in 10,000s, then the profit of a food truck there in
      $10,000s (press F8, or type `data`, to see all {iterations} updates' worth of cities).
  - id: first-cost
    kind: number
    ask: cost
    iteration: 0
    prompt: What is the cost $J(\\theta_0, \\theta_1)$ at the start, θ₀ = {theta0} and θ₁ = {theta1}?
  - id: first-update
    kind: number
    ask: theta
    prompt: With α = {alpha}, give θ₀ and θ₁ after the first update.
    mistakes:
      - id: updated-one
        explain: Both parameters move on every update; θ₁ moved too.
        value: [theta0 - alpha*sum(h - y)/m, theta1]
  - id: slope-after-all
    kind: number
    ask: theta
    iteration: 1500
    param: theta1
    prompt: After {iterations} updates, what is θ₁?
  - id: predict-35k
    kind: number
    ask: prediction
    iteration: 1500
    x: 3.5
    prompt: What profit does the model predict for a city of 35,000 people (x = {x})?
  - id: predict-70k
    kind: number
    ask: prediction
    iteration: 1500
    x: 7
    prompt: And for 70,000 people (x = {x})?
  - id: exact
    kind: number
    ask: minimizer
    prompt: Solve the normal equation. Where is J smallest?
"""


@pytest.fixture
def food_truck(tmp_path: Path):
    rng = np.random.default_rng(2024)
    population = rng.uniform(5.0, 22.5, size=97).round(4)
    profit = (-3.9 + 1.19 * population + rng.normal(0, 3.0, size=97)).round(4)
    lines = ["# population (10,000s), profit ($10,000s): generated for this test"]
    lines += [f"{p}, {q}" for p, q in zip(population, profit, strict=True)]
    (tmp_path / "food-truck.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "food-truck.yaml").write_text(FOOD_TRUCK, encoding="utf-8")
    return load_lesson(tmp_path / "food-truck.yaml"), population, profit


def test_the_food_truck_lesson_validates_clean(food_truck):
    lesson, _, _ = food_truck
    assert problems(lesson) == []


def test_the_food_truck_answers_are_numpys(food_truck):
    lesson, x, y = food_truck
    A = np.column_stack([np.ones(97), x])
    thetas = descend(A, y, 0.01, 1500)
    assert expected_of(lesson, "first-cost").expected == pytest.approx(float(y @ y) / (2 * 97), rel=1e-14)
    assert expected_of(lesson, "first-update").expected == pytest.approx(tuple(thetas[1]), rel=1e-14)
    assert expected_of(lesson, "slope-after-all").expected == pytest.approx(thetas[1500][1], rel=1e-11)
    for step_id, city in (("predict-35k", 3.5), ("predict-70k", 7.0)):
        question = expected_of(lesson, step_id)
        assert question.expected == pytest.approx(thetas[1500] @ [1, city], rel=1e-11)
        assert question.answer() == f"{thetas[1500] @ [1, city]:.4f}"
    exact = np.linalg.lstsq(A, y, rcond=None)[0]
    assert expected_of(lesson, "exact").expected == pytest.approx(tuple(exact), rel=1e-12)


def test_the_food_truck_learner_sees_the_data_and_the_numbers_in_the_prose(food_truck):
    lesson, x, y = food_truck
    tutor = Tutor(lesson, seed=0)
    data = tutor.data()
    assert data is not None and data.source == "food-truck.csv" and len(data.rows) == 97
    assert data.rows[0] == (f"{x[0]:g}", f"{y[0]:g}".replace("-", "−"))
    tutor.next()
    assert tutor.view().prompt.endswith("at the start, θ₀ = 0 and θ₁ = 0?")


# ---- 2. feature scaling on house size and bedrooms

HOUSES = """\
id: house-scaling
title: Scaling size and bedrooms
problem:
  data_file: houses.csv
  normalize: true
  alpha: 0.1
  iterations: 400
decimals: 3
steps:
  - id: mean-size
    kind: number
    ask: mean
    feature: x1
    prompt: What is the mean size in square feet?
  - id: spread-size
    kind: number
    ask: deviation
    feature: x1
    prompt: What is the standard deviation of the size (dividing by m − 1)?
  - id: spread-bedrooms
    kind: number
    ask: deviation
    feature: x2
    prompt: And of the number of bedrooms?
  - id: scaled-size
    kind: number
    ask: normalized
    feature: x1
    x: 1650
    prompt: What is the scaled size of a {x} square-foot house?
    mistakes:
      - id: range-not-deviation
        explain: This course scales by the standard deviation, not by the range.
        value: (xraw1 - mu1) / 3650
  - id: theta-after
    kind: number
    ask: theta
    iteration: 400
    prompt: Give θ₀, θ₁ and θ₂ after {iterations} updates.
  - id: theta-star
    kind: number
    ask: minimizer
    prompt: Where is J smallest, in the scaled features?
  - id: price
    kind: number
    ask: prediction
    iteration: 400
    x: [1650, 3]
    prompt: What price does the model give a {x1} square-foot house with {x2} bedrooms?
    mistakes:
      - id: raw-inputs
        explain: θ was fitted to scaled features, so the house must be scaled the same way first.
        value: theta0 + theta1*xraw1 + theta2*xraw2
"""


@pytest.fixture
def houses(tmp_path: Path):
    rng = np.random.default_rng(7)
    size = rng.integers(850, 4500, size=47).astype(float)
    bedrooms = np.clip(np.round(size / 900 + rng.normal(0, 0.6, size=47)), 1, 5)
    price = (80 + 0.13 * size - 8 * bedrooms + rng.normal(0, 40, size=47)).round(1)
    rows = [f"{int(s)}, {int(b)}, {p}" for s, b, p in zip(size, bedrooms, price, strict=True)]
    (tmp_path / "houses.csv").write_text("size, bedrooms, price\n" + "\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "houses.yaml").write_text(HOUSES, encoding="utf-8")
    return load_lesson(tmp_path / "houses.yaml"), np.column_stack([size, bedrooms]), price


def test_the_house_scaling_lesson_validates_clean(houses):
    lesson, _, _ = houses
    assert problems(lesson) == []


def test_the_house_scaling_answers_are_numpys(houses):
    lesson, X, y = houses
    mu, sigma = X.mean(axis=0), X.std(axis=0, ddof=1)
    A = np.column_stack([np.ones(len(y)), (X - mu) / sigma])
    thetas = descend(A, y, 0.1, 400)
    assert expected_of(lesson, "mean-size").expected == pytest.approx(mu[0], rel=1e-15)
    assert expected_of(lesson, "spread-size").expected == pytest.approx(sigma[0], rel=1e-14)
    assert expected_of(lesson, "spread-bedrooms").expected == pytest.approx(sigma[1], rel=1e-14)
    assert expected_of(lesson, "scaled-size").expected == pytest.approx((1650 - mu[0]) / sigma[0], rel=1e-14)
    assert expected_of(lesson, "theta-after").expected == pytest.approx(tuple(thetas[400]), rel=1e-12)
    exact = np.linalg.solve(A.T @ A, A.T @ y)
    assert expected_of(lesson, "theta-star").expected == pytest.approx(tuple(exact), rel=1e-10)
    price = thetas[400] @ np.concatenate([[1], (np.array([1650, 3]) - mu) / sigma])
    question = expected_of(lesson, "price")
    assert question.expected == pytest.approx(price, rel=1e-12)
    assert question.answer() == f"{price:.3f}"
    raw = thetas[400] @ [1, 1650, 3]
    assert question.check(f"{raw:.3f}").mistake == "raw-inputs"


# ---- 3. a custom cost, (θ − 1)⁴ + θ²

CUSTOM = """\
id: quartic-bowl
title: A lopsided bowl
problem:
  objective: (theta - 1)^4 + theta^2
  start: {theta: {random: [2, 3], step: 0.5}}
  alpha: 0.05
  iterations: 30
decimals: 4
steps:
  - id: slope
    kind: formula
    ask: derivative
    prompt: What is $\\frac{dJ}{d\\theta}$ for $J(\\theta) = (\\theta - 1)^4 + \\theta^2$?
  - id: first
    kind: number
    ask: theta
    prompt: From θ = {theta} with α = {alpha}, what is θ after one update?
  - id: table
    kind: iterate
    rows: [1, 4]
    columns: [theta, gradient]
    prompt: Carry on for three more updates.
  - id: settled
    kind: number
    ask: theta
    iteration: 30
    prompt: Where is θ after {iterations} updates?
tests:
  - {step: slope, answer: "4(theta - 1)^3 + 2theta", verdict: correct}
  - {step: slope, answer: "4(theta - 1)^3", verdict: wrong}
"""


def test_the_custom_cost_lesson_validates_and_follows_numpy(tmp_path: Path):
    (tmp_path / "quartic.yaml").write_text(CUSTOM, encoding="utf-8")
    lesson = load_lesson(tmp_path / "quartic.yaml")
    assert problems(lesson) == []
    for seed in range(3):
        variant = lesson.instantiate(seed)
        theta = [variant.problem.start["theta"]]
        for _ in range(30):
            t = theta[-1]
            theta.append(t - 0.05 * (4 * (t - 1) ** 3 + 2 * t))
        assert expected_of(variant, "first").expected == pytest.approx(theta[1], rel=1e-15)
        assert expected_of(variant, "settled").expected == pytest.approx(theta[30], rel=1e-13)
        tutor = Tutor(lesson, seed=seed)
        tutor.skip()
        assert tutor.view().prompt == f"From θ = {theta[0]:g} with α = 0.05, what is θ after one update?"
