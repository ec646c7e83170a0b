"""Picking a lesson up again: an unfinished one exactly where it was, a finished one for review or afresh."""

from pathlib import Path

from gdtutor.engine import Feedback, LessonFinished, Tutor
from gdtutor.lessons import load_lesson
from gdtutor.progress.store import ProgressStore
from gdtutor.progress.stores import lesson_run

ROOT = Path(__file__).resolve().parents[3]
LESSON_2 = load_lesson(ROOT / "lessons/02-descent-on-theta-squared.yaml")
TO_THE_TABLE = {
    "derivative": ["theta", "2*theta"],
    "first-gradient": ["6"],
    "first-step": ["0.6"],
    "first-update": ["2.4"],
}
TABLE = ["0.48", "1.92", "0.384", "1.536", "0.307", "1.229", "0.246", "0.983", "0.197", "0.786", "0.157"]
TABLE += ["0.629", "0.126", "0.503", "0.101", "0.403", "0.081"]
AFTER_THE_TABLE = {"after-ten": ["0.322"], "shrinking": ["2"], "watch-it": ["converges"]}


def play(tutor: Tutor, answers: dict[str, list[str]]) -> None:
    """Answer each step named in ``answers`` in turn, going on past the others."""
    while not tutor.finished and tutor.view().step_id not in answers:
        tutor.next()
    while not tutor.finished and tutor.view().step_id in answers:
        for answer in answers[tutor.view().step_id]:
            events = tutor.submit(answer)
        if any(isinstance(event, Feedback) and event.complete for event in events):
            tutor.next()


def opened(store: ProgressStore) -> Tutor:
    return Tutor(LESSON_2, seed=5, recorder=store, resume=lesson_run(store, LESSON_2.id))


def test_an_unfinished_lesson_resumes_at_its_step_with_the_table_as_the_learner_filled_it():
    store = ProgressStore.in_memory(learner="ada")
    tutor = opened(store)
    play(tutor, TO_THE_TABLE)
    assert tutor.view().step_id == "ten-iterations"
    for answer in ["0.48", "2", "2", "0.384"]:  # row 2's θ shown after two misses
        tutor.submit(answer)
    tutor.hint()  # hints shown before an answer come back with it
    tutor.submit("1.2")
    left = tutor.view()
    recorded = len(store.attempts())

    again = opened(store)
    view = again.view()
    assert view.step_id == "ten-iterations" and not again.finished
    assert view.table == left.table
    assert [(cell.text, cell.state) for cell in view.table.rows[1][1:]] == [
        ("1.92", "revealed"),
        ("0.384", "right"),
    ]
    assert view.asking == left.asking and view.attempts == left.attempts
    assert view.hints == left.hints
    assert len(store.attempts()) == recorded  # working the old answers again records nothing
    # The miss on row 3's θ counts: a second one shows the value, as it would have without the break.
    assert "the table shows the right value: row 3" in again.submit("1.2")[0].note
    # The earlier steps are done, with the learner's answers on them.
    derivative = again.review()[1]
    assert derivative.status == "solved"
    assert [(answer.answer, answer.status) for answer in derivative.answers] == [
        ("theta", "wrong"),
        ("2*theta", "correct"),
    ]


def test_a_finished_lesson_opens_finished_for_review_and_records_nothing():
    store = ProgressStore.in_memory(learner="ada")
    tutor = opened(store)
    play(tutor, {**TO_THE_TABLE, "ten-iterations": TABLE, **AFTER_THE_TABLE})
    assert tutor.finished
    state = store.lesson_state(LESSON_2.id)
    assert state.finished and state.current is None
    recorded = len(store.attempts())

    again = opened(store)
    assert again.finished
    review = again.review()
    assert [view.number for view in review] == list(range(1, len(LESSON_2.steps) + 1))
    table = next(view.table for view in review if view.table is not None)
    assert [row[1].text for row in table.rows[1:]] == TABLE[1::2]  # every θ the learner typed
    assert [answer.answer for answer in review[1].answers] == ["theta", "2*theta"]
    assert review[1].answers[0].verdict.startswith("Not quite") and review[1].answers[0].when.endswith("UTC")
    assert len(store.attempts()) == recorded and store.lesson_state(LESSON_2.id) == state


def test_starting_over_opens_the_first_step_fresh_and_keeps_every_answer_in_the_record():
    store = ProgressStore.in_memory(learner="ada")
    play(opened(store), {**TO_THE_TABLE, "ten-iterations": TABLE, **AFTER_THE_TABLE})
    recorded = store.attempts()
    store.reset(LESSON_2.id)

    fresh = opened(store)
    view = fresh.view()
    assert not fresh.finished and view.number == 1
    assert all(step.answers == () and step.status == "open" for step in fresh.review())
    assert store.attempts() == recorded
    play(fresh, {"derivative": ["2*theta"]})
    # After starting over, only the new run's answers come back.
    assert [answer.answer for answer in opened(store).review()[1].answers] == ["2*theta"]


def test_a_finished_lesson_goes_back_to_its_last_step_and_finishes_again():
    store = ProgressStore.in_memory(learner="ada")
    play(opened(store), {**TO_THE_TABLE, "ten-iterations": TABLE, **AFTER_THE_TABLE})
    again = opened(store)
    again.back()
    assert again.view().step_id == LESSON_2.steps[-1].id and again.view().complete
    assert isinstance(again.next()[0], LessonFinished)
