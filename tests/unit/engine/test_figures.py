"""What each step's plots show: a cost on a log axis holds J itself; the last step
of lesson 9 draws the line the solver fitted; lesson 10 draws the line the outlier drags beside the clean one,
names the runs by what tells them apart, and counts iterations in whole numbers; a problem with two features
shows J by iteration and the fit against one feature, and says what it cannot show."""

from __future__ import annotations

from pathlib import Path

from gdtutor.engine import Tutor
from gdtutor.lessons import load_lesson
from gdtutor.lessons.loading import parse_lesson

LESSONS = Path(__file__).resolve().parents[3] / "lessons"

HOUSES = """\
id: houses
title: Size and bedrooms
problem:
  data:
    - [50, 1, 150]
    - [80, 2, 220]
    - [120, 3, 330]
    - [100, 3, 290]
  normalize: true
  start: {theta0: 0, theta1: 0, theta2: 0}
  alpha: 0.1
  iterations: 50
steps:
  - id: look
    kind: read
    prompt: House prices from size and bedrooms.
  - id: run
    kind: explore
    predict: outcome
    answer: converges
    prompt: Converges, diverges or oscillates?
"""


def walk_to(tutor: Tutor, step_id: str) -> None:
    """Answer every step right up to ``step_id``."""
    while tutor.view().step_id != step_id:
        view = tutor.view()
        while view.is_question and not view.complete:
            tutor.submit(tutor.question().answer())
            view = tutor.view()
        tutor.next()


def lesson(stem: str):
    return load_lesson(next(LESSONS.glob(f"{stem}-*.yaml")))


def test_the_last_step_of_lesson_9_draws_the_line_the_solver_fitted_not_the_one_two_steps_back():
    tutor = Tutor(lesson("09"), seed=0)
    walk_to(tutor, "predict-5")
    fit = next(plot for plot in tutor.plots() if plot.kind == "fit")
    line = next(series for series in fit.series if series.style == "line")
    assert abs(line.ys[-1] - 9.0) < 1e-3  # h(4) on the settled line y = 1 + 2x, not 0.7025 + 2.0375·4
    assert line.label == "the fitted line"  # its equation would be the answer worked out
    tutor.submit("11")
    fit = next(plot for plot in tutor.plots() if plot.kind == "fit")
    assert "h(x) = 1 + 2·x" in fit.summary


def test_lesson_10_draws_the_line_the_outlier_drags_beside_the_clean_one_and_names_the_runs():
    tutor = Tutor(lesson("10"), seed=0)
    walk_to(tutor, "outlier-run")
    assert "with (3, 20)" not in str(tutor.plots())  # nothing of the run before the prediction
    tutor.submit("converges")
    plots = {plot.title: plot for plot in tutor.plots()}
    both = plots["The two fitted lines"]
    lines = {series.label: series for series in both.series if series.style == "line"}
    assert set(lines) == {"with (3, 20)", "without (3, 20)"}
    # At x = 1 the dragged line is lifted by the outlier's miss shared among six (13/6); the clean one is not.
    assert abs(lines["with (3, 20)"].ys[0] - (3 + 13 / 6)) < 1e-3
    assert abs(lines["without (3, 20)"].ys[0] - 3) < 1e-9
    cost = plots["The cost by iteration"]
    assert cost.integer_x and not cost.log_y


def test_iteration_axes_are_marked_whole_numbers_and_a_log_axis_keeps_j_itself():
    tutor = Tutor(lesson("04"), seed=0)
    costs = [plot for _ in range(40) if not tutor.finished for plot in _advance(tutor) if plot.kind == "cost"]
    assert costs and all(plot.integer_x and plot.y_label == "J" for plot in costs)
    logged = [plot for plot in costs if plot.log_y]
    assert logged and all(min(series.ys) > 0 for plot in logged for series in plot.series)


def _advance(tutor: Tutor):
    view = tutor.view()
    while view.is_question and not view.complete:
        tutor.submit(tutor.question().answer())
        view = tutor.view()
    plots = tutor.plots()
    tutor.next()
    return plots


def test_two_features_show_j_by_iteration_and_the_fit_against_one_feature_and_say_what_is_left_out():
    parsed, problems = parse_lesson(HOUSES, "houses.yaml")
    assert not problems
    tutor = Tutor(parsed, seed=0)
    # Before the first update J by iteration would be an empty box beside the data: only the fit shows.
    assert [plot.kind for plot in tutor.plots()] == ["fit"]
    fit = tutor.plots()[0]
    assert fit.x_label == "x₁" and fit.title == "The fit against x₁"
    assert "x₂ held at their mean" in fit.note and "3 parameters" in fit.note
    assert fit.note in fit.summary
    data = next(series for series in fit.series if series.label == "data")
    assert data.xs == (50.0, 80.0, 120.0, 100.0)
    tutor.next()
    tutor.submit("converges")
    fit, cost = tutor.plots()
    line = next(series for series in fit.series if series.style == "line")
    assert 150 < line.ys[0] < line.ys[-1] < 340  # the fitted prices rise with size, bedrooms at their mean
    assert len(cost.series[0].xs) == 51


BOWL_IN_3D = """\
id: bowl
title: A bowl in three parameters
problem:
  objective: theta0^2 + theta1^2 + theta2^2
  start: {theta0: 1, theta1: 2, theta2: 3}
  alpha: 0.1
  iterations: 5
steps:
  - id: look
    kind: read
    prompt: Three parameters.
  - id: run
    kind: explore
    predict: outcome
    answer: converges
    prompt: Converges, diverges or oscillates?
"""


def test_more_parameters_than_axes_show_the_start_cost_as_a_point_before_the_first_update():
    parsed, problems = parse_lesson(BOWL_IN_3D, "bowl.yaml")
    assert not problems
    tutor = Tutor(parsed, seed=0)
    (cost,) = tutor.plots()  # no other picture: J by iteration, with its one value visible as a point
    assert cost.kind == "cost" and "3 parameters" in cost.note
    (start,) = cost.series
    assert start.style == "points" and start.xs == (0.0,) and start.ys == (14.0,)
    tutor.next()
    tutor.submit("converges")
    (cost,) = tutor.plots()
    assert cost.series[0].style == "line" and len(cost.series[0].xs) == 6


def test_the_curve_of_j_is_worked_out_once_per_range_and_drawn_the_same_from_it():
    """Each action works the plots out again; J over the same range is not evaluated again, and a plot from
    the kept curve is the plot a fresh one gives."""
    from gdtutor.engine import figures

    tutor = Tutor(lesson("02"), seed=0)
    tutor.next()  # past the reading
    figures._CURVES.clear()
    before = tutor.plots()
    kept = figures._CURVES[tutor.setup(tutor.step).objective]
    [(grid, _)] = kept.values()
    tutor.submit("2*theta")  # right: on to the next step, whose plot has the same range (θ from 0 to 3)
    after = tutor.plots()
    [(still, _)] = kept.values()
    assert still is grid  # not worked out again
    curve = next(plot for plot in before if plot.kind == "curve").series[0]
    assert next(plot for plot in after if plot.kind == "curve").series[0] == curve
    figures._CURVES.clear()
    assert tutor.plots() == after
