"""The tutoring engine driven through whole lessons, as a front-end would drive it."""

from pathlib import Path

import pytest

from gdtutor.engine import (
    Feedback,
    HintShown,
    LessonFinished,
    Notice,
    PlotsChanged,
    Resume,
    SolutionShown,
    StepEntered,
    Tutor,
)
from gdtutor.lessons import load_lesson
from gdtutor.lessons.loading import parse_lesson
from gdtutor.progress.store import ProgressStore

ROOT = Path(__file__).resolve().parents[3]
LESSON_2 = load_lesson(ROOT / "lessons/02-descent-on-theta-squared.yaml")

RIGHT_ANSWERS_2 = {
    "derivative": ["2*theta"],
    "first-gradient": ["6"],
    "first-step": ["0.6"],
    "first-update": ["2.4"],
    # the article's table, rows 1 to 9: step, then the next row's θ
    "ten-iterations": [
        "0.48", "1.92", "0.384", "1.536", "0.307", "1.229", "0.246", "0.983",
        "0.197", "0.786", "0.157", "0.629", "0.126", "0.503", "0.101", "0.403", "0.081",
    ],
    "after-ten": ["0.322"],
    "shrinking": ["2"],
    "watch-it": ["converges"],
}  # fmt: skip


def feedback(events):
    return next(event for event in events if isinstance(event, Feedback))


def test_lesson_2_with_right_answers_from_start_to_finish():
    store = ProgressStore.in_memory(learner="ada")
    tutor = Tutor(LESSON_2, seed=7, recorder=store)
    assert tutor.view().step_id == "the-bowl"
    assert store.lesson_state(LESSON_2.id).current == "the-bowl"
    events = tutor.next()
    assert isinstance(events[0], StepEntered)
    while not tutor.finished:
        view = tutor.view()
        for answer in RIGHT_ANSWERS_2[view.step_id]:
            result = feedback(tutor.submit(answer))
            assert result.verdict.status == "correct", (view.step_id, answer, result.verdict)
        assert result.complete
        events = tutor.next()
    assert events == [LessonFinished(solved=8, revealed=0, skipped=0, questions=8)]
    state = store.lesson_state(LESSON_2.id)
    assert state.done == {step.id for step in LESSON_2.steps} and state.current is None
    attempts = store.attempts()
    first = [attempt for attempt in attempts if attempt.first_attempt]
    assert {attempt.step_id for attempt in first} == set(RIGHT_ANSWERS_2)
    assert all(attempt.verdict == "correct" and attempt.seed == 7 for attempt in attempts)
    assert attempts[0].skills == ("power-rule",)


def test_wrong_answers_are_diagnosed_and_recorded():
    store = ProgressStore.in_memory(learner="ada")
    tutor = Tutor.for_steps(LESSON_2, ["first-update"], seed=1, recorder=store)
    uphill = feedback(tutor.submit("3.6"))
    assert uphill.verdict.status == "wrong" and uphill.verdict.mistake == "uphill"
    assert "descent subtracts it" in uphill.verdict.explanation
    assert "2.4" not in uphill.verdict.explanation  # the answer waits for the last hint or the solution
    assert not uphill.complete
    assert feedback(tutor.submit("0.6")).verdict.mistake == "step-not-theta"
    assert feedback(tutor.submit("-3")).verdict.mistake == "no-alpha"
    assert feedback(tutor.submit("2,4")).verdict.status == "invalid"
    assert tutor.view().attempts == 3
    assert feedback(tutor.submit("2.4")).complete
    statuses = [(a.verdict, a.mistake_id, a.first_attempt) for a in store.attempts()]
    assert statuses == [
        ("wrong", "uphill", True),
        ("wrong", "step-not-theta", False),
        ("wrong", "no-alpha", False),
        ("invalid", None, False),
        ("correct", None, False),
    ]


def test_a_lesson_mistake_is_diagnosed_with_its_own_explanation():
    tutor = Tutor.for_steps(LESSON_2, ["derivative"], seed=1)
    result = feedback(tutor.submit("2*theta^2")).verdict
    assert result.mistake == "kept-the-square"
    assert result.explanation.startswith("The power drops by one")
    assert result.reading == "read as: 2·θ²"


def test_hints_come_one_at_a_time_and_wait_for_attempts():
    tutor = Tutor.for_steps(LESSON_2, ["first-step"], seed=1)
    assert tutor.hint() == [HintShown("Multiply the slope you just found by the learning rate.", 1, 2)]
    assert tutor.hint() == [Notice("Have 2 more goes before the next hint.")]
    tutor.submit("6")
    tutor.submit("60")
    assert tutor.hint() == [HintShown("0.1 · 6", 2, 2)]
    assert isinstance(tutor.hint()[0], Notice)
    assert tutor.view().hints == ("Multiply the slope you just found by the learning rate.", "0.1 · 6")
    store = ProgressStore.in_memory(learner="ada")
    tutor = Tutor.for_steps(LESSON_2, ["first-step"], seed=1, recorder=store)
    tutor.hint()
    tutor.submit("0.6")
    [attempt] = store.attempts()
    assert attempt.hints_used == 1 and attempt.first_attempt


def test_the_worked_solution_comes_from_the_solver():
    tutor = Tutor.for_steps(LESSON_2, ["first-update"], seed=1)
    assert tutor.solution() == [SolutionShown("θ := 3 − 0.1 · 2·3 = 2.4")]
    assert tutor.view().status == "revealed"
    assert isinstance(tutor.next()[0], LessonFinished)


def test_a_table_shows_the_right_value_after_the_misses_and_works_on_from_it():
    tutor = Tutor.for_steps(LESSON_2, ["ten-iterations"], seed=1)
    assert tutor.view().asking == "row 1, step α·dJ/dθ: a number, to 3 decimals"
    assert feedback(tutor.submit("0.48")).verdict.correct
    first_try = feedback(tutor.submit("2"))
    assert first_try.verdict.status == "wrong" and first_try.note == ""
    shown = feedback(tutor.submit("2"))
    assert shown.note == (
        "After 2 tries the table shows the right value: row 2, θ = 1.92 (marked “shown”)."
        " The next cells are worked from it."
    )
    row = tutor.view().table.rows[1]
    assert [(cell.text, cell.state) for cell in row] == [
        ("2", "given"),
        ("1.92", "revealed"),
        (None, "current"),
    ]
    # Row 2's step is worked from the θ the table shows, never from the learner's 2.
    assert feedback(tutor.submit("0.384")).verdict.correct
    assert feedback(tutor.submit("0.4")).verdict.status == "wrong"


def test_a_table_keeps_rounded_values_and_works_on_from_them():
    tutor = Tutor.for_steps(LESSON_2, ["ten-iterations"], seed=1)
    for answer in ["0.48", "1.92", "0.384", "1.536", "0.307", "1.229"]:
        assert feedback(tutor.submit(answer)).verdict.correct, answer
    # From the learner's 1.229 the step is 0.2458: 0.246 to 3 decimals.
    assert feedback(tutor.submit("0.246")).verdict.correct


def test_solution_in_a_table_fills_one_cell_and_moves_on():
    tutor = Tutor.for_steps(LESSON_2, ["ten-iterations"], seed=1)
    events = tutor.solution()
    assert events[0] == SolutionShown("Row 1, step α·dJ/dθ: α·dJ/dθ = 0.1 · 2·2.4 = 0.48")
    assert tutor.view().asking == "row 2, θ: a number, to 3 decimals"


def test_skip_back_and_next():
    tutor = Tutor(LESSON_2, seed=1)
    assert tutor.back() == [Notice("This is the first step.")]
    tutor.next()
    assert tutor.view().step_id == "derivative"
    assert isinstance(tutor.next()[0], Notice)  # not answered yet
    tutor.skip()
    assert tutor.view().step_id == "first-gradient"
    tutor.back()
    assert tutor.view().step_id == "derivative" and tutor.view().status == "skipped"
    assert isinstance(tutor.submit("2*theta")[0], Notice)


def test_resume_starts_at_the_current_step_and_keeps_done_ones():
    resume = Resume(current="first-update", done=frozenset({"the-bowl", "derivative", "first-gradient"}))
    tutor = Tutor(LESSON_2, seed=1, resume=resume)
    assert tutor.view().step_id == "first-update"
    tutor.back()
    tutor.back()
    assert tutor.view().step_id == "first-gradient" and tutor.view().complete
    resume = Resume(current="a-step-that-was-removed", done=frozenset({"the-bowl"}))
    assert Tutor(LESSON_2, seed=1, resume=resume).view().step_id == "derivative"


def test_plots_show_only_what_the_learner_has_reached():
    tutor = Tutor.for_steps(LESSON_2, ["first-update", "after-ten"], seed=1)
    curve = tutor.plots()[0]
    assert curve.kind == "curve"
    solver = next(series for series in curve.series if series.label == "solver")
    assert solver.xs == (3.0,)
    events = tutor.submit("2.4")
    plots = next(event for event in events if isinstance(event, PlotsChanged)).plots
    assert [plot.kind for plot in plots] == ["curve", "cost"]
    mine = next(series for series in plots[0].series if series.label == "your answers")
    assert mine.xs == (2.4,) and mine.style == "marked"
    assert all(len(series.xs) <= 300 for plot in plots for series in plot.series)


def test_an_explore_step_shows_the_whole_run_once_predicted():
    tutor = Tutor.for_steps(LESSON_2, ["watch-it"], seed=1)
    events = tutor.submit("diverges")
    result = feedback(events)
    assert result.verdict.status == "wrong" and result.complete
    assert "it converges" in result.note
    plots = next(event for event in events if isinstance(event, PlotsChanged)).plots
    cost = next(plot for plot in plots if plot.kind == "cost")
    assert len(cost.series[0].xs) == 11
    assert cost.summary == "J fell from 9.0 to 0.1 in 10 iterations; each drop about 0.64 of the one before."


REGRESSION = """\
id: regression-engine
title: Regression through the engine
skills: [regression]
problem:
  data: [[1, 2], [2, 3], [3, 5]]
  start: [0, 0]
  alpha: 0.1
  iterations: 50
decimals: 3
steps:
  - id: both
    kind: number
    ask: theta
    prompt: θ₀ and θ₁ after one update?
  - id: predict
    kind: number
    ask: prediction
    iteration: 2
    x: 4
    prompt: h(4) after two updates?
  - id: rules
    kind: derivation
    prompt: Which rules?
    lines:
      - math: $\\frac{\\partial}{\\partial\\theta_0} \\frac{1}{2m}\\sum (h - y)^2$
      - math: $\\frac{1}{2m}\\sum \\frac{\\partial}{\\partial\\theta_0} (h - y)^2$
        rules: [constant-multiple, sum]
      - math: $\\frac{1}{m}\\sum (h - y)$
        rules: [power, chain]
        note: The 2 from the power rule cancels the 1/2.
  - id: how-many
    kind: explore
    predict: iterations
    until: {cost_below: 0.2}
    answer: 3
    prompt: How many updates until J < 0.2?
  - id: coupled
    kind: number
    objective: theta1^2 + theta1*theta2 + theta2^2
    start: {theta1: 1, theta2: 2}
    ask: theta
    prompt: Both θ after one update?
"""


@pytest.fixture(scope="module")
def regression():
    lesson, problems = parse_lesson(REGRESSION, "regression.yaml")
    assert problems == []
    return lesson


def test_vector_answers_and_predictions_on_a_data_set(regression):
    tutor = Tutor(regression, seed=1)
    assert (
        tutor.view().asking
        == "θ at iteration 1 as 2 numbers: θ₀ and θ₁, separated by commas, each to 3 decimals"
    )
    assert feedback(tutor.submit("-0.333, -0.767")).verdict.mistake == "uphill"
    assert feedback(tutor.submit("(0.333, 0.767)")).complete
    assert tutor.plots()[0].kind == "fit"
    tutor.next()
    assert feedback(tutor.submit("4.916")).complete


def test_a_derivation_is_answered_line_by_line(regression):
    tutor = Tutor.for_steps(regression, ["rules"], seed=1)
    assert tutor.view().asking.startswith("the rule(s) for line 2")
    partly = feedback(tutor.submit("sum"))
    assert partly.verdict.message == "Right so far, but another rule is needed too."
    assert feedback(tutor.submit("1, 2")).verdict.correct
    assert [line.rules for line in tutor.view().lines] == [None, "constant-multiple, sum", None]
    last = feedback(tutor.submit("power and chain"))
    assert last.complete and last.verdict.explanation == "The 2 from the power rule cancels the 1/2."


def test_an_iterations_prediction_is_checked_against_the_solver(regression):
    tutor = Tutor.for_steps(regression, ["how-many"], seed=1)
    wrong = feedback(tutor.submit("10"))
    assert wrong.verdict.message == "Not quite: it takes fewer iterations than that."
    assert wrong.complete  # a prediction is made once; then the run is shown


def test_a_coupled_objective_diagnoses_a_sequential_update(regression):
    tutor = Tutor.for_steps(regression, ["coupled"], seed=1)
    # θ₁ := 1 − 0.1·(2 + 2) = 0.6; sequentially θ₂ := 2 − 0.1·(0.6 + 4) = 1.54 instead of 1.5
    assert feedback(tutor.submit("0.6, 1.54")).verdict.mistake == "sequential-update"
    assert tutor.plots()[0].kind == "path"


COMPARE = """\
id: compare-runs
title: Two learning rates
problem:
  objective: theta^2
  start: {theta: 3}
  alpha: 0.1
steps:
  - id: too-big
    kind: explore
    alpha: 1.5
    iterations: 8
    predict: outcome
    answer: diverges
    compare: {alpha: 0.1}
    prompt: With α = 1.5, what happens?
"""


def test_an_explore_step_compares_two_runs_on_a_log_scale():
    lesson, problems = parse_lesson(COMPARE, "compare.yaml")
    assert problems == []
    tutor = Tutor(lesson, seed=0)
    assert [plot.kind for plot in tutor.plots()] == ["curve"]  # nothing of the run before the prediction
    events = tutor.submit("diverges")
    assert feedback(events).verdict.correct
    plots = {plot.kind: plot for plot in tutor.plots()}
    assert set(plots) == {"curve", "cost", "compare"}
    compare = plots["compare"]
    assert compare.log_y and compare.y_label == "J" and compare.integer_x
    assert min(compare.series[1].ys) > 0  # J itself for a log axis, never its logarithm
    assert [series.label for series in compare.series] == ["α = 1.5", "α = 0.1"]
    assert compare.series[0].ys[-1] > compare.series[0].ys[0]
    assert compare.summary.startswith("α = 1.5: J grew from 9.0 to")


def test_a_later_step_is_graded_against_the_table_the_learner_sees():
    tutor = Tutor.for_steps(LESSON_2, ["ten-iterations", "after-ten"], seed=1)
    answers = RIGHT_ANSWERS_2["ten-iterations"]
    for answer in answers[:-2]:  # every cell up to row 9's θ
        assert feedback(tutor.submit(answer)).verdict.correct, answer
    tutor.submit("0.5")
    assert "the right value" in feedback(tutor.submit("0.5")).note  # row 9's θ, filled in
    assert feedback(tutor.submit(answers[-1])).verdict.correct  # row 9's step from the θ shown
    tutor.next()
    assert tutor.view().step_id == "after-ten"
    assert feedback(tutor.submit("0.4")).verdict.status == "wrong"  # 0.5 was never kept


SHORT_TABLE = """\
id: short-table
title: A short table
problem:
  objective: theta^2
  start: {theta: 3}
decimals: 3
steps:
  - id: table
    kind: iterate
    rows: [0, 1]
    columns: [theta, step]
    cell_attempts: 2
    prompt: Fill it in.
"""


def test_a_table_finished_with_a_value_filled_in_is_not_counted_as_solved():
    lesson, _ = parse_lesson(SHORT_TABLE, "short.yaml")
    store = ProgressStore.in_memory(learner="ada")
    tutor = Tutor(lesson, seed=0, recorder=store)
    assert feedback(tutor.submit("0.6")).verdict.correct
    tutor.submit("3")
    tutor.submit("3")  # θ after one update: 2.4 is filled in
    last = feedback(tutor.submit("0.48"))  # the step from the θ shown
    assert last.verdict.correct and last.complete
    assert tutor.view().status == "revealed"
    assert store.lesson_state(lesson.id).done == frozenset()
    assert [attempt.first_attempt for attempt in store.attempts()] == [True, False, False, False]


def test_a_first_answer_after_a_hint_is_evidence_that_the_skill_is_not_known_yet():
    def p_known_after(*moves):
        store = ProgressStore.in_memory(learner="ada")
        tutor = Tutor.for_steps(LESSON_2, ["first-step"], seed=1, recorder=store)
        for move in moves:
            tutor.hint() if move == "hint" else tutor.submit(move)
        mastery = store.mastery()["update-rule"]
        return mastery.p_known, mastery.observations

    unaided, unaided_count = p_known_after("0.6")
    helped, helped_count = p_known_after("hint", "0.6")
    helped_then_wrong, wrong_count = p_known_after("hint", "60", "0.6")
    wrong, _ = p_known_after("60", "0.6")
    assert unaided_count == helped_count == wrong_count == 1  # the first answer only, hint or not
    assert helped < unaided
    assert helped == pytest.approx(wrong)  # needing a hint counts like a wrong first answer
    assert helped_then_wrong == pytest.approx(wrong)


def test_the_progress_store_records_and_resumes_a_lesson():
    store = ProgressStore.in_memory(learner="ada")
    tutor = Tutor(LESSON_2, seed=11, recorder=store, resume=store.lesson_state(LESSON_2.id))
    tutor.next()
    tutor.submit("theta")
    tutor.submit("2*theta")
    tutor.next()
    state = store.lesson_state(LESSON_2.id)
    assert state.done == {"the-bowl", "derivative"}
    assert state.current == "first-gradient"
    records = [record for record in store.attempts() if record.lesson_id == LESSON_2.id]
    assert [(r.step_id, r.answer, r.verdict, r.first_attempt) for r in records] == [
        ("derivative", "theta", "wrong", True),
        ("derivative", "2*theta", "correct", False),
    ]
    again = Tutor(LESSON_2, seed=11, recorder=store, resume=store.lesson_state(LESSON_2.id))
    assert again.view().step_id == "first-gradient"
    assert store.mastery()["power-rule"].observations == 1


def test_the_problem_line_counts_one_example_in_the_singular():
    lesson = load_lesson(ROOT / "lessons/17-stochastic-descent.yaml")
    one = Tutor.for_steps(lesson, ["first-theta0"], seed=0).view().problem
    assert one == "linear regression on 1 example, one-half MSE, start θ₀ = 1, θ₁ = 1, α = 0.1"
    two = Tutor.for_steps(lesson, ["mini-batch"], seed=0).view().problem
    assert two.startswith("linear regression on 2 examples, ")


def test_a_run_that_blows_up_at_once_is_told_in_one_iteration():
    lesson = load_lesson(ROOT / "lessons/14-feature-scaling.yaml")
    tutor = Tutor.for_steps(lesson, ["raw-run"], seed=0)
    note = feedback(tutor.submit("converges")).note
    assert note.endswith("in 1 iteration: it diverges.")
