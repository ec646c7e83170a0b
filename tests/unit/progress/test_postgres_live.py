"""Who is connected now on a PostgreSQL store: every server sharing the database is seen by the teacher.

The servers here are ``LiveRows``, the part of ``gdtutor serve`` that keeps its rows (the SSH test of two
real servers is in tests/server/test_postgres_servers.py); one runs in a process of its own, to be killed.
"""

import signal
import subprocess
import sys
import time
from collections.abc import Callable

import psycopg
import pytest
from pgcluster import APP, OWNER, TEACHER

from gdtutor.classroom.live_postgres import PostgresClassWatch
from gdtutor.classroom.report import report_on
from gdtutor.progress import postgres_schema
from gdtutor.progress.postgres import PostgresStore
from gdtutor.progress.postgres_class import connected_learners
from gdtutor.progress.postgres_live import STOP_WAIT_SECONDS, LiveRows
from gdtutor.progress.store import Attempt

BEAT = 0.2  # seconds: the servers here beat fast, so that a killed one goes stale within a second

A_SERVER = f"""
import sys, time
from gdtutor.progress.postgres_live import LiveRows
rows = LiveRows(sys.argv[1], beat_seconds={BEAT})
rows.clear_stale()
rows.begin("ana", 4242)
print("serving", flush=True)
while True:
    rows.heartbeat()
    time.sleep({BEAT / 4})
"""


@pytest.fixture
def urls(postgres_cluster, postgres_database):
    by_role = {role: postgres_cluster.url(postgres_database, role) for role in (OWNER, APP, TEACHER)}
    PostgresStore.open(by_role[OWNER], "setup").close()
    for learner in ("ana", "bo"):
        with PostgresStore.open(by_role[APP], learner) as store:
            store.record_attempt(Attempt("intro", "s0", 1, "4", "wrong", "uphill"))
    return by_role


def _until(condition: Callable[[], bool], what: str, beating: tuple[LiveRows, ...] = (), seconds: float = 30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what} within {seconds} s"
        for server in beating:
            server.heartbeat()
        time.sleep(BEAT / 4)


def _live_sessions(url: str) -> list[tuple[str, int]]:
    with psycopg.connect(url) as connection:
        rows = connection.execute("SELECT learner, session_pid FROM live_sessions ORDER BY learner")
        return list(rows.fetchall())


def test_the_teacher_sees_every_servers_sessions_and_a_killed_servers_stop_counting(
    urls, monkeypatch, tmp_path
):
    teacher = urls[TEACHER]
    assert connected_learners(teacher) is None  # no server has run on this database yet
    a = subprocess.Popen(
        [sys.executable, "-c", A_SERVER, urls[APP]], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    b = LiveRows(urls[APP], beat_seconds=BEAT)
    try:
        assert a.stdout is not None and a.stdout.readline() == "serving\n", a.stderr
        b.clear_stale()
        b.begin("bo", 7)
        _until(lambda: connected_learners(teacher) == {"ana", "bo"}, "both servers' sessions", (b,))

        watch = PostgresClassWatch(teacher, tmp_path)
        watch.poll()
        assert [learner.name for learner in watch.learners() if watch.is_active(learner)] == ["ana", "bo"]
        monkeypatch.setenv("GDTUTOR_STORE", teacher)
        report, _ = report_on(tmp_path)  # the folder is not read: the class is in the database
        assert report.connected == ("ana", "bo")

        a.send_signal(signal.SIGKILL)
        a.wait(10)
        killed_at = time.monotonic()
        _until(lambda: connected_learners(teacher) == {"bo"}, "the killed server's session going stale", (b,))
        assert time.monotonic() - killed_at < 20 * BEAT + 5
        assert ("ana", 4242) in _live_sessions(urls[OWNER])  # SIGKILL deleted nothing ...
        assert watch.poll() is True  # ... but the dashboard no longer counts ana
        assert [learner.name for learner in watch.learners() if watch.is_active(learner)] == ["bo"]

        c = LiveRows(urls[APP], beat_seconds=BEAT)
        c.clear_stale()  # the next server to start deletes what the killed one left
        _until(lambda: _live_sessions(urls[OWNER]) == [("bo", 7)], "the next server clearing", (b,))
        c.end_all()
    finally:
        a.kill()
        a.wait()
        b.end_all()
    assert b.problem is None
    assert _live_sessions(urls[OWNER]) == []  # a server that stops deletes its sessions ...
    assert connected_learners(teacher) == frozenset()  # ... and the database still knows it is served


def test_a_server_that_cannot_reach_the_database_never_waits_on_it(tmp_path):
    rows = LiveRows(f"postgresql://gdtutor_app@/nowhere?host={tmp_path}", beat_seconds=BEAT)
    started = time.monotonic()
    rows.clear_stale()
    handle = rows.begin("ana", 1)
    rows.end(handle)
    assert time.monotonic() - started < 0.5  # what the server's event loop calls never waits
    rows.end_all()
    assert time.monotonic() - started < STOP_WAIT_SECONDS
    assert rows.problem is not None and rows.problem.startswith("cannot write who is connected")


def test_a_database_from_before_the_live_tables_knows_nobody_connected(postgres_cluster, postgres_database):
    owner = postgres_cluster.url(postgres_database, OWNER)
    with psycopg.connect(owner, autocommit=True) as connection:  # what a version-2 gdtutor made
        for script in postgres_schema.MIGRATIONS[:2]:
            connection.execute(script)
        connection.execute("UPDATE gdtutor_schema SET version = 2")
    assert connected_learners(owner) is None
