"""Many processes writing at once, and a process killed mid-write: nothing acknowledged is ever lost."""

import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from gdtutor.progress.learner import database_path

WRITER = Path(__file__).with_name("_writer.py")
WORKERS = 20
ATTEMPTS_EACH = 25


def _writer(data_dir: Path, worker: str, total: int, journal: str) -> subprocess.Popen[str]:
    command = [sys.executable, str(WRITER), str(data_dir), worker, str(total)]
    if journal == "rollback":
        command.append("--rollback")
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _integrity(path: Path) -> list[tuple[str]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("PRAGMA integrity_check").fetchall()


def _answers(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return [answer for (answer,) in connection.execute("SELECT answer FROM attempts")]


@pytest.mark.parametrize("journal", ["wal", "rollback"])
def test_twenty_processes_writing_at_once_lose_nothing(isolated_data_dir, journal):
    writers = [_writer(isolated_data_dir, str(worker), ATTEMPTS_EACH, journal) for worker in range(WORKERS)]
    (isolated_data_dir / "go").touch()
    results = [writer.communicate(timeout=300) for writer in writers]

    for writer, (stdout, stderr) in zip(writers, results, strict=True):
        assert writer.returncode == 0, stderr
        assert "locked" not in stdout + stderr
        assert stderr == ""
        expected_mode = "WAL" if journal == "wal" else "DELETE"
        assert f"journal {expected_mode}" in stdout
    path = database_path("shared", isolated_data_dir)
    answers = _answers(path)
    expected = {f"{worker}:{number}" for worker in range(WORKERS) for number in range(ATTEMPTS_EACH)}
    assert len(answers) == WORKERS * ATTEMPTS_EACH
    assert set(answers) == expected
    assert _integrity(path) == [("ok",)]
    with closing(sqlite3.connect(path)) as connection:
        attempts_per_step = connection.execute("SELECT sum(attempts) FROM step_state").fetchone()[0]
        update_observations = connection.execute(
            "SELECT observations FROM skill_state WHERE skill = 'update'"
        ).fetchone()[0]
    assert attempts_per_step == WORKERS * ATTEMPTS_EACH  # derived state kept in step with the record
    first_attempts_each = len(range(0, ATTEMPTS_EACH, 2))
    assert update_observations == WORKERS * first_attempts_each


@pytest.mark.parametrize("journal", ["wal", "rollback"])
@pytest.mark.parametrize("acknowledged_before_kill", [1, 40])
def test_a_process_killed_while_writing_keeps_every_acknowledged_attempt(
    isolated_data_dir, journal, acknowledged_before_kill
):
    (isolated_data_dir / "go").touch()
    writer = _writer(isolated_data_dir, "k", 0, journal)
    acknowledged = []
    assert writer.stdout is not None
    for line in writer.stdout:
        acknowledged.append(line.split()[2])
        if len(acknowledged) == acknowledged_before_kill:
            writer.send_signal(signal.SIGKILL)
            break
    writer.wait(timeout=60)
    assert writer.returncode == -signal.SIGKILL

    path = database_path("shared", isolated_data_dir)
    assert _integrity(path) == [("ok",)]
    answers = set(_answers(path))
    assert {f"k:{number}" for number in acknowledged} <= answers
    # the derived state is committed with each attempt, never half of it
    with closing(sqlite3.connect(path)) as connection:
        attempts_per_step = connection.execute("SELECT sum(attempts) FROM step_state").fetchone()[0]
    assert attempts_per_step == len(answers)
