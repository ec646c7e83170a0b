"""What only the PostgreSQL store has to prove: roles, races between servers, kills, restarts and outages.

Everything else about the store runs on both backends through the ``store_backend`` fixture.
"""

import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from pgcluster import APP, OWNER

import gdtutor.progress.postgres as postgres_module
from gdtutor.progress.postgres import PostgresStore
from gdtutor.progress.store import Attempt, LessonState
from gdtutor.progress.stores import open_store

WRITER = Path(__file__).with_name("_pg_writer.py")


@pytest.fixture
def database(postgres_cluster, postgres_database):
    """A database with the schema made by its owner; the app role's URL."""
    PostgresStore.open(postgres_cluster.url(postgres_database, OWNER), "setup").close()
    return postgres_cluster.url(postgres_database, APP)


def _owner(postgres_cluster, url: str) -> psycopg.Connection:
    database = url.split("/")[3].split("?")[0]
    return psycopg.connect(postgres_cluster.url(database, OWNER), autocommit=True)


def _attempt(number: int, step: str = "a") -> Attempt:
    return Attempt("intro", step, 1, str(number), "correct" if number % 2 else "wrong", skills=("update",))


def _writer(url: str, learner: str, worker: str, total: int, go: Path) -> subprocess.Popen[str]:
    command = [sys.executable, str(WRITER), url, learner, worker, str(total), str(go)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_until_ready(folder: Path, workers: int) -> None:
    deadline = time.monotonic() + 120
    while sum(1 for _ in folder.glob("ready-*")) < workers:
        assert time.monotonic() < deadline, "the writers did not open their stores"
        time.sleep(0.05)


@pytest.mark.parametrize(
    "statement", ["UPDATE attempts SET verdict = 'correct'", "DELETE FROM attempts", "TRUNCATE attempts"]
)
def test_the_app_role_can_append_to_the_record_but_never_change_it(database, statement):
    with PostgresStore.open(database, "ada") as store:
        store.record_attempt(_attempt(1))
    with psycopg.connect(database, autocommit=True) as connection:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(statement)
        assert connection.execute("SELECT count(*) FROM attempts").fetchone() == (1,)


def test_truncate_is_refused_even_to_the_owner(postgres_cluster, database):
    with PostgresStore.open(database, "ada") as store:
        store.record_attempt(_attempt(1))
    with (
        _owner(postgres_cluster, database) as connection,
        pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="append-only"),
    ):
        connection.execute("TRUNCATE attempts")


def test_every_write_is_committed_synchronously_in_one_snapshot(postgres_cluster, database):
    with _owner(postgres_cluster, database) as connection:  # a server whose default does not wait for disk
        name = connection.execute("SELECT current_database()").fetchone()[0]
        connection.execute(f"ALTER DATABASE {name} SET synchronous_commit = off")
    store = PostgresStore.open(database, "ada")
    connection = store._connected()
    assert connection.execute("SHOW synchronous_commit").fetchone() == ("on",)
    assert connection.isolation_level == psycopg.IsolationLevel.REPEATABLE_READ
    store.close()


def test_a_database_from_a_newer_gdtutor_is_refused_and_left_untouched(postgres_cluster, database):
    with PostgresStore.open(database, "ada") as store:
        store.record_attempt(_attempt(1))
    with _owner(postgres_cluster, database) as connection:
        connection.execute("UPDATE gdtutor_schema SET version = 99")

    store = PostgresStore.open(database, "ada")
    store.record_attempt(_attempt(2))  # kept for the session, never written
    store.close()

    assert not store.saving and not store.record_readable
    [message] = store.messages
    assert "newer gdtutor (schema 99" in message and message.endswith("progress is not saved this session")
    with _owner(postgres_cluster, database) as connection:
        assert connection.execute("SELECT version FROM gdtutor_schema").fetchone() == (99,)
        assert connection.execute("SELECT answer FROM attempts").fetchall() == [("1",)]


def test_the_schema_is_made_once_when_servers_start_together(postgres_cluster, postgres_database):
    url = postgres_cluster.url(postgres_database, OWNER)
    stores = [PostgresStore.open(url, f"learner-{number}") for number in range(3)]
    assert all(store.saving for store in stores)
    for store in stores:
        store.close()
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT count(*) FROM gdtutor_schema").fetchone() == (1,)


def test_an_app_role_on_an_empty_database_says_it_cannot_save(postgres_cluster, postgres_database):
    store = PostgresStore.open(postgres_cluster.url(postgres_database, APP), "ada")
    store.record_attempt(_attempt(1))
    assert not store.saving and store.lesson_state("intro").attempts == {"a": 1}
    [message] = store.messages
    assert "permission denied" in message and "answers are not being saved" in message
    store.close()


def test_an_action_replayed_after_a_lost_acknowledgement_is_written_once(database):
    store = PostgresStore.open(database, "ada")
    store.record_attempt(_attempt(1))
    change = postgres_module._Change(postgres_module._attempt_fields(_attempt(2), "lesson", {}))
    action = postgres_module._Action(uuid.uuid4(), datetime.now(timezone.utc), change, lambda mirror: None)
    assert store._run(action) is not None
    assert store._run(action) is None  # its id is in `writes`: the replay changes nothing
    assert [attempt.answer for attempt in store.attempts()] == ["1", "2"]
    assert store.lesson_state("intro").attempts == {"a": 2}
    store.close()


def test_one_learner_action_is_one_transaction(database):
    action = SimpleNamespace(lesson_id="intro", current="b", attempt=_attempt(1), done=("a",))
    with PostgresStore.open(database, "ada") as store:
        store.record_action(action)
        assert store.lesson_state("intro") == LessonState("intro", frozenset({"a"}), {"a": 1}, "b")
    with psycopg.connect(database) as connection:  # one id in `writes`: one transaction
        assert connection.execute("SELECT count(*) FROM writes WHERE learner = 'ada'").fetchone() == (1,)


def test_the_in_memory_copy_catches_up_before_it_falls_far_behind(database, monkeypatch):
    monkeypatch.setattr(postgres_module, "MIRROR_LAG", 3)
    with PostgresStore.open(database, "ada") as store:
        for number in range(1, 8):
            store.record_attempt(_attempt(number))
            assert len(store._mirror_behind) <= 3
        copy = store._caught_up_mirror()  # what an outage would read: every answer, in order
        assert [attempt.answer for attempt in copy.attempts()] == [str(number) for number in range(1, 8)]


def _sent(store: PostgresStore, call, folder: Path) -> list[str]:
    """What the store sent the server during ``call``, from libpq's trace: one line per message."""
    trace = folder / "trace"
    with trace.open("w") as output:
        connection = store._connected()
        connection.pgconn.trace(output.fileno())
        connection.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)
        call()
        connection.pgconn.untrace()
    return [line for line in trace.read_text().splitlines() if line.startswith("F")]


def test_an_answer_is_one_statement_and_each_read_one_round_trip(database, tmp_path):
    action = SimpleNamespace(lesson_id="intro", current="b", attempt=_attempt(1), done=("a",))
    with PostgresStore.open(database, "ada") as store:
        answered = _sent(store, lambda: store.record_action(action), tmp_path)
        assert [line.split("\t")[2] for line in answered if "Sync" in line or "Query" in line] == ["Sync"]
        assert not any("BEGIN" in line or "COMMIT" in line for line in answered)
        for read in (lambda: store.lesson_state("intro"), store.mastery, store.last_lesson):
            assert sum("Sync" in line or "Query" in line for line in _sent(store, read, tmp_path)) == 1


def test_opening_a_store_reads_the_schema_version_and_the_learner_in_one_round_trip(
    database, tmp_path, monkeypatch
):
    with PostgresStore.open(database, "ada") as store:
        store.record_action(SimpleNamespace(lesson_id="intro", current="b", attempt=_attempt(1), done=("a",)))
    connect = postgres_module._open
    with (tmp_path / "trace").open("w") as trace:

        def traced(url: str, timeout: int) -> psycopg.Connection:
            connection = connect(url, timeout)  # connected, its settings sent: what comes next is traced
            connection.pgconn.trace(trace.fileno())
            connection.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)
            return connection

        monkeypatch.setattr(postgres_module, "_open", traced)
        with PostgresStore.open(database, "ada") as store:
            store._connected().pgconn.untrace()
            copy = store._mirror  # what the store read when it opened
            assert [attempt.answer for attempt in copy.attempts()] == ["1"]
            assert copy.lesson_state("intro") == LessonState("intro", frozenset({"a"}), {"a": 1}, "b")
            assert copy.last_lesson() == "intro" and set(copy.mastery()) == {"update"}
    sent = [line.split("\t")[2] for line in (tmp_path / "trace").read_text().splitlines() if line[:1] == "F"]
    assert [message for message in sent if message in ("Sync", "Query")] == ["Sync"]
    assert sent.count("Parse") + sent.count("Bind") >= 2 * 10  # BEGIN, the version, seven reads, COMMIT


def test_two_servers_writing_for_one_learner_at_once_lose_nothing(database, tmp_path):
    go = tmp_path / "go"
    workers, each = 8, 30
    writers = [_writer(database, "shared", str(worker), each, go) for worker in range(workers)]
    go.touch()
    results = [writer.communicate(timeout=300) for writer in writers]

    for writer, (stdout, stderr) in zip(writers, results, strict=True):
        assert writer.returncode == 0, stderr
        assert stderr == "" and "kept" not in stdout
        assert "unsaved 0" in stdout
    with psycopg.connect(database) as connection:
        answers = [answer for (answer,) in connection.execute("SELECT answer FROM attempts")]
        attempts_per_step = connection.execute("SELECT sum(attempts) FROM step_state").fetchone()[0]
        observations = connection.execute(
            "SELECT observations FROM skill_state WHERE skill = 'update'"
        ).fetchone()[0]
    assert sorted(answers) == sorted(f"{w}:{n}" for w in range(workers) for n in range(each))
    assert attempts_per_step == workers * each  # derived state kept in step with the record
    assert observations == workers * len(range(0, each, 2))  # no update of the shared skill was lost


def test_an_action_that_loses_a_race_is_run_again(postgres_cluster, database):
    store = PostgresStore.open(database, "ada")
    store.record_attempt(_attempt(1))  # the skill row exists from now on
    with _owner(postgres_cluster, database) as other:  # another session changes the row first
        other.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        other.execute("UPDATE skill_state SET observations = observations + 1 WHERE learner = 'ada'")
        writer = threading.Thread(target=store.record_attempt, args=(_attempt(2),))
        writer.start()
        time.sleep(1.0)  # the store's transaction now waits for the other's row lock
        other.execute("COMMIT")  # ... and then fails to serialize: the store must run it again
        writer.join(timeout=60)
    assert store.races_retried == 1 and store.saving
    assert store.mastery()["update"].observations == 3  # 1 + the other session's + the retried one
    assert [attempt.answer for attempt in store.attempts()] == ["1", "2"]
    store.close()


@pytest.mark.parametrize("acknowledged_before_kill", [1, 40])
def test_a_server_killed_mid_session_keeps_every_acknowledged_attempt(
    database, tmp_path, acknowledged_before_kill
):
    go = tmp_path / "go"
    go.touch()
    writer = _writer(database, "k", "k", 0, go)
    acknowledged = []
    assert writer.stdout is not None
    for line in writer.stdout:
        assert line.startswith("ack"), line
        acknowledged.append(line.split()[2])
        if len(acknowledged) == acknowledged_before_kill:
            writer.send_signal(signal.SIGKILL)
            break
    writer.wait(timeout=60)
    assert writer.returncode == -signal.SIGKILL

    with psycopg.connect(database) as connection:
        answers = {answer for (answer,) in connection.execute("SELECT answer FROM attempts")}
        attempts_per_step = connection.execute("SELECT sum(attempts) FROM step_state").fetchone()[0]
    assert {f"k:{number}" for number in acknowledged} <= answers
    assert attempts_per_step == len(answers)  # committed together with each attempt, never half of it


def test_an_outage_is_told_at_once_and_the_kept_answers_are_written_when_it_ends(
    postgres_cluster, database, monkeypatch
):
    monkeypatch.setattr(postgres_module, "RETRY_SECONDS", 0.0)
    store = PostgresStore.open(database, "ada")
    store.record_attempt(_attempt(1))
    store.set_current("intro", "b")
    assert store.saving and store.messages == []
    saved = PostgresStore.open(database, "bea")
    saved.record_attempt(_attempt(1))

    postgres_cluster.pg_ctl("stop", "-m", "fast")
    try:
        started = time.monotonic()
        saved.close()  # everything of this session is written: nothing to wait for
        assert time.monotonic() - started < postgres_module.CLOSE_WAIT_SECONDS / 4
        assert saved.messages == []
        started = time.monotonic()
        store.record_attempt(_attempt(2, "b"))  # returns: the learner never sees a traceback
        told_after = time.monotonic() - started
        store.step_done("intro", "b")
        store.record_attempt(_attempt(3, "c"))
        assert not store.saving and store.unsaved == 3
        [message] = store.messages
        assert "answers are not being saved: they are kept and written when it is back" in message
        # the session goes on from its own copy
        assert store.lesson_state("intro").done == {"b"}
        assert [attempt.answer for attempt in store.attempts()] == ["1", "2", "3"]
    finally:
        postgres_cluster.pg_ctl("start")

    store.record_attempt(_attempt(4, "c"))
    assert store.saving and store.unsaved == 0
    assert store.messages[-1].endswith("is back: every answer is saved")
    store.close()
    with psycopg.connect(database) as connection:
        ada = "SELECT answer FROM attempts WHERE learner = 'ada' ORDER BY id"
        answers = connection.execute(ada).fetchall()
        done = connection.execute("SELECT step_id FROM step_state WHERE done").fetchall()
    assert answers == [("1",), ("2",), ("3",), ("4",)] and done == [("b",)]
    assert told_after < postgres_module.RECONNECT_SECONDS + 3  # seconds, not libpq's minutes of retrying


def test_the_database_restarted_under_load_loses_nothing_acknowledged(postgres_cluster, database, tmp_path):
    go = tmp_path / "go"
    writers = [_writer(database, f"learner-{worker}", str(worker), 150, go) for worker in range(4)]
    _wait_until_ready(tmp_path, workers=4)  # each opened its store before the crash, however slow the machine
    go.touch()
    time.sleep(0.5)
    postgres_cluster.pg_ctl("restart", "-m", "immediate")  # a crash: recovery replays the WAL
    results = [writer.communicate(timeout=300) for writer in writers]

    with psycopg.connect(database) as connection:
        answers = [answer for (answer,) in connection.execute("SELECT answer FROM attempts")]
    acknowledged = set()
    for worker, (writer, (stdout, stderr)) in enumerate(zip(writers, results, strict=True)):
        assert writer.returncode == 0, stderr
        assert "Traceback" not in stderr
        acknowledged |= {f"{worker}:{line.split()[2]}" for line in stdout.splitlines() if line[:3] == "ack"}
        assert "unsaved 0" in stdout  # what was kept during the restart was written when it came back
    assert acknowledged <= set(answers)
    assert sorted(answers) == sorted(f"{w}:{n}" for w in range(4) for n in range(150))  # once each


def test_an_unreachable_database_is_one_line_and_the_session_goes_on(tmp_path):
    url = f"postgresql://nobody@/gdtutor?host={tmp_path}"
    result = subprocess.run(
        [sys.executable, "-m", "gdtutor", "--store", url, "progress"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "cannot reach" in result.stderr or "lost the connection" in result.stderr


def test_a_store_that_is_not_a_postgresql_url_is_refused_in_one_line():
    result = subprocess.run(
        [sys.executable, "-m", "gdtutor", "progress", "--store=mysql://db/gdtutor"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "gdtutor: --store (or $GDTUTOR_STORE): expected a postgresql:// URL, got 'mysql://db/gdtutor'"
        " (leave it unset to keep progress in SQLite files in the data folder)\n"
    )


def test_the_sqlite_store_never_loads_psycopg():
    code = (
        "import sys; from gdtutor.progress.stores import open_store; open_store().close();"
        " print('psycopg' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


def test_the_store_option_reaches_a_command(database):
    with open_store("test-learner", url=database) as store:
        store.record_attempt(_attempt(1))
    result = subprocess.run(
        [sys.executable, "-m", "gdtutor", "export", "--csv", "--store", database],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].split(",")[5] == "1"  # the answer column
