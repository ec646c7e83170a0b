"""The store's record, resume state and reset, through its public API, on SQLite and on PostgreSQL."""

import threading

import pytest

from gdtutor.progress import postgres_schema, schema
from gdtutor.progress.learner import database_path
from gdtutor.progress.store import PRACTICE, Action, Attempt, LessonState, ProgressStore
from gdtutor.progress.stores import Store, open_store

pytestmark = pytest.mark.usefixtures("store_backend")


def _answer(store: Store, step: str, verdict: str = "correct", lesson: str = "intro", **fields) -> None:
    answer = fields.pop("answer", f"answer to {step}")
    store.record_attempt(Attempt(lesson, step, 11, answer, verdict, **fields))


def test_the_record_keeps_every_field_as_given(isolated_data_dir):
    with open_store() as store:
        store.record_attempt(
            Attempt("intro", "next-theta", 42, " 2.5 ", "wrong", "uphill", 2, True, ("update", "sign"))
        )
    with open_store() as store:
        [record] = store.attempts()
    assert (record.lesson_id, record.step_id, record.seed, record.answer) == (
        "intro",
        "next-theta",
        42,
        " 2.5 ",
    )
    assert (record.verdict, record.mistake_id, record.hints_used) == ("wrong", "uphill", 2)
    assert record.first_attempt and record.skills == ("update", "sign") and record.context == "lesson"
    assert record.time.endswith("Z") and record.time.startswith("20")
    assert database_path() == isolated_data_dir / "test-learner.sqlite3"


def test_a_lessons_answers_are_read_on_their_own(isolated_data_dir):
    """What reopening a lesson reads: its answers after an attempt, never practice's or another lesson's."""
    with open_store() as store:
        _answer(store, "a", answer="before")
        store.record_attempt(Attempt("intro", "a", 11, "practised", "correct"), PRACTICE)
        _answer(store, "x", lesson="other")
        _answer(store, "b", answer="after")
        first = store.attempts()[0].id
        answers = store.lesson_answers("intro", first)
    assert [(answer.step_id, answer.answer) for answer in answers] == [("b", "after")]


def test_resume_returns_to_the_same_step_with_done_steps_and_attempts():
    with open_store() as store:
        _answer(store, "a", "wrong")
        _answer(store, "a", first_attempt=False)
        store.step_done("intro", "a")
        _answer(store, "b", "wrong")
        store.set_current("intro", "b")
    with open_store() as store:
        state = store.lesson_state("intro")
        assert store.last_lesson() == "intro"
    assert state == LessonState("intro", frozenset({"a"}), {"a": 2, "b": 1}, "b")
    assert state.resume_step(["a", "b", "c"]) == "b"


def test_one_action_keeps_its_attempt_done_steps_and_current_step_together():
    attempt = Attempt("intro", "a", 11, "2.4", "correct", skills=("update",))
    with open_store() as store:
        store.record_action(Action("intro", "a", attempt, done=("a",)))
        store.record_action(Action("intro", "b", done=("read-me",)))
        store.record_action(Action("intro", None, Attempt("intro", "b", 11, "x", "invalid")))
    with open_store() as store:
        expected = LessonState("intro", frozenset({"a", "read-me"}), {"a": 1}, None, finished=True)
        assert store.lesson_state("intro") == expected
        assert [record.answer for record in store.attempts()] == ["2.4", "x"]
        assert store.mastery()["update"].observations == 1
        store.record_action(Action("intro", "c", attempt, done=("c",)), context=PRACTICE)
        assert store.lesson_state("intro").current is None and "c" not in store.lesson_state("intro").done


def test_resume_after_the_lesson_file_gained_and_lost_steps():
    with open_store() as store:
        for step in ["a", "b", "c"]:
            _answer(store, step)
            store.step_done("intro", step)
        store.set_current("intro", "d")
    edited_lesson = ["a", "new-1", "c", "new-2", "e"]  # b and d were removed, two steps were added

    state = open_store().lesson_state("intro")

    assert state.done_among(edited_lesson) == ["a", "c"]  # b's record stays, but it no longer counts
    assert state.resume_step(edited_lesson) == "new-1"  # the current step d is gone: first step not done
    assert state.resume_step(["a", "d", "c"]) == "d"  # while it exists, the current step wins
    assert state.resume_step(["a", "c"]) is None  # every step of the lesson as it is now is done
    assert [record.step_id for record in open_store().attempts()] == ["a", "b", "c"]


def test_a_lesson_never_started_has_an_empty_state():
    state = open_store().lesson_state("unknown")
    assert state == LessonState("unknown")
    assert state.resume_step(["x", "y"]) == "x"


def test_lessons_started_are_listed_most_recent_first():
    store = open_store()
    store.set_current("one", "a")
    store.set_current("two", "a")
    store.step_done("one", "b")
    assert store.lessons_started() == ["one", "two"]
    assert store.last_lesson() == "one"


def test_practice_attempts_change_mastery_but_not_lesson_progress():
    store = open_store()
    store.record_attempt(Attempt("intro", "a", 5, "1", "correct", skills=("update",)), context=PRACTICE)
    assert store.lesson_state("intro") == LessonState("intro")
    assert store.last_lesson() is None
    assert store.mastery()["update"].observations == 1
    assert store.attempts()[0].context == "practice"


def test_reset_of_one_lesson_archives_its_state_and_keeps_the_record(store_backend):
    store = open_store()
    for lesson in ["intro", "mse"]:
        _answer(store, "a", lesson=lesson, skills=("update",))
        store.step_done(lesson, "a")
        store.set_current(lesson, "b")
    before = store.attempts()
    mastery = store.mastery()

    reset = store.reset("intro")

    assert reset.lesson_id == "intro" and reset.steps_archived == 1 and reset.last_attempt_id == 2
    assert store.lesson_state("intro") == LessonState("intro")
    assert store.lesson_state("mse").done == {"a"}
    assert store.attempts() == before
    assert store.mastery() == mastery  # mastery spans lessons: a lesson reset keeps it
    assert store.last_lesson() == "mse"
    archived = store_backend.query("SELECT lesson_id, step_id, done, attempts FROM archived_step_state")
    assert archived == [("intro", "a", 1, 1)]


def test_reset_of_everything_forgets_mastery_too_and_keeps_the_record(store_backend):
    store = open_store()
    _answer(store, "a", skills=("update",))
    store.step_done("intro", "a")
    store.reset()
    assert store.lesson_state("intro") == LessonState("intro")
    assert store.mastery() == {} and store.last_lesson() is None
    assert len(store.attempts()) == 1
    assert [reset.lesson_id for reset in store.resets()] == [None]
    assert store_backend.query("SELECT skill FROM archived_skill_state") == [("update",)]


@pytest.mark.parametrize("statement", ["UPDATE attempts SET verdict = 'correct'", "DELETE FROM attempts"])
def test_the_record_is_append_only(store_backend, statement):
    store = open_store()
    _answer(store, "a", "wrong")
    store.close()
    with pytest.raises(store_backend.integrity_error, match="append"):
        store_backend.query(statement)  # on PostgreSQL as the schema's owner: the trigger still refuses
    assert len(open_store().attempts()) == 1


def test_the_database_is_set_up_for_durability(store_backend):
    store = open_store()
    store.close()
    if store_backend.name == "sqlite":
        assert store_backend.query("PRAGMA journal_mode") == [("wal",)]
        assert store_backend.query("PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]
    else:  # synchronous_commit: tests/unit/progress/test_postgres.py
        assert store_backend.query("SELECT version FROM gdtutor_schema") == [
            (postgres_schema.SCHEMA_VERSION,)
        ]


def test_threads_of_one_process_can_share_a_store():
    store = open_store()

    def work(worker: int) -> None:
        for number in range(20):
            _answer(store, f"{worker}-{number}")
            store.lesson_state("intro")

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.attempts()) == 80 and store.saving


def test_an_in_memory_store_says_why_it_is_not_saving():
    store = ProgressStore.in_memory(reason="practice run")
    assert not store.saving and store.path is None
    assert store.messages == ["practice run; progress is not saved this session"]
    _answer(store, "a")
    assert len(store.attempts()) == 1


def test_an_answer_a_terminal_could_not_decode_is_kept_readably():
    store = open_store()
    _answer(store, "a", answer="2.5\udcff")  # what surrogateescape makes of a stray byte 0xff
    assert store.attempts()[0].answer == "2.5\\udcff"


def test_an_unreadable_answer_is_in_the_record_but_not_counted_as_an_attempt():
    store = open_store()
    _answer(store, "a", "invalid", first_attempt=False, answer="")
    _answer(store, "a", "wrong")
    assert store.lesson_state("intro").attempts == {"a": 1}
    assert [attempt.verdict for attempt in store.attempts()] == ["invalid", "wrong"]
