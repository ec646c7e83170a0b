"""The progress store under faults: a learner process killed mid-action, a full disk, a lock held too long."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from processes import plain_tutor_past_the_reading, read_until

import gdtutor.progress.store as store_module
from gdtutor.progress.learner import database_path
from gdtutor.progress.store import Action, Attempt, ProgressStore

LEARNER = Path(__file__).with_name("_learner.py")
KILL_RUNS = 40


def _orphaned_right_answers(path: Path) -> list[tuple[str, str]]:
    """Steps with a right answer in the record but not done: a learner action saved only in part."""
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(
            "SELECT lesson_id, step_id FROM attempts WHERE verdict = 'correct' AND context = 'lesson'"
            " EXCEPT SELECT lesson_id, step_id FROM step_state WHERE done = 1"
        ).fetchall()


def test_a_learner_killed_between_actions_never_keeps_a_right_answer_without_its_step_done(tmp_path):
    randomly = random.Random(13)
    answers = 0
    learners = subprocess.Popen(
        [sys.executable, str(LEARNER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert learners.stdin is not None and learners.stdout is not None
    try:
        for run in range(KILL_RUNS):
            data_dir = tmp_path / f"run-{run}"
            learners.stdin.write(f"{data_dir}\n")
            learners.stdin.flush()
            started = learners.stdout.readline()  # it has started writing
            assert started.startswith("started "), started
            time.sleep(randomly.uniform(0, 0.25))
            os.kill(int(started.split()[1]), signal.SIGKILL)
            ended = learners.stdout.readline().split()
            assert ended[0] == "ended" and os.WTERMSIG(int(ended[1])) == signal.SIGKILL, f"run {run}: {ended}"
            path = database_path("killed", data_dir)
            assert _orphaned_right_answers(path) == [], f"run {run}"
            with closing(sqlite3.connect(path)) as connection:
                assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
                answers += connection.execute("SELECT count(*) FROM attempts").fetchone()[0]
    finally:
        learners.kill()
        learners.communicate(timeout=30)
    assert answers > KILL_RUNS  # the kills landed while the learner was answering


# ---------------------------------------------------------------- saving stops, is told, and resumes

HOLD_LOCK = (
    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
    " c.execute('BEGIN IMMEDIATE'); print('held', flush=True); sys.stdin.read(); c.execute('ROLLBACK')"
)


def _answer(store: ProgressStore, text: str) -> None:
    attempt = Attempt("intro", "a", 1, text, "wrong")
    store.record_action(Action("intro", "a", attempt))


def _saved_answers(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return [answer for (answer,) in connection.execute("SELECT answer FROM attempts ORDER BY id")]


@pytest.fixture
def quick_retries(monkeypatch):
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", 0.05)
    monkeypatch.setattr(store_module, "LOCK_RETRIES", 1)
    monkeypatch.setattr(store_module, "RETRY_FIRST_SECONDS", 0.0)


def test_a_lock_held_by_another_process_stops_saving_then_everything_kept_is_saved_in_order(
    tmp_path, quick_retries
):
    store = ProgressStore.open("ada", tmp_path)
    _answer(store, "1")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(store.path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
    _answer(store, "2")
    assert not store.saving
    assert "not saved for now" in store.messages[-1] and "locked" in store.messages[-1]
    _answer(store, "3")  # tried again at once (no pause in this test): still locked, kept in memory
    assert not store.saving and len(store.messages) == 1
    holder.communicate(b"", timeout=30)
    _answer(store, "4")
    assert store.saving and store.messages[-1].startswith("saving again")
    assert _saved_answers(store.path) == ["1", "2", "3", "4"]
    assert [record.answer for record in store.attempts()] == ["1", "2", "3", "4"]
    store.close()


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs mounted for the test, and a way to fill it up and free it again."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(descriptor, b"\0" * 4096)
    except OSError:
        pass  # no space left: that was the point
    finally:
        os.close(descriptor)
    return filler


def test_a_full_disk_stops_saving_and_freeing_space_saves_everything_kept(small_disk, quick_retries):
    store = ProgressStore.open("ada", small_disk / "data")
    _answer(store, "before")
    filler = _fill(small_disk)
    number = 0
    while store.saving:
        _answer(store, "x" * 2000 + str(number))
        number += 1
        assert number < 100, "the small disk never filled up"
    assert "is full" in store.messages[-1] and "not saved for now" in store.messages[-1]
    filler.unlink()
    _answer(store, "after")
    assert store.saving and store.messages[-1].startswith("saving again")
    saved = _saved_answers(store.path)
    assert saved[0] == "before" and saved[-1] == "after" and len(saved) == number + 2
    store.close()


def test_the_plain_tutor_says_at_once_when_saving_stops_and_when_it_resumes(small_disk):
    data_dir = small_disk / "data"
    env = {**os.environ, "GDTUTOR_DATA_DIR": str(data_dir), "GDTUTOR_LEARNER": "ada"}
    tutor = plain_tutor_past_the_reading("descent-on-theta-squared", env)
    assert tutor.stdin is not None
    read_until(tutor, "> ")
    filler = _fill(small_disk)
    for number in range(60):  # wrong answers, each recorded, until the disk has no room for one
        tutor.stdin.write(f"{number}{'7' * 1500}\n".encode())
        tutor.stdin.flush()
        said = read_until(tutor, "> ")
        if "not saved for now" in said:
            break
    else:
        pytest.fail("the tutor never said that answers are not being saved")
    assert "Progress: the disk holding" in said and "is full" in said
    filler.unlink()
    time.sleep(1.2)  # the first try to save again comes a second after the failure
    tutor.stdin.write(b"3\n")
    tutor.stdin.flush()
    said = read_until(tutor, "> ")
    assert "Progress: saving again" in said
    out, err = tutor.communicate(b"quit\n", timeout=60)
    assert "Your progress is kept." in out.decode()
    assert tutor.returncode == 0, err
    saved = _saved_answers(database_path("ada", data_dir))
    assert len(saved) == number + 2 and saved[-1] == "3"


def test_the_plain_tutor_never_says_progress_is_kept_when_it_is_not(small_disk):
    data_dir = small_disk / "data"
    env = {**os.environ, "GDTUTOR_DATA_DIR": str(data_dir), "GDTUTOR_LEARNER": "ada"}
    ProgressStore.open("ada", data_dir).close()
    filler = _fill(small_disk)
    answers = "\n" + "".join(f"{number}{'7' * 1500}\n" for number in range(60))
    result = subprocess.run(
        [sys.executable, "-m", "gdtutor", "--plain", "descent-on-theta-squared"],
        input=answers.encode(),
        capture_output=True,
        env=env,
        timeout=120,
    )
    filler.unlink()
    out = result.stdout.decode()
    assert "not saved for now" in result.stderr.decode()  # told at start-up
    assert "Your progress is kept." not in out
    assert "Your answers from this session are NOT saved" in out


def test_an_answer_refused_as_too_long_is_stored_as_a_bounded_prefix_and_its_length(tmp_path):
    from gdtutor.checking.plaintext import MAX_ANSWER_LENGTH

    huge = "1" * 10_000_000
    with ProgressStore.open("ada", tmp_path) as store:
        _answer(store, huge)
        _answer(store, "2" * MAX_ANSWER_LENGTH)  # the longest answer the checker reads is kept whole
        first, second = (record.answer for record in store.attempts())
    assert first.startswith("1" * store_module.STORED_ANSWER_LENGTH) and first.endswith(
        "10,000,000 characters in all]"
    )
    assert len(first) < store_module.STORED_ANSWER_LENGTH + 50
    assert second == "2" * MAX_ANSWER_LENGTH
    assert database_path("ada", tmp_path).stat().st_size < 1_000_000
