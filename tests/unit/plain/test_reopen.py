"""--plain opens a finished lesson with a choice: review it (every step with the answers, nothing recorded)
or start it over (the record keeps every answer); ``answers`` lists the answers on the current step."""

import io
from pathlib import Path

from gdtutor.engine import Tutor
from gdtutor.lessons import load_lesson
from gdtutor.plain.session import Session
from gdtutor.progress.store import ProgressStore
from gdtutor.progress.stores import lesson_run

ROOT = Path(__file__).resolve().parents[3]
LESSON_1 = load_lesson(ROOT / "lessons/01-notation-and-cost.yaml")


def session(store: ProgressStore, typed: str) -> tuple[Session, io.StringIO]:
    def start_over() -> Tutor:
        store.reset(LESSON_1.id)
        return Tutor(LESSON_1, 3, store, lesson_run(store, LESSON_1.id))

    out = io.StringIO()
    tutor = Tutor(LESSON_1, 3, store, lesson_run(store, LESSON_1.id))
    return Session(tutor, io.StringIO(typed), out, store, start_over), out


def finished(store: ProgressStore) -> None:
    """Lesson 1 worked to its end: one wrong answer on the first question, the rest skipped."""
    tutor = Tutor(LESSON_1, 3, store, lesson_run(store, LESSON_1.id))
    while not tutor.view().is_question:
        tutor.next()
    tutor.submit("4")
    while not tutor.finished:
        tutor.skip()


def test_a_finished_lesson_offers_review_and_the_review_shows_the_answers_and_records_nothing():
    store = ProgressStore.in_memory(learner="ada")
    finished(store)
    recorded = store.attempts()
    first_question = next(step for step in LESSON_1.steps if step.kind != "read")
    shown, out = session(store, "review\nquit\n")
    assert shown.run() == 0
    text = out.getvalue()
    assert "You finished this lesson before. Type review" in text and "start over" in text
    assert "Review: every step with your answers" in text
    assert f"Step {LESSON_1.steps.index(first_question) + 1} of {len(LESSON_1.steps)}" in text
    assert (
        "This step: not finished.\nYour 1 answer on this step, oldest first:\n  1. 4  ->  Not quite" in text
    )
    assert "End of the review." in text and text.rstrip().endswith("Stopping here.")
    assert store.attempts() == recorded and store.lesson_state(LESSON_1.id).finished


def test_start_over_opens_the_first_step_and_keeps_the_record():
    store = ProgressStore.in_memory(learner="ada")
    finished(store)
    recorded = store.attempts()
    shown, out = session(store, "start over\nquit\n")
    shown.run()
    text = out.getvalue()
    assert "Starting the lesson over." in text and f"Step 1 of {len(LESSON_1.steps)}" in text
    assert store.attempts() == recorded
    state = store.lesson_state(LESSON_1.id)
    assert not state.finished and state.current == LESSON_1.steps[0].id


def test_the_answers_command_lists_the_answers_on_the_step_escaped():
    store = ProgressStore.in_memory(learner="ada")
    tutor = Tutor(LESSON_1, 3, store)
    while not tutor.view().is_question:
        tutor.next()
    out = io.StringIO()
    Session(tutor, io.StringIO("answers\n4\n\x1b[31mred\nanswers\nquit\n"), out, store).run()
    text = out.getvalue()
    assert "You have given no answer on this step yet." in text
    assert "Your 2 answers on this step, oldest first:" in text
    assert "  1. 4  ->  Not quite" in text
    assert "\x1b" not in text and "  2. \\x1b[31mred  ->  " in text
