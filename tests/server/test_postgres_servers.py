"""Two `gdtutor serve` on two ports sharing one PostgreSQL record, as behind a load balancer.

Both serve the same class folder (one roster, one host key, as docs/deploy.md asks of N machines) with
``--store postgresql://…``. Sessions run without a PTY (the plain tutor), driven by the real OpenSSH client.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import threading
import time
from pathlib import Path

import psycopg
import pytest
from pgcluster import APP, OWNER, TEACHER
from processes import read_until

from gdtutor.progress.postgres import PostgresStore
from gdtutor.progress.postgres_class import connected_learners, snapshots

LESSON = "descent-on-theta-squared"  # step 1 reads, step 2 asks for the derivative, step 3 for a number


@pytest.fixture
def urls(postgres_cluster, postgres_database):
    by_role = {role: postgres_cluster.url(postgres_database, role) for role in (OWNER, APP, TEACHER)}
    PostgresStore.open(by_role[OWNER], "setup").close()
    return by_role


@pytest.fixture
def two_servers(start_server, urls):
    """Servers A and B; the client knows the one host key they share at both addresses."""
    a = start_server("--store", urls[APP])
    entry = a.known_hosts.read_text()
    b = start_server("--store", urls[APP])  # writes the same known_hosts file for its own port
    b.known_hosts.write_text(entry + b.known_hosts.read_text())
    return a, b


def _answers(url: str, learner: str) -> list[str]:
    with psycopg.connect(url) as connection:
        rows = connection.execute("SELECT answer FROM attempts WHERE learner = %s ORDER BY id", (learner,))
        return [answer for (answer,) in rows]


def test_a_learner_answers_on_one_server_and_resumes_on_the_other(two_servers, enrol, urls, class_dir):
    key = enrol("alice")
    a, b = two_servers
    assert a.port != b.port

    first = a.ssh("alice", key, "-T", stdin=f"{LESSON}\n\n2*theta\n")
    assert first.returncode == 0, first.stderr
    assert "Step 3 of 9" in first.stdout

    second = b.ssh("alice", key, "-T", stdin="\n")  # Enter takes her current lesson
    assert second.returncode == 0, second.stderr
    assert f"{LESSON}: " in second.stdout and "(current)" in second.stdout
    assert "Step 3 of 9\n" in second.stdout
    assert "Step 1 of 9" not in second.stdout

    assert _answers(urls[APP], "alice") == ["2*theta"]
    assert not list((class_dir / "learners").glob("*.sqlite3"))  # nothing went to a server's own disk
    [alice] = snapshots(urls[TEACHER])  # the teacher's view of the class
    assert alice.learner == "alice" and alice.lesson_state(LESSON).done
    assert "libpq" in _warm_parent_maps(a.process.pid)  # sessions share psycopg instead of each loading it


def _warm_parent_maps(server_pid: int) -> str:
    """What the server's warm parent (its child running ``gdtutor.server.forkserver``) has mapped."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes()
            if parent == server_pid and b"gdtutor.server.forkserver" in command:
                return (stat.parent / "maps").read_text()
    raise AssertionError("the server has no warm parent")


def test_a_server_killed_mid_session_loses_no_acknowledged_answer(two_servers, enrol, urls):
    key = enrol("bob")
    a, b = two_servers
    session = subprocess.Popen(
        a.ssh_argv("bob", key, "-T"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=a.client_environment(),
    )
    assert session.stdin is not None
    session.stdin.write(f"{LESSON}\n\n2*theta\n".encode())
    session.stdin.flush()
    read_until(session, "Step 3 of 9")  # judged and moved on: the learner was told it counted
    deadline = time.monotonic() + 30
    while connected_learners(urls[TEACHER]) != {"bob"}:  # the teacher sees bob, whichever server he is on
        assert time.monotonic() < deadline, "bob's session never showed as connected in the database"
        time.sleep(0.05)
    a.process.send_signal(signal.SIGKILL)
    session.wait(timeout=60)

    assert _answers(urls[APP], "bob") == ["2*theta"]
    again = b.ssh("bob", key, "-T", stdin="\n")
    assert "Step 3 of 9\n" in again.stdout


def test_the_database_restarted_under_load_loses_nothing_acknowledged(
    two_servers, enrol, urls, postgres_cluster
):
    learners = ["c1", "c2", "c3", "c4"]
    keys = {learner: enrol(learner) for learner in learners}
    servers = two_servers
    answers_each = 30
    sessions = {
        learner: subprocess.Popen(
            servers[number % 2].ssh_argv(learner, keys[learner], "-T"),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=servers[0].client_environment(),
        )
        for number, learner in enumerate(learners)
    }

    restarting, restarted = threading.Event(), threading.Event()

    def type_answers(session: subprocess.Popen) -> None:
        assert session.stdin is not None
        session.stdin.write(f"{LESSON}\n\n2*theta\n".encode())
        for number in range(answers_each):  # wrong numbers at step 3: each one is an attempt
            # a third before the restart, a third while it goes on, a third after it (however fast the writes)
            if number == answers_each // 3:
                restarting.wait(timeout=60)
            if number == 2 * answers_each // 3:
                restarted.wait(timeout=60)
            session.stdin.write(f"{100 + number}\n".encode())
            session.stdin.flush()
            time.sleep(0.05)

    typists = [threading.Thread(target=type_answers, args=(session,)) for session in sessions.values()]
    for typist in typists:
        typist.start()
    deadline = time.monotonic() + 60
    while sum(len(_answers(urls[APP], learner)) for learner in learners) < 2 * len(learners):
        assert time.monotonic() < deadline, "the sessions never started answering"
        time.sleep(0.05)
    threading.Timer(0.2, restarting.set).start()
    postgres_cluster.pg_ctl("restart", "-m", "fast")  # sessions lose their connections mid-lesson
    restarting.set()
    restarted.set()
    for typist in typists:
        typist.join()
    outputs = {learner: session.communicate(timeout=120) for learner, session in sessions.items()}

    expected = ["2*theta"] + [str(100 + number) for number in range(answers_each)]
    for learner, (stdout, stderr) in outputs.items():
        assert sessions[learner].returncode == 0, stderr
        assert b"Traceback" not in stdout + stderr
        assert _answers(urls[APP], learner) == expected  # every answer, once, in order
    with psycopg.connect(urls[OWNER]) as connection:
        before, after = connection.execute(
            "SELECT count(*) FILTER (WHERE time < pg_postmaster_start_time()),"
            " count(*) FILTER (WHERE time > pg_postmaster_start_time()) FROM attempts"
        ).fetchone()
    assert before > 0 and after > 0  # the restart came in the middle of the answering
