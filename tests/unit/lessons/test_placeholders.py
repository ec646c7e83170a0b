"""Drawn numbers in prose: a prompt or hint says "start at θ = {theta}" and each learner reads their own draw,
in the engine's view that both front-ends print; braces inside math stay TeX, and an unknown name is
reported by validate."""

from io import StringIO
from pathlib import Path

import pytest

from gdtutor.engine import Tutor
from gdtutor.engine.events import HintShown
from gdtutor.lessons import load_lesson
from gdtutor.lessons.loading import parse_lesson
from gdtutor.lessons.placeholders import fill
from gdtutor.plain.session import Session

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures/lessons/formats/houses-scaled.yaml"

PRACTICE = """\
id: practice
title: Practice
problem:
  objective: theta^2
  start: {theta: {random: [1, 9], step: 0.5}}
  alpha: {random: [0.05, 0.3], step: 0.05}
steps:
  - id: go
    kind: number
    ask: theta
    prompt: Start at θ = {theta} with α = {alpha}. Where is θ after one update?
    hints:
      - The step is α = {alpha} times the slope $2\\theta$ at θ = {theta}.
"""


def test_each_learner_reads_their_own_draw_in_the_prompt_and_the_hint():
    lesson, problems = parse_lesson(PRACTICE, "practice.yaml")
    assert problems == []
    seen = set()
    for seed in range(6):
        tutor = Tutor(lesson, seed=seed)
        theta, alpha = tutor.lesson.problem.start["theta"], tutor.lesson.problem.alpha
        shown_theta, shown_alpha = f"{theta:g}", f"{alpha:g}"
        assert (
            tutor.view().prompt
            == f"Start at θ = {shown_theta} with α = {shown_alpha}. Where is θ after one update?"
        )
        [hint] = [event for event in tutor.hint() if isinstance(event, HintShown)]
        assert hint.text == f"The step is α = {shown_alpha} times the slope 2θ at θ = {shown_theta}."
        assert tutor.view().hints == (hint.text,)
        seen.add((theta, alpha))
    assert len(seen) > 1


def test_braces_inside_math_and_unknown_names_are_left_as_written():
    values = {"theta": "3", "x": "2"}
    assert fill(r"θ = {theta}, $\frac{1}{2}$, $e^{x}$, {x}, {other}", values) == (
        r"θ = 3, $\frac{1}{2}$, $e^{x}$, 2, {other}"
    )


def test_a_placeholder_the_step_has_no_number_for_is_reported_with_the_ones_it_has():
    text = PRACTICE.replace("with α = {alpha}. Where", "with α = {alpha} and x = {x}. Where")
    _, problems = parse_lesson(text, "practice.yaml")
    assert [str(p) for p in problems] == [
        "practice.yaml:11:59: steps[0].prompt (step go): {x} is not a number this step can show; it can"
        " show {theta}, {alpha}, {iterations}"
    ]


def test_markup_in_the_prose_stays_text_in_the_plain_front_end():
    lesson = load_lesson(FIXTURE)
    tutor = Tutor(lesson, seed=5)
    out = StringIO()
    Session(tutor, StringIO("quit\n"), out).run()
    theta1 = f"{tutor.lesson.problem.start['theta1']:g}".replace("-", "−")
    assert f"Descent starts at θ₁ = {theta1} [bold]with[/bold] α = " in out.getvalue()


@pytest.mark.parametrize("seed", [1, 2])
def test_a_prediction_step_can_name_its_inputs(seed):
    tutor = Tutor(load_lesson(FIXTURE), seed=seed)
    while tutor.view().step_id != "predict":
        tutor.skip()
    assert tutor.view().prompt == (
        "What does the model predict for 1650 square feet and 3 bedrooms after 40 updates?"
    )
