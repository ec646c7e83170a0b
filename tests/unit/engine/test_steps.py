"""Step kinds as handlers in one registry; the tutor deciding what comes after an answer; empty answers."""

from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

import pytest

from gdtutor.checking import Verdict
from gdtutor.engine import Feedback, Notice, StepEntered, Tutor
from gdtutor.engine.selftest import check_lesson
from gdtutor.engine.steps import KINDS, StepKind, StepState, handler_for, register
from gdtutor.lessons import load_lesson
from gdtutor.lessons.model import STEP_CLASSES, STEP_KINDS, Lesson, LessonTest, ProblemSpec, ReadStep, Step
from gdtutor.lessons.schema import STEP_KIND_FIELDS
from gdtutor.lessons.validate import STEP_BUILDERS
from gdtutor.progress.store import ProgressStore

ROOT = Path(__file__).resolve().parents[3]
LESSON_2 = load_lesson(ROOT / "lessons/02-descent-on-theta-squared.yaml")


def feedback(events):
    return next(event for event in events if isinstance(event, Feedback))


def test_every_kind_of_the_lesson_format_has_one_handler():
    assert set(KINDS) == set(STEP_KINDS)
    assert all(KINDS[kind].kind == kind for kind in STEP_KINDS)


def test_the_format_the_validator_and_the_handlers_know_the_same_kinds():
    """The handlers, the dataclasses, the schema's fields and the validator's builders: a kind in one is in
    all, so a kind half added fails here rather than at a learner's step."""
    assert tuple(STEP_CLASSES) == STEP_KINDS
    assert all(STEP_CLASSES[kind].kind == kind for kind in STEP_KINDS)
    assert tuple(STEP_KIND_FIELDS) == STEP_KINDS
    assert tuple(STEP_BUILDERS) == STEP_KINDS
    assert set(KINDS) == set(STEP_KINDS)


# ---- a kind that exists only in this test: what docs/architecture.md says a new kind takes ----


@dataclass(frozen=True, kw_only=True)
class YesNoStep(Step):
    kind: ClassVar[str] = "yes-no"
    answer: bool


@dataclass
class YesNoQuestion:
    step: YesNoStep

    def check(self, text: str) -> Verdict:
        said = {"yes": True, "no": False}.get(text.strip().casefold())
        if said is None:
            return Verdict("invalid", "Answer yes or no.")
        if said == self.step.answer:
            return Verdict("correct", "Correct.", value=said)
        return Verdict("wrong", "Not quite.", value=said)

    def solution(self) -> str:
        return "yes" if self.step.answer else "no"

    def answer(self) -> str:
        return self.solution()

    def mistaken_answers(self) -> list[tuple[str, str]]:
        return []

    def coinciding_mistakes(self) -> list[str]:
        return []


class YesNo(StepKind[YesNoStep, StepState]):
    kind = "yes-no"

    def asking(self, work, step, state):
        return "yes or no"

    def ask(self, lesson, step):
        return YesNoQuestion(step)


@pytest.fixture
def yes_no_kind():
    register(YesNo())
    yield
    del KINDS["yes-no"]


def test_a_new_kind_is_a_handler_registered_for_it(yes_no_kind):
    steps = (
        YesNoStep(id="sure", prompt="Does descent on θ² with α = 0.1 converge?", answer=True),
        ReadStep(id="after", prompt="It does."),
    )
    lesson = Lesson("yes-no", "Yes or no", "", ProblemSpec(objective="theta^2", start={"theta": 3.0}), steps)
    with ProgressStore.open() as store:
        tutor = Tutor(lesson, seed=1, recorder=store)
        assert tutor.view().asking == "yes or no"
        assert feedback(tutor.submit("maybe")).verdict.message == "Answer yes or no."
        assert feedback(tutor.submit("no")).verdict.status == "wrong"
        right = feedback(tutor.submit("Yes"))
        assert right.complete and right.advance
        assert [(a.step_id, a.verdict) for a in store.attempts()] == [
            ("sure", "invalid"),
            ("sure", "wrong"),
            ("sure", "correct"),
        ]
        assert tutor.next()[0] == StepEntered(tutor.view())
        assert tutor.view().step_id == "after"


def test_validate_checks_a_new_kinds_tests_through_its_handler(yes_no_kind):
    steps = (YesNoStep(id="sure", prompt="Converges?", answer=True),)
    tests = (
        LessonTest(step="sure", answer="yes", verdict="correct"),
        LessonTest(step="sure", answer="no", verdict="correct"),  # the author got this one wrong
    )
    lesson = Lesson("yes-no", "Yes or no", "", ProblemSpec(objective="theta^2", start={"theta": 3}), steps)
    problems = check_lesson(replace(lesson, tests=tests, source="yes-no.yaml"))
    assert [problem.message for problem in problems] == [
        'tests[1]: answer "no" to sure got wrong, expected correct; the right answer is yes'
    ]


def test_a_step_of_an_unregistered_kind_is_refused_by_name():
    with pytest.raises(TypeError, match="'yes-no'"):
        handler_for(YesNoStep(id="x", answer=True))


# ---- what comes after an answer that finishes a step: the tutor's decision, not a front-end's ----


def test_a_right_answer_goes_on_at_once():
    tutor = Tutor.for_steps(LESSON_2, ["first-gradient", "first-step"], seed=1)
    right = feedback(tutor.submit("6"))
    assert right.complete and right.advance


def test_a_wrong_answer_never_goes_on():
    tutor = Tutor.for_steps(LESSON_2, ["first-gradient"], seed=1)
    wrong = feedback(tutor.submit("7"))
    assert not wrong.complete and not wrong.advance


def test_an_explored_run_waits_for_enter_whether_the_prediction_was_right_or_wrong():
    for prediction, status in (("converges", "correct"), ("diverges", "wrong")):
        tutor = Tutor.for_steps(LESSON_2, ["watch-it", "first-step"], seed=1)
        result = feedback(tutor.submit(prediction))
        assert result.verdict.status == status
        assert result.complete and not result.advance
        assert tutor.view().enter_goes_on


def test_a_table_finished_with_a_value_filled_in_waits_for_enter():
    table = replace(LESSON_2.step("ten-iterations"), last=2, columns=("theta",), cell_attempts=1)
    lesson = replace(LESSON_2, steps=(table, LESSON_2.step("first-step")))
    tutor = Tutor(lesson, seed=1)
    shown = feedback(tutor.submit("3.6"))
    assert shown.verdict.status == "wrong" and shown.complete and not shown.advance
    assert shown.note.startswith("After 1 try the table shows the right value: row 2, θ = ")


# ---- an empty answer counts for nothing ----


ONE_OF_EACH_KIND = ["derivative", "first-gradient", "ten-iterations", "shrinking", "watch-it"]


@pytest.mark.parametrize("step_id", ONE_OF_EACH_KIND)
@pytest.mark.parametrize("typed", ["", "   ", "\t"])
def test_enter_on_an_empty_answer_only_asks_again(step_id, typed):
    with ProgressStore.open() as store:
        tutor = Tutor.for_steps(LESSON_2, [step_id], seed=1, recorder=store)
        before = tutor.view()
        events = tutor.submit(typed)
        assert [type(event) for event in events] == [Feedback]
        assert events[0].verdict.status == "invalid" and events[0].verdict.message
        assert not events[0].complete
        assert store.attempts() == []
        assert tutor.view() == before  # no attempt counted, no verdict kept, the same thing asked


def test_enter_on_a_read_step_is_not_an_answer():
    tutor = Tutor.for_steps(LESSON_2, ["watch-it"], seed=1)
    tutor.submit("converges")
    assert isinstance(tutor.submit("")[0], Notice)
