"""Practice on a lesson that draws no numbers of its own: a new start, α and data every round where the
questions allow it, graded by the solver on the new problem; what must stay is said."""

import numpy as np
import pytest

from gdtutor.engine import Tutor
from gdtutor.lessons.loading import parse_lesson
from gdtutor.progress.new_numbers import new_numbers, writes_down
from gdtutor.progress.practice import PracticeRecorder, choose_skill, next_round
from gdtutor.progress.store import Action, Attempt
from gdtutor.progress.stores import open_store

# Only the tests that play rounds need a store (on each backend); the others read lessons alone.
on_each_store = pytest.mark.usefixtures("store_backend")

BOWL = """\
id: bowl
title: A bowl to practise on
skills: [update-rule]
problem:
  objective: theta^2
  start: {theta: 3}
  alpha: ALPHA
steps:
  - id: next-theta
    kind: number
    ask: theta
    iteration: 1
    prompt: PROMPT
"""
LINE = """\
id: line
title: A line to practise on
skills: [update-rule]
problem:
  data:
    - [1, 3]
    - [2, 5]
    - [3, 7]
  cost: half-mse
  start: {theta0: 0, theta1: 0}
  alpha: 0.1
steps:
  - id: update
    kind: number
    ask: theta
    iteration: 1
    prompt: Update both parameters once from the start on the problem line. Give them as `θ0, θ1`.
"""


def lesson(text: str, **parts: str):
    for name, value in parts.items():
        text = text.replace(name.upper(), value)
    found, problems = parse_lesson(text, "lesson.yaml")
    assert not [problem for problem in problems if problem.severity == "error"], problems
    return found


def rounds(practised, count: int):
    """``count`` practice rounds in a row, each answered once so the next is a new round."""
    store = open_store("ada")
    status = choose_skill([practised], store, "update-rule")
    played = []
    for _ in range(count):
        practice_round = next_round([practised], store, status)
        played.append(practice_round)
        step_id = practice_round.step_ids[0]
        attempt = Attempt(practised.id, step_id, practice_round.seed, "1", "wrong", skills=("update-rule",))
        PracticeRecorder(store).record_action(Action(practised.id, step_id, attempt))
    return played


@on_each_store
def test_a_bowl_gets_a_new_start_and_a_new_alpha_and_the_solver_grades_them():
    bowl = lesson(
        BOWL, alpha="0.1", prompt="With the start and α on the problem line, what is θ after one update?"
    )
    played = rounds(bowl, 4)
    pairs = {(r.lesson.problem.start["theta"], r.lesson.problem.alpha) for r in played}
    # Every round moves both away from the lesson's; the draws differ between rounds (the learner's salt
    # is random, so two of four rounds may meet by chance, all four all but never).
    assert all(start != 3 and alpha != 0.1 for start, alpha in pairs) and len(pairs) >= 2
    for practice_round in played:
        assert practice_round.numbers == "with new numbers (the start and α changed)"
        theta, alpha = practice_round.lesson.problem.start["theta"], practice_round.lesson.problem.alpha
        tutor = Tutor.for_steps(practice_round.lesson, practice_round.step_ids, practice_round.seed)
        assert float(tutor.question().answer()) == pytest.approx(theta - alpha * 2 * theta)
        assert tutor.submit(f"{theta - alpha * 2 * theta:.6f}")[0].verdict.correct


@on_each_store
def test_a_line_gets_new_data_and_the_solver_grades_them():
    line = lesson(LINE)
    played = rounds(line, 3)
    assert any(r.lesson.problem.data != line.problem.data for r in played)
    for practice_round in played:
        if practice_round.lesson.problem.data == line.problem.data:
            # every draw tried changed how descent behaves after the new start and α: said, not hidden
            assert "data" in practice_round.fixed and "the data" not in practice_round.varied
            continue
        assert "the data" in practice_round.numbers
        problem = practice_round.lesson.problem
        rows = np.array(problem.data, dtype=float)
        x, y = rows[:, 0], rows[:, 1]
        start = np.array([problem.start["theta0"], problem.start["theta1"]], dtype=float)
        errors = start[0] + start[1] * x - y
        expected = start - problem.alpha * np.array([errors.mean(), (errors * x).mean()])  # plain numpy
        tutor = Tutor.for_steps(practice_round.lesson, practice_round.step_ids, practice_round.seed)
        assert np.allclose(np.array(tutor.question().answer().split(", "), dtype=float), expected, atol=1e-6)


def test_alpha_stays_where_another_would_change_how_descent_behaves():
    # At α = 1, θ² bounces between ±θ for ever: every other α either settles or blows up.
    prompt = "With the start and α on the problem line, what is θ after one update?"
    chosen = new_numbers(lesson(BOWL, alpha="1", prompt=prompt), ["next-theta"], seed=4)
    assert chosen.lesson.problem.alpha == 1
    assert chosen.varied == ("the start",)
    assert chosen.kept == "another α would change how descent behaves here"


@on_each_store
def test_numbers_the_questions_quote_stay_and_the_round_says_why():
    prompt = "From $\\theta = 3$ with $\\alpha = 0.1$, what is θ after one update?"
    bowl = lesson(BOWL, alpha="0.1", prompt=prompt)
    practice_round = rounds(bowl, 1)[0]
    assert practice_round.lesson.problem == bowl.problem
    assert practice_round.numbers == (
        "with the same numbers (the questions quote numbers that depend on the start;"
        " the questions quote numbers that depend on α)"
    )


def test_a_number_from_the_run_in_a_hint_keeps_what_it_depends_on():
    # The hint quotes θ after one update from the lesson's own start and α: both stay.
    text = BOWL + '    hints:\n      - text: "It is $0.8 \\\\cdot 3 = 2.4$."\n'
    bowl = lesson(text, alpha="0.1", prompt="What is θ after one update from the problem line's start?")
    chosen = new_numbers(bowl, ["next-theta"], seed=2)
    assert chosen.varied == ()
    assert "the questions quote numbers that depend on the start" in chosen.kept


def test_a_number_that_is_not_a_value_does_not_keep_the_start():
    prompt = "Give 3 decimals (lesson 3 explains why). What is θ after one update?"
    bowl = lesson(BOWL, alpha="0.1", prompt=prompt)
    assert new_numbers(bowl, ["next-theta"], seed=1).varied == ("the start", "α")


@pytest.mark.parametrize(
    ("text", "value", "written"),
    [
        ("at the start, $\\theta = 3$?", 3, True),
        ("$\\theta := 3 - 0.6$", 0.6, True),
        ("$\\theta \\approx 0.403$", 0.4031, True),
        ("from θ = 3 on", 3, True),
        ("the points (1, 2) and (4, 7)", 7, True),
        ("| 2 | 4 | 7 |", 4, True),
        ("Give 3 decimals.", 3, False),
        ("(Lesson 3 looks at why.)", 3, False),
        ("What does $x^{(2)}$ stand for?", 2, False),
        ("$\\sum_{i=1}^{m} a_i$", 1, False),
        ("a step of 1 to the right", 1, False),
        ("$\\theta = 13$", 3, False),
        ("$\\theta = 3$", 3.2, False),
        ("costs \\$3 and $\\alpha$", 3, False),
    ],
)
def test_a_number_is_written_down_only_where_it_stands_as_a_value(text, value, written):
    assert writes_down(text, value) is written
