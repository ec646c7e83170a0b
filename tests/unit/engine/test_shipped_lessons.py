"""Every shipped lesson can be worked through by typing the right answers, for several learners' seeds."""

import re
from pathlib import Path

import pytest
from fixtures.classroom import right_answers

from gdtutor.engine import Feedback, HintShown, LessonFinished, Notice, Tutor
from gdtutor.lessons import load_lesson

ROOT = Path(__file__).resolve().parents[3]
LESSONS = sorted((ROOT / "lessons").glob("*.yaml"))


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.stem)
@pytest.mark.parametrize("seed", [0, 12345])
def test_a_lesson_can_be_completed_with_the_right_answers(path, seed):
    lesson = load_lesson(path)
    tutor = Tutor(lesson, seed=seed)
    events = []
    while not tutor.finished:
        view = tutor.view()
        if view.kind != "read" and view.status == "open":
            for answer in right_answers(tutor.lesson, tutor.step):
                result = next(e for e in tutor.submit(answer) if isinstance(e, Feedback))
                assert result.verdict.correct, (view.step_id, answer, result.verdict)
        events = tutor.next()
    finished = events[-1]
    assert isinstance(finished, LessonFinished)
    assert finished.solved == finished.questions


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.stem)
def test_a_lesson_can_be_walked_through_by_asking_for_every_solution(path):
    tutor = Tutor(load_lesson(path), seed=99)
    steps = 0
    while not tutor.finished:
        view = tutor.view()
        assert view.prompt.strip()
        assert not re.search(r"\\[A-Za-z]", view.prompt), view.prompt  # every TeX command became Unicode
        for _ in range(200):
            if tutor.view().complete or not view.is_question:
                break
            shown = tutor.solution()
            assert shown and shown[0].text  # a SolutionShown (or, for a read step, a Notice)
        assert tutor.plots() is not None
        tutor.next()
        steps += 1
    assert steps == len(tutor.lesson.steps)


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.stem)
def test_every_worked_step_has_a_ladder_of_two_or_three_hints(path):
    lesson = load_lesson(path)
    short = [
        (step.id, len(step.hints))
        for step in lesson.steps
        if step.kind in ("number", "formula", "iterate", "derivation") and not 2 <= len(step.hints) <= 3
    ]
    assert short == []


def test_lesson_2_hints_climb_from_a_nudge_to_nearly_the_answer():
    lesson = load_lesson(ROOT / "lessons/02-descent-on-theta-squared.yaml")
    for step_id, answer, wrong in (("first-gradient", "6", "3"), ("after-ten", "0.322", "0.5")):
        tutor = Tutor.for_steps(lesson, [step_id], seed=0)
        first, second = tutor.hint()[0], tutor.hint()[0]
        assert isinstance(first, HintShown) and isinstance(second, HintShown)
        assert answer not in first.text and answer not in second.text
        assert isinstance(tutor.hint()[0], Notice)  # the last rung waits for a try
        tutor.submit(wrong)
        last = tutor.hint()[0]
        assert isinstance(last, HintShown) and (last.index, last.total) == (3, 3)
