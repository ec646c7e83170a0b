"""A lock held by another process: waited out when it is brief, never surfacing when it is not."""

import sqlite3
import threading
from contextlib import closing

import gdtutor.progress.store as store_module
from gdtutor.progress.store import Attempt, ProgressStore


def _attempt(number: int) -> Attempt:
    return Attempt("intro", "a", 1, str(number), "correct")


def test_a_brief_lock_is_waited_out_and_the_attempt_saved(monkeypatch):
    monkeypatch.setattr(
        store_module, "BUSY_TIMEOUT_SECONDS", 0.05
    )  # shorter than the lock: the retry must help
    store = ProgressStore.open()
    holder = sqlite3.connect(store.path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, holder.execute, args=("COMMIT",))
    release.start()
    store.record_attempt(_attempt(1))
    release.join()
    holder.close()
    assert store.saving and store.messages == []
    with closing(sqlite3.connect(store.path)) as connection:
        assert connection.execute("SELECT answer FROM attempts").fetchall() == [("1",)]


def test_a_lock_that_is_never_released_stops_saving_without_an_error(monkeypatch):
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", 0.01)
    monkeypatch.setattr(store_module, "LOCK_RETRIES", 2)
    store = ProgressStore.open()
    store.record_attempt(_attempt(1))
    with closing(sqlite3.connect(store.path, isolation_level=None)) as holder:
        holder.execute("BEGIN IMMEDIATE")
        store.record_attempt(_attempt(2))  # returns: the learner never sees "database is locked"
        assert not store.saving
        [message] = store.messages
        assert message == f"{store.path} stayed locked by another gdtutor for over a minute: " + (
            "your answers are not saved for now; gdtutor keeps them and saves them once it can again"
        )
        assert [attempt.answer for attempt in store.attempts()] == ["1", "2"]
        holder.execute("ROLLBACK")
