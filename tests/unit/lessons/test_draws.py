"""Numbers drawn per learner, as an author sees them: a failing test of a step with its own draw reports
that step's numbers, and ``gdtutor validate --show-draws`` lists every draw per seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from gdtutor.cli import main
from gdtutor.engine.selftest import check_lesson
from gdtutor.lessons.loading import parse_lesson
from gdtutor.lessons.variants import draws

# The lesson starts at a fixed θ = 3; only the practice step draws its own start and α.
LESSON = """\
id: own-draws
title: Own draws
problem:
  objective: theta^2
  start: {theta: 3}
  alpha: 0.1
steps:
  - id: fixed
    kind: number
    ask: theta
    prompt: From the fixed start.
  - id: practice
    kind: number
    ask: theta
    start: {theta: {random: [1, 9], step: 1}}
    alpha: {random: [0.1, 0.4], step: 0.1}
    prompt: From the start on the problem line.
tests:
  - {step: practice, answer: "100", verdict: correct, seed: 1}
"""


def loaded():
    lesson, problems = parse_lesson(LESSON, "own-draws.yaml")
    assert lesson is not None and problems == []
    return lesson


def test_a_failing_test_reports_the_draw_of_the_step_it_tests():
    lesson = loaded()
    variant = lesson.instantiate(1)
    step = variant.problem_for(variant.step("practice"))
    theta, alpha = step.start["theta"], step.alpha
    [failure] = [str(problem) for problem in check_lesson(lesson)]
    assert failure.startswith(
        'own-draws.yaml:19:5: tests[0]: answer "100" to practice got wrong, expected correct; the right'
    )
    assert failure.endswith(f" at seed 1 (start theta = {theta:g}, alpha = {alpha:g})")
    assert theta != 3  # the lesson's own start, which the message used to give


def test_draws_name_where_the_file_writes_each_number():
    lesson = loaded()
    assert [place for place, _ in draws(lesson, 0)] == ["steps[1].start.theta", "steps[1].alpha"]
    assert draws(lesson, 5) == draws(lesson, 5)
    values = {seed: tuple(value for _, value in draws(lesson, seed)) for seed in range(8)}
    assert len(set(values.values())) > 1  # seeds differ
    for theta, alpha in values.values():
        assert theta in range(1, 10) and round(alpha, 1) == alpha and 0.1 <= alpha <= 0.4


def test_validate_show_draws_lists_every_seed_it_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    lesson_file = tmp_path / "own-draws.yaml"
    lesson_file.write_text(LESSON.replace('"100"', '"0"').replace(", verdict: correct", ", verdict: wrong"))
    assert main(["validate", "--show-draws", str(lesson_file)]) == 0
    lines = capsys.readouterr().out.splitlines()
    lesson = loaded()
    assert len(lines) == 8  # seeds 0-7; the test's seed 1 is among them
    for seed, line in enumerate(lines):
        (_, theta), (_, alpha) = draws(lesson, seed)
        assert line == (
            f"{lesson_file}: seed {seed}: step practice (steps[1]):"
            f" start.theta = {theta:g}, alpha = {alpha:g}"
        )


def test_a_lesson_without_random_numbers_lists_no_draws(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    fixed = LESSON.split("  - id: practice")[0]
    lesson_file = tmp_path / "fixed.yaml"
    lesson_file.write_text(fixed)
    assert main(["validate", "--show-draws", str(lesson_file)]) == 0
    assert capsys.readouterr().out == ""
