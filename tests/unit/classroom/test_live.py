"""The dashboard's reader: incremental polls, the needs-help ranking and the heat map, on the made class."""

from __future__ import annotations

from datetime import timedelta

from fixtures.classroom import STALLED, STUCK, Clock, settled_watch, store_clock

from gdtutor.classroom.report import read_class
from gdtutor.progress.store import Attempt, ProgressStore

LESSON_ID = "descent-on-theta-squared"


def test_the_needs_help_list_ranks_the_stuck_learner_first(made_class):
    folder, ledger = made_class
    cases = settled_watch(folder, ledger.now).needs_help()
    assert [case.learner for case in cases] == [STUCK, STALLED]
    stuck = cases[0]
    assert (stuck.step_id, stuck.wrong, stuck.stalled_seconds) == ("first-step", 5, 0.0)
    assert cases[1].stalled_seconds == 7 * 60 and cases[1].step_id == "first-update"


def test_the_heat_map_counts_every_named_mistake_once(made_class):
    folder, ledger = made_class
    heat = {(step.lesson_id, step.step_id): step for step in settled_watch(folder, ledger.now).heat()}
    records, _ = read_class(folder)
    for record in records:
        for attempt in record.attempts:
            assert (attempt.lesson_id, attempt.step_id) in heat
    derivative = heat[LESSON_ID, "derivative"]
    expected = sum(
        a.mistake_id == "kept-the-square" for r in records for a in r.attempts if a.step_id == "derivative"
    )
    assert derivative.mistakes["kept-the-square"] == expected
    assert derivative.answers == sum(
        a.step_id == "derivative" and a.lesson_id == LESSON_ID for r in records for a in r.attempts
    )


def test_a_poll_reads_only_the_new_answers(class_copy):
    folder, ledger = class_copy
    watch = settled_watch(folder, ledger.now)
    before = {learner.name: learner.attempts for learner in watch.learners()}
    clock = Clock(ledger.now - timedelta(seconds=20))
    with store_clock(clock), ProgressStore.open("ana", folder / "learners") as store:
        store.record_attempt(Attempt(LESSON_ID, "derivative", 1, "2", "wrong", "lost-theta"))
    assert watch.poll()
    after = {learner.name: learner.attempts for learner in watch.learners()}
    assert after == {**before, "ana": before["ana"] + 1}
    assert not watch.poll()
    (folder / "learners" / "ana.sqlite3").rename(folder / "archive" / "ana.sqlite3")
    assert watch.poll() and "ana" not in [learner.name for learner in watch.learners()]
