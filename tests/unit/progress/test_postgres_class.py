"""A class on PostgreSQL: read whole and read-only for the teacher, and copied in from a class folder."""

import json
import subprocess
import sys

import psycopg
import pytest
from pgcluster import APP, OWNER, TEACHER

from gdtutor.classroom.postgres_copy import copy_class
from gdtutor.errors import GdtutorError
from gdtutor.progress.learner import lesson_seed
from gdtutor.progress.postgres import PostgresStore
from gdtutor.progress.postgres_class import snapshots
from gdtutor.progress.store import Attempt, ProgressStore


@pytest.fixture
def urls(postgres_cluster, postgres_database):
    """The URLs of one database for each role, its schema made by the owner."""
    by_role = {role: postgres_cluster.url(postgres_database, role) for role in (OWNER, APP, TEACHER)}
    PostgresStore.open(by_role[OWNER], "setup").close()
    return by_role


def _work(store, answers: list[str], lesson: str = "intro") -> None:
    for number, answer in enumerate(answers):
        verdict = "correct" if answer == "right" else "wrong"
        store.record_attempt(Attempt(lesson, f"s{number}", 5, answer, verdict, skills=("update",)))
        store.step_done(lesson, f"s{number}")
    store.set_current(lesson, f"s{len(answers)}")


def _view(store) -> tuple:
    """Everything a report reads from a store, without the attempt ids (each database numbers its own)."""
    attempts = [(a.time, a.lesson_id, a.step_id, a.answer, a.verdict, a.skills) for a in store.attempts()]
    lessons = {lesson: store.lesson_state(lesson) for lesson in store.lessons_started()}
    return attempts, lessons, store.mastery(), store.last_lesson()


def test_the_teacher_reads_every_learner_as_their_own_store_does(urls):
    for learner, answers in (("bea", ["right", "wrong"]), ("ada", ["wrong"])):
        with PostgresStore.open(urls[APP], learner) as store:
            _work(store, answers)

    read = {store.learner: _view(store) for store in snapshots(urls[TEACHER])}

    assert list(read) == ["ada", "bea"]
    for learner in read:
        with PostgresStore.open(urls[APP], learner) as store:
            assert read[learner] == _view(store)
    with psycopg.connect(urls[TEACHER]) as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
        connection.execute("INSERT INTO learner_meta VALUES ('ada', 'last_lesson', 'x')")


def test_a_database_nobody_worked_in_is_an_empty_class(postgres_cluster, postgres_database):
    assert list(snapshots(postgres_cluster.url(postgres_database, OWNER))) == []


def test_a_class_database_from_a_newer_gdtutor_is_one_line(urls):
    with psycopg.connect(urls[OWNER], autocommit=True) as connection:
        connection.execute("UPDATE gdtutor_schema SET version = 99")
    with pytest.raises(GdtutorError, match=r"newer gdtutor \(schema 99"):
        list(snapshots(urls[TEACHER]))


def test_a_class_folder_is_copied_whole_once_and_then_only_what_is_new(urls, tmp_path):
    learners = tmp_path / "class" / "learners"
    learners.mkdir(parents=True)
    with ProgressStore.open("ada", learners) as store:
        _work(store, ["wrong", "right", "-0.5"], "intro")
        _work(store, ["right"], "mse")
        store.reset("mse")
    with ProgressStore.open("bea", learners) as store:
        _work(store, ["right"])
    (learners / "broken.sqlite3").write_bytes(b"not a database at all" * 10)
    seeds = {}  # the variants each learner has been working: the tutor makes the salt when a lesson opens
    for learner in ("ada", "bea"):
        with ProgressStore.open(learner, learners) as store:
            seeds[learner] = lesson_seed(store.seed_salt(), learner, "intro")

    first = list(copy_class(learners, urls[APP]))

    [problem] = [result for result in first if isinstance(result, GdtutorError)]
    assert str(problem) == "broken.sqlite3: not a progress store (no SQLite header)"
    copied = {result.learner: result for result in first if not isinstance(result, GdtutorError)}
    assert {name: (c.in_sqlite, c.copied_now, c.in_postgres) for name, c in copied.items()} == {
        "ada": (4, 4, 4),
        "bea": (1, 1, 1),
    }
    for learner in ("ada", "bea"):
        with ProgressStore.open(learner, learners) as old, PostgresStore.open(urls[APP], learner) as new:
            assert _view(new) == _view(old)
            resets = [(reset.lesson_id, reset.steps_archived) for reset in new.resets()]
            assert resets == ([("mse", 1)] if learner == "ada" else [])
            assert lesson_seed(new.seed_salt(), learner, "intro") == seeds[learner]  # the same variants

    second = [result for result in copy_class(learners, urls[APP]) if not isinstance(result, GdtutorError)]
    assert [(c.learner, c.in_sqlite, c.copied_now, c.in_postgres) for c in second] == [
        ("ada", 4, 0, 4),
        ("bea", 1, 0, 1),
    ]

    with ProgressStore.open("bea", learners) as store:  # the old server went on for a while
        store.record_attempt(Attempt("intro", "s1", 5, "late", "correct", skills=("update",)))
    third = {c.learner: c for c in copy_class(learners, urls[APP]) if not isinstance(c, GdtutorError)}
    assert (third["bea"].in_sqlite, third["bea"].copied_now, third["bea"].in_postgres) == (2, 1, 2)
    with ProgressStore.open("bea", learners) as old, PostgresStore.open(urls[APP], "bea") as new:
        assert _view(new) == _view(old)
    with psycopg.connect(urls[OWNER]) as connection:
        assert connection.execute("SELECT count(*) FROM attempts").fetchone() == (6,)


def _gdtutor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdtutor", *args], capture_output=True, text=True, timeout=120
    )


def test_a_class_moved_with_class_migrate_reports_the_same_from_postgresql(urls, tmp_path):
    class_dir = tmp_path / "class"
    (class_dir / "learners").mkdir(parents=True)
    for learner, answers in (("ada", ["wrong", "right"]), ("bea", ["right"]), ("cy", ["wrong", "wrong"])):
        with ProgressStore.open(learner, class_dir / "learners") as store:
            _work(store, answers)

    first = _gdtutor("class", "migrate", "--class", str(class_dir), "--store", urls[APP])
    again = _gdtutor("class", "migrate", "--class", str(class_dir), "--store", urls[APP])

    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        "ada: 2 attempts in SQLite, 2 of them in PostgreSQL (2 copied now)",
        "bea: 1 attempts in SQLite, 1 of them in PostgreSQL (1 copied now)",
        "cy: 2 attempts in SQLite, 2 of them in PostgreSQL (2 copied now)",
        "3 learners, 5 attempts copied now.",
    ]
    assert again.returncode == 0 and again.stdout.splitlines()[-1] == "3 learners, 0 attempts copied now."
    from_folder = _gdtutor("class", "report", "--class", str(class_dir), "--json")
    from_postgres = _gdtutor("class", "report", "--store", urls[TEACHER], "--json")
    assert from_postgres.returncode == 0, from_postgres.stderr
    assert json.loads(from_postgres.stdout) == json.loads(from_folder.stdout)
    assert json.loads(from_postgres.stdout)["totals"]["attempts"] == 5


def test_class_migrate_without_a_postgresql_store_is_one_line(tmp_path):
    result = _gdtutor("class", "migrate", "--class", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == (
        "gdtutor: class migrate: give the PostgreSQL store to copy into: --store postgresql://…\n"
    )


def test_the_live_dashboard_follows_a_class_in_postgresql(urls, tmp_path):
    from gdtutor.classroom.live_postgres import PostgresClassWatch

    watch = PostgresClassWatch(urls[TEACHER], tmp_path)
    assert watch.poll() is False and watch.learners() == []
    with PostgresStore.open(urls[APP], "ada") as store:
        for answer in ("7", "8", "9"):
            store.record_attempt(Attempt("intro", "s0", 5, answer, "wrong", "uphill", skills=("update",)))
        store.set_current("intro", "s0")
    with PostgresStore.open(urls[APP], "bea") as store:
        _work(store, ["right"])

    assert watch.poll() is True
    [ada, bea] = watch.learners()
    assert (ada.name, ada.attempts, ada.lesson_id, ada.step_id, ada.step_done) == (
        "ada",
        3,
        "intro",
        "s0",
        False,
    )
    assert (bea.attempts, bea.step_id) == (1, "s1")
    [case] = watch.needs_help()
    assert (case.learner, case.wrong) == ("ada", 3)
    assert [(heat.step_id, heat.answers, heat.mistakes) for heat in watch.heat()] == [
        ("s0", 4, {"uphill": 3})
    ]
    assert [a.answer for a in watch.attempts_on("ada", "intro", "s0")] == ["7", "8", "9"]
    assert watch.poll() is False  # nothing new: nothing read twice
    assert watch.learners()[0].attempts == 3
