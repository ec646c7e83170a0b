"""A teacher honouring a learner's request on PostgreSQL: export their record, archive it (never delete),
and the schema's step to version 2 that archiving needs, from a database a version-1 gdtutor made."""

import json
import subprocess
import sys

import psycopg
import pytest
from pgcluster import APP, OWNER, TEACHER

from gdtutor.progress import postgres_schema
from gdtutor.progress.postgres import PostgresStore
from gdtutor.progress.store import Attempt


@pytest.fixture
def urls(postgres_cluster, postgres_database):
    """The URLs of one database for each role, its schema made by the owner."""
    by_role = {role: postgres_cluster.url(postgres_database, role) for role in (OWNER, APP, TEACHER)}
    PostgresStore.open(by_role[OWNER], "setup").close()
    return by_role


def _gdtutor(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdtutor", *args], capture_output=True, text=True, input=stdin, timeout=120
    )


def _answer(url: str, learner: str, answers: list[str]) -> None:
    with PostgresStore.open(url, learner) as store:
        for number, answer in enumerate(answers):
            store.record_attempt(
                Attempt("intro", f"s{number}", 5, answer, "wrong", "uphill", skills=("update",))
            )
            store.step_done("intro", f"s{number}")
        store.set_current("intro", f"s{len(answers)}")


def _count(url: str, query: str) -> int:
    with psycopg.connect(url) as connection:
        return connection.execute(query).fetchone()[0]


def test_class_export_reads_one_learner_from_postgresql(urls):
    _answer(urls[APP], "ada", ["7", "=cmd|' /C calc'!A0"])
    _answer(urls[APP], "bea", ["1"])

    exported = _gdtutor("class", "export", "ada", "--json", "--store", urls[TEACHER])
    unknown = _gdtutor("class", "export", "zed", "--json", "--store", urls[TEACHER])

    assert exported.returncode == 0, exported.stderr
    record = json.loads(exported.stdout)
    assert [attempt["answer"] for attempt in record["attempts"]] == ["7", "=cmd|' /C calc'!A0"]
    assert "seed_salt" not in exported.stdout
    assert unknown.returncode == 2
    assert (
        unknown.stderr.startswith("gdtutor: no learner “zed” in ")
        and "(learners: ada, bea)" in unknown.stderr
    )


def test_class_forget_archives_a_learner_in_postgresql_and_deletes_nothing(urls):
    _answer(urls[APP], "ada", ["7", "8", "9"])
    _answer(urls[APP], "bea", ["1"])
    rows_before = _count(urls[OWNER], "SELECT count(*) FROM attempts")

    for role in (APP, TEACHER):  # the servers' role and the teacher's reading role may not
        refused = _gdtutor("class", "forget", "ada", "--yes", "--store", urls[role])
        assert refused.returncode == 2
        assert "may not archive a learner; connect as the database's owner" in refused.stderr
    asked = _gdtutor("class", "forget", "ada", "--store", urls[OWNER], stdin="y\n")
    assert asked.returncode == 2 and "add --yes" in asked.stderr  # no terminal: nothing moves

    forgotten = _gdtutor("class", "forget", "ada", "--yes", "--store", urls[OWNER])

    assert forgotten.returncode == 0, forgotten.stderr
    assert forgotten.stderr.startswith("Archived ada's record (3 attempts) as ada@forgotten-")
    report = json.loads(_gdtutor("class", "report", "--json", "--store", urls[TEACHER]).stdout)
    assert report["learners"] == ["bea"]
    assert _count(urls[OWNER], "SELECT count(*) FROM attempts") == rows_before  # every row is still there
    assert _count(urls[OWNER], "SELECT count(*) FROM attempts WHERE learner LIKE 'ada@forgotten-%'") == 3
    with PostgresStore.open(urls[APP], "ada") as store:  # ada's next session starts a fresh record
        assert store.attempts() == [] and store.last_lesson() is None
    with (
        psycopg.connect(urls[OWNER]) as connection,
        pytest.raises(psycopg.errors.IntegrityConstraintViolation),
    ):
        connection.execute("UPDATE attempts SET answer = 'changed' WHERE learner LIKE 'ada@%'")
    with (
        psycopg.connect(urls[OWNER]) as connection,
        pytest.raises(psycopg.errors.IntegrityConstraintViolation),
    ):
        connection.execute("UPDATE attempts SET learner = 'bea@forgotten-x' WHERE learner = 'bea'")
    with psycopg.connect(urls[APP]) as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
        connection.execute("DELETE FROM attempts WHERE learner LIKE 'ada@%'")


def test_a_version_1_database_is_brought_up_to_date_with_its_record_whole(
    postgres_cluster, postgres_database
):
    owner = postgres_cluster.url(postgres_database, OWNER)
    with psycopg.connect(owner, autocommit=True) as connection:  # what a version-1 gdtutor made
        connection.execute(postgres_schema.MIGRATIONS[0])
        connection.execute("UPDATE gdtutor_schema SET version = 1")
        connection.execute(
            "INSERT INTO attempts (learner, time, lesson_id, step_id, seed, answer, verdict, first_attempt)"
            " VALUES ('old', now(), 'intro', 's0', 5, '42', 'correct', true)"
        )

    with PostgresStore.open(owner, "old") as store:
        assert [(a.step_id, a.answer, a.verdict) for a in store.attempts()] == [("s0", "42", "correct")]
    assert _count(owner, "SELECT version FROM gdtutor_schema") == postgres_schema.SCHEMA_VERSION == 4
    assert _gdtutor("class", "forget", "old", "--yes", "--store", owner).returncode == 0
    assert _count(owner, "SELECT count(*) FROM forgotten WHERE learner = 'old'") == 1
