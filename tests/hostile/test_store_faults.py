"""The progress store under faults: a learner process killed mid-action, a full disk, a lock held too long."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from gdtutor.progress.learner import database_path

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
    for run in range(KILL_RUNS):
        data_dir = tmp_path / f"run-{run}"
        child = subprocess.Popen(
            [sys.executable, str(LEARNER), str(data_dir)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert child.stdout is not None
        child.stdout.readline()  # it has started writing
        time.sleep(randomly.uniform(0, 0.25))
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
        path = database_path("killed", data_dir)
        assert _orphaned_right_answers(path) == [], f"run {run}"
        with closing(sqlite3.connect(path)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            answers += connection.execute("SELECT count(*) FROM attempts").fetchone()[0]
    assert answers > KILL_RUNS  # the kills landed while the learner was answering
