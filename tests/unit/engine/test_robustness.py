"""Whatever a learner types, at any step, the engine answers with events; it never crashes."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gdtutor.engine import Feedback, Notice, Tutor
from gdtutor.lessons import load_lesson

ROOT = Path(__file__).resolve().parents[3]
LESSON_2 = load_lesson(ROOT / "lessons/02-descent-on-theta-squared.yaml")
STEP_IDS = [step.id for step in LESSON_2.steps if step.kind != "read"]

answers = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", " ", "2,4", "nan", "inf", "1e309", "\x1b[2J", "[bold]x[/bold]", "θ", "((", "9^9^9"]),
    st.text(max_size=3000, alphabet="0123456789.+-*/^()theta ").filter(lambda t: len(t) > 2000),
)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(STEP_IDS), answers)
def test_any_answer_to_any_step_gives_events(step_id, text):
    tutor = Tutor.for_steps(LESSON_2, [step_id], seed=3)
    events = tutor.submit(text)
    assert events and isinstance(events[0], (Feedback, Notice))
    if isinstance(events[0], Feedback):
        verdict = events[0].verdict
        assert verdict.status in ("correct", "almost", "wrong", "invalid")
        assert "\n" not in verdict.message and "\x1b" not in verdict.message


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from(["hint", "solution", "skip", "back", "next", "2.4", "0.48", "x"]), max_size=25)
)
def test_any_sequence_of_actions_keeps_the_tutor_consistent(actions):
    tutor = Tutor(LESSON_2, seed=5)
    for action in actions:
        if action in ("hint", "solution", "skip", "back", "next"):
            events = getattr(tutor, action)()
        else:
            events = tutor.submit(action)
        assert events
        if not tutor.finished:
            view = tutor.view()
            assert 1 <= view.number <= view.total
            assert len(view.hints) <= view.hints_total


VARIANT = """\
id: variant
title: Numbers drawn per learner
problem:
  objective: (theta - 1)^2
  start: {theta: {random: [-4, 6], step: 0.5}}
  alpha: {random: [0.05, 0.45], step: 0.05}
decimals: 3
steps:
  - id: next-theta
    kind: number
    ask: theta
    iteration: 2
    prompt: θ after two updates?
  - id: the-step
    kind: number
    ask: step
    iteration: 1
    prompt: The second step?
"""


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=2**31 - 1), st.sampled_from(["next-theta", "the-step"]))
def test_for_any_learner_the_right_answer_is_accepted_and_no_mistake_is(seed, step_id):
    from gdtutor.lessons.loading import parse_lesson

    lesson, _ = parse_lesson(VARIANT, "variant.yaml")
    tutor = Tutor.for_steps(lesson, [step_id], seed=seed)
    question = tutor.question()
    for _, mistaken in question.mistaken_answers():
        assert not question.check(mistaken).correct, mistaken
    result = tutor.submit(question.answer())
    assert isinstance(result[0], Feedback) and result[0].verdict.correct
