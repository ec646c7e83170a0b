"""The learner's own θ answers, right and wrong, marked on J(θ) and on the path beside the solver's."""

import math

from gdtutor.engine import PlotsChanged, Tutor
from gdtutor.lessons.loading import parse_lesson

ONE_PARAMETER = """\
id: answers-on-the-curve
title: Answers on the curve
problem:
  objective: theta^2
  start: {theta: 3}
  alpha: 0.1
decimals: 3
steps:
  - id: first-update
    kind: number
    ask: theta
    iteration: 1
    prompt: θ after one update?
  - id: table
    kind: iterate
    rows: [0, 2]
    columns: [theta]
    cell_attempts: 2
    prompt: Fill it in.
"""

TWO_PARAMETERS = """\
id: answers-on-the-path
title: Answers on the path
problem:
  objective: theta0^2 + 2*theta1^2
  start: {theta0: 2, theta1: 1}
  alpha: 0.1
decimals: 3
steps:
  - id: both
    kind: number
    ask: theta
    iteration: 1
    prompt: θ₀ and θ₁ after one update?
"""


def lesson(text):
    parsed, problems = parse_lesson(text, "lesson.yaml")
    assert problems == []
    return parsed


def plots_of(events):
    return next(event for event in events if isinstance(event, PlotsChanged)).plots


def answers_series(plot):
    return next(series for series in plot.series if series.label == "your answers")


def test_a_wrong_theta_is_marked_on_the_curve_and_said_in_words():
    tutor = Tutor.for_steps(lesson(ONE_PARAMETER), ["first-update"], seed=0)
    curve = plots_of(tutor.submit("3.6"))[0]  # the uphill mistake: θ + α·2θ
    assert curve.kind == "curve"
    mine = answers_series(curve)
    assert mine.style == "marked" and mine.xs == (3.6,) and mine.ys[0] == 3.6**2
    solver = next(series for series in curve.series if series.label == "solver")
    assert solver.style == "points" and solver.xs == (3.0,)  # the answer 2.4 is not given away
    assert "Your θ = 3.6 sits higher on the curve than the solver's 3.0 at the start." in curve.summary
    curve = plots_of(tutor.submit("2.4"))[0]
    assert answers_series(curve).xs == (3.6, 2.4)  # right and wrong, in the order typed


def test_a_wrong_theta_in_a_table_is_marked_before_it_is_kept():
    tutor = Tutor.for_steps(lesson(ONE_PARAMETER), ["table"], seed=0)
    curve = plots_of(tutor.submit("3.6"))[0]  # one miss of two: the table still waits for row 1
    assert answers_series(curve).xs == (3.6,)
    assert "Your θ = 3.6 sits higher on the curve than the solver's 3.0 at the start." in curve.summary
    curve = plots_of(tutor.submit("2.4"))[0]
    assert answers_series(curve).xs == (3.6, 2.4)
    # Put right: the words no longer talk about the miss (plain printed them after the right answer).
    assert "Your θ" not in curve.summary


def test_the_path_marks_the_learners_pairs():
    tutor = Tutor.for_steps(lesson(TWO_PARAMETERS), ["both"], seed=0)
    path = plots_of(tutor.submit("2.4, 1.4"))[0]
    assert path.kind == "path"
    assert list(zip(answers_series(path).xs, answers_series(path).ys, strict=True)) == [(2.4, 1.4)]
    assert "Your (θ₀, θ₁) = (2.4, 1.4) sits higher on J than the solver's (2.0, 1.0)" in path.summary
    path = plots_of(tutor.submit("1.6, 0.6"))[0]
    assert answers_series(path).xs == (2.4, 1.6) and answers_series(path).ys == (1.4, 0.6)


def curve_after(answer):
    tutor = Tutor.for_steps(lesson(ONE_PARAMETER), ["table"], seed=0)
    tutor.submit(answer)
    return plots_of(tutor.submit(answer))[0]  # the second miss: kept, and the table goes on from it


def test_the_curve_reaches_a_large_theta_of_the_learners():
    curve = curve_after("1e6")
    line = next(series for series in curve.series if series.style == "line")
    assert min(line.xs) < 0 < 2.4 < 1e6 < max(line.xs)
    assert answers_series(curve).xs == (1e6, 1e6)
    assert "off the chart" not in curve.summary


def test_a_theta_too_large_for_j_is_left_off_the_curve_and_said_in_words():
    curve = curve_after("1e200")  # J = θ² overflows there
    line = next(series for series in curve.series if series.style == "line")
    assert len(line.xs) > 50 and max(line.xs) < 100
    assert all(math.isfinite(v) for series in curve.series for v in series.xs + series.ys)
    assert all(series.xs for series in curve.series if series.label != "your answers")
    assert "Your θ = 1e+200 is off the chart: J there is too large to draw." in curve.summary
