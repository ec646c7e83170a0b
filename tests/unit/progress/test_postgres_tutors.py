"""Tutor processes on different "servers" (each its own data folder) sharing one PostgreSQL record.

A learner answers on A, comes back on B and resumes where they were; two sessions of one learner at once
lose nothing; A killed right after an answer was acknowledged on screen keeps that answer. These drive the
plain front-end as processes: the same engine and store a `gdtutor serve` session runs.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from pgcluster import APP, OWNER, TEACHER
from processes import read_until

from gdtutor.progress.postgres import PostgresStore
from gdtutor.progress.postgres_class import snapshots

ROOT = Path(__file__).resolve().parents[3]
LESSON = "descent-on-theta-squared"


@pytest.fixture
def urls(postgres_cluster, postgres_database):
    by_role = {role: postgres_cluster.url(postgres_database, role) for role in (OWNER, APP, TEACHER)}
    PostgresStore.open(by_role[OWNER], "setup").close()
    return by_role


def _environment(url: str, server: Path, learner: str) -> dict[str, str]:
    server.mkdir(exist_ok=True)
    return {**os.environ, "GDTUTOR_STORE": url, "GDTUTOR_DATA_DIR": str(server), "GDTUTOR_LEARNER": learner}


def _tutor(url: str, server: Path, learner: str, answers: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdtutor", "--plain", LESSON],
        input=answers,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_environment(url, server, learner),
        timeout=120,
    )


def _answers(url: str, learner: str) -> list[str]:
    with psycopg.connect(url) as connection:
        rows = connection.execute("SELECT answer FROM attempts WHERE learner = %s ORDER BY id", (learner,))
        return [answer for (answer,) in rows]


def test_a_learner_answers_on_one_server_and_resumes_on_another(urls, tmp_path):
    first = _tutor(urls[APP], tmp_path / "a", "ada", "\n2*theta\n")
    assert first.returncode == 0, first.stderr
    assert "Your progress is kept." in first.stdout

    second = _tutor(urls[APP], tmp_path / "b", "ada", "6\n")
    assert second.returncode == 0, second.stderr
    assert "Step 3 of 9\n" in second.stdout
    assert "Step 1 of 9" not in second.stdout
    assert _answers(urls[APP], "ada") == ["2*theta", "6"]
    assert not list((tmp_path / "a").glob("*.sqlite3")) and not list((tmp_path / "b").glob("*.sqlite3"))

    [ada] = snapshots(urls[TEACHER])  # the teacher's report sees the answers given on both servers
    assert [attempt.answer for attempt in ada.attempts()] == ["2*theta", "6"]


def test_two_sessions_of_one_learner_at_once_lose_nothing(urls, tmp_path):
    answers = "\n2*theta\n6\n0.6\n3.6\n"
    sessions = [
        subprocess.Popen(
            [sys.executable, "-m", "gdtutor", "--plain", LESSON],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=_environment(urls[APP], tmp_path / server, "bea"),
        )
        for server in ("a", "b")
    ]
    for session in sessions:  # both have read where the learner stands before either answers
        read_until(session, "> ")
    results = [session.communicate(answers, timeout=120) for session in sessions]
    for session, (_, stderr) in zip(sessions, results, strict=True):
        assert session.returncode == 0, stderr
    assert sorted(_answers(urls[APP], "bea")) == sorted(["2*theta", "6", "0.6", "3.6"] * 2)
    with PostgresStore.open(urls[APP], "bea") as store:
        attempts = store.lesson_state(LESSON).attempts
    assert sum(attempts.values()) == 8  # each session's answers counted, none overwritten by the other


def test_a_server_killed_after_an_answer_was_acknowledged_keeps_it(urls, tmp_path):
    session = subprocess.Popen(
        [sys.executable, "-m", "gdtutor", "--plain", LESSON],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=_environment(urls[APP], tmp_path / "a", "cy"),
    )
    assert session.stdin is not None
    session.stdin.write(b"\n2*theta\n")
    session.stdin.flush()
    read_until(session, "Step 3 of 9")  # the answer was judged and the tutor moved on: acknowledged
    session.send_signal(signal.SIGKILL)
    session.wait(timeout=30)

    assert _answers(urls[APP], "cy") == ["2*theta"]
    resumed = _tutor(urls[APP], tmp_path / "b", "cy", "")
    assert "Step 3 of 9\n" in resumed.stdout
