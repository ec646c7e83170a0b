"""Reading a class never gets in a learner's way: no write, no lock a writing learner waits on."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from gdtutor.classroom.report import read_class
from gdtutor.classroom.stores import UnreadableStore, snapshot
from gdtutor.progress.learner import database_path

WRITER = Path(__file__).with_name("_busy_writer.py")


@pytest.mark.parametrize(("journal", "attempts"), [("wal", 400), ("rollback", 80)])
def test_a_learner_writing_while_the_report_runs_never_waits(tmp_path, journal, attempts):
    command = [sys.executable, str(WRITER), str(tmp_path), str(attempts)]
    if journal == "rollback":
        # A rollback-journal store is copied between commits, so this learner rests 50 ms between answers
        # (twenty answers a second, far beyond a person); the WAL learner answers non-stop.
        command += ["--rollback", "--pause", "0.05"]
    writer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == f"journal {'WAL' if journal == 'wal' else 'DELETE'}"
        (tmp_path / "go").touch()
        reads, seen = 0, []
        while writer.poll() is None:
            records, unreadable = read_class(tmp_path)
            assert unreadable == []
            seen.append(len(records[0].attempts) if records else 0)
            reads += 1
        stdout, stderr = writer.communicate(timeout=120)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == 0, stderr
    assert "waits 0 " in stdout, stdout  # not one "database is locked" in the learner's process
    assert "saving True" in stdout
    assert reads >= 5 and seen == sorted(seen)  # the reports ran throughout, each a consistent snapshot
    assert len(snapshot(database_path("busy", tmp_path)).attempts()) == attempts


def test_reading_leaves_the_store_file_untouched(made_class):
    folder, _ = made_class
    paths = sorted((folder / "learners").glob("*.sqlite3"))
    before = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}
    read_class(folder)
    read_class(folder)
    assert {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths} == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"not a database at all, just text" * 10, "not a progress store"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "damaged or not a progress store"),
    ],
)
def test_files_that_are_no_store_are_named_not_fatal(tmp_path, content, expected):
    path = tmp_path / "odd.sqlite3"
    path.write_bytes(content)
    with pytest.raises(UnreadableStore) as raised:
        snapshot(path)
    assert str(raised.value).startswith("odd.sqlite3: ") and expected in str(raised.value)


def test_an_empty_file_reads_as_a_learner_with_nothing_yet(tmp_path):
    (tmp_path / "new.sqlite3").touch()
    records, unreadable = read_class(tmp_path)
    assert unreadable == [] and records[0].learner == "new" and records[0].attempts == ()


def test_a_store_from_a_newer_gdtutor_is_named(tmp_path):
    import sqlite3
    from contextlib import closing

    path = tmp_path / "future.sqlite3"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE x (y)")
        connection.execute("PRAGMA user_version = 999")
        connection.commit()
    records, unreadable = read_class(tmp_path)
    assert records == [] and "future.sqlite3: written by a newer gdtutor (schema 999" in unreadable[0]


def _made_by_hand(path: Path, change: str) -> None:
    """A file at this gdtutor's schema version whose layout ``change`` spoiled (or another program's)."""
    import sqlite3
    from contextlib import closing

    from gdtutor.progress.schema import MIGRATIONS, SCHEMA_VERSION, _statements

    with closing(sqlite3.connect(path)) as connection:
        if change == "another program's":
            connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        else:
            for statement in _statements(MIGRATIONS[0]):
                connection.execute(statement)
            connection.execute(change)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.commit()


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ("another program's", "not a progress store (no schema version; tables notes)"),
        (
            "ALTER TABLE attempts DROP COLUMN context",
            "not a progress store (table attempts has no column context)",
        ),
        ("DROP TABLE meta", "not a progress store (no table meta)"),
    ],
)
def test_a_file_not_laid_out_as_a_store_is_named_never_fatal_and_never_written(tmp_path, change, named):
    from gdtutor.classroom.live import ClassWatch
    from gdtutor.classroom.report import report_on
    from gdtutor.progress.store import Attempt, ProgressStore

    with ProgressStore.open("good", tmp_path) as store:
        store.record_attempt(Attempt("intro", "s0", 1, "4", "wrong", "uphill"))
    odd = tmp_path / "odd.sqlite3"
    _made_by_hand(odd, change)
    before = odd.read_bytes()

    report, _ = report_on(tmp_path)
    assert report.learners == ("good",) and report.unreadable == (f"odd.sqlite3: {named}",)
    watch = ClassWatch(tmp_path)
    watch.poll()
    problems = {learner.name: learner.problem for learner in watch.learners()}
    assert problems["good"] is None and (problems["odd"] or "").startswith(
        "odd.sqlite3: "
    )  # the dashboard too
    assert odd.read_bytes() == before and not list(tmp_path.glob("odd.sqlite3-*"))  # no journal either
