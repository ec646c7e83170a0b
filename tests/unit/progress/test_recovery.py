"""Damaged, unwritable, full and future databases: a clear one-line message, nothing deleted, still usable."""

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest

from gdtutor.progress.learner import database_path
from gdtutor.progress.schema import SCHEMA_VERSION
from gdtutor.progress.store import Attempt, ProgressStore


def _attempt(number: int, answer: str = "") -> Attempt:
    return Attempt("intro", f"step-{number}", 7, answer or str(number), "correct", skills=("update",))


def _store_with_progress(data_dir: Path) -> Path:
    with ProgressStore.open("ada", data_dir) as store:
        for number in range(30):
            store.record_attempt(_attempt(number, "x" * 200))
        store.step_done("intro", "step-0")
        store.set_current("intro", "step-1")
    return database_path("ada", data_dir)


def _assert_usable(store: ProgressStore) -> None:
    store.record_attempt(_attempt(99))
    store.step_done("intro", "step-99")
    assert "step-99" in store.lesson_state("intro").done
    assert store.attempts()[-1].answer == "99"


def _aside(data_dir: Path) -> list[Path]:
    return sorted(data_dir.glob("ada.sqlite3.damaged-*"))


def _assert_one_line(messages: list[str]) -> None:
    assert messages
    assert all("\n" not in message for message in messages)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "text", "corrupt page"])
def test_a_damaged_database_is_moved_aside_and_the_learner_starts_fresh(isolated_data_dir, damage):
    path = _store_with_progress(isolated_data_dir)
    content = path.read_bytes()
    if damage == "truncated":
        content = content[: len(content) // 2 + 100]
    elif damage == "garbage":
        content = bytes((number * 7919) % 251 for number in range(len(content)))
    elif damage == "text":
        content = b"this is my homework, not a database\n"
    else:
        page = 4096
        content = content[: 3 * page] + b"\xff" * page + content[4 * page :]
    clean = path.stat()
    path.write_bytes(content)
    os.utime(path, ns=(clean.st_atime_ns, clean.st_mtime_ns))  # found by its content, not its dates

    store = ProgressStore.open("ada", isolated_data_dir)

    [aside] = _aside(isolated_data_dir)
    assert aside.read_bytes() == content  # moved, never deleted or changed
    _assert_one_line(store.messages)
    assert str(path) in store.messages[0] and str(aside) in store.messages[0]
    assert "damaged" in store.messages[0]
    assert store.saving
    assert store.lesson_state("intro").done == frozenset()
    _assert_usable(store)
    store.close()
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT count(*) FROM attempts").fetchone() == (1,)


def _traced(statements: list[str]):
    """sqlite3.connect, noting every statement the connection runs."""

    def connect(*args, **kwargs) -> sqlite3.Connection:
        connection = sqlite3.connect(*args, **kwargs)
        connection.set_trace_callback(statements.append)
        return connection

    return connect


def _checks(statements: list[str]) -> int:
    return sum("integrity_check" in statement for statement in statements)


def test_a_file_closed_cleanly_and_unchanged_since_opens_without_the_full_check(isolated_data_dir):
    first: list[str] = []
    with ProgressStore.open("ada", isolated_data_dir, connect=_traced(first)) as store:
        store.record_attempt(_attempt(1))
    again: list[str] = []
    with ProgressStore.open("ada", isolated_data_dir, connect=_traced(again)) as store:
        assert store.attempts()[-1].answer == "1" and store.messages == []
        store.record_attempt(_attempt(2))
    assert (_checks(first), _checks(again)) == (1, 0)
    path = database_path("ada", isolated_data_dir)
    with closing(sqlite3.connect(path)) as connection, connection:  # changed by something else
        connection.execute("INSERT INTO step_state VALUES ('intro', 'b', 1, 0, 'now')")
    after_edit: list[str] = []
    with ProgressStore.open("ada", isolated_data_dir, connect=_traced(after_edit)) as store:
        assert "b" in store.lesson_state("intro").done
    assert _checks(after_edit) == 1


def test_a_session_that_wrote_nothing_does_not_read_the_file_again_at_close(isolated_data_dir):
    """Its close keeps the digest recorded before; damage that keeps the file's dates is still found."""
    path = _store_with_progress(isolated_data_dir)
    stamp = path.with_name(path.name + "-checked")
    os.utime(stamp, ns=(0, 0))  # a rewrite of the stamp would move this
    statements: list[str] = []
    with ProgressStore.open("ada", isolated_data_dir, connect=_traced(statements)) as store:
        assert "step-0" in store.lesson_state("intro").done
    assert _checks(statements) == 0 and stamp.stat().st_mtime_ns == 0

    clean = path.stat()
    content = bytearray(path.read_bytes())
    content[3 * 4096 : 4 * 4096] = b"\xff" * 4096
    path.write_bytes(bytes(content))
    os.utime(path, ns=(clean.st_atime_ns, clean.st_mtime_ns))
    store = ProgressStore.open("ada", isolated_data_dir)
    assert len(_aside(isolated_data_dir)) == 1 and "damaged" in store.messages[0]
    store.close()


def test_a_file_another_session_still_holds_gets_the_full_check(isolated_data_dir):
    """As after a session that was killed: its WAL is still beside the file."""
    ProgressStore.open("ada", isolated_data_dir).close()
    holder = ProgressStore.open("ada", isolated_data_dir)
    holder.record_attempt(_attempt(1))
    statements: list[str] = []
    with ProgressStore.open("ada", isolated_data_dir, connect=_traced(statements)) as store:
        assert store.attempts()[-1].answer == "1"
    assert _checks(statements) == 1
    holder.close()


def test_an_empty_file_is_a_new_database_not_a_damaged_one(isolated_data_dir):
    path = database_path("ada", isolated_data_dir)
    path.write_bytes(b"")
    store = ProgressStore.open("ada", isolated_data_dir)
    assert store.saving and store.messages == []
    assert _aside(isolated_data_dir) == []
    _assert_usable(store)


def test_a_database_from_a_newer_gdtutor_is_refused_and_left_untouched(isolated_data_dir):
    path = _store_with_progress(isolated_data_dir)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
        connection.execute("CREATE TABLE from_the_future (x)")
    before = path.read_bytes()

    store = ProgressStore.open("ada", isolated_data_dir)

    _assert_one_line(store.messages)
    assert "newer gdtutor" in store.messages[0] and "not saved" in store.messages[0]
    assert str(path) in store.messages[0]
    assert not store.saving and not store.record_readable
    _assert_usable(store)
    store.close()
    assert path.read_bytes() == before
    assert _aside(isolated_data_dir) == []


def test_a_data_folder_that_cannot_be_created_leaves_the_tutor_usable(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be\n")

    store = ProgressStore.open("ada", blocker / "gdtutor")

    _assert_one_line(store.messages)
    assert "cannot create the progress folder" in store.messages[0]
    assert "not saved" in store.messages[0]
    assert not store.saving
    _assert_usable(store)
    assert blocker.read_text() == "a file where the data folder should be\n"


def test_a_database_path_that_cannot_be_opened_leaves_the_tutor_usable(isolated_data_dir):
    database_path("ada", isolated_data_dir).mkdir()
    (database_path("ada", isolated_data_dir) / "keep.txt").write_text("mine")

    store = ProgressStore.open("ada", isolated_data_dir)

    _assert_one_line(store.messages)
    assert "a folder has that name" in store.messages[0]
    assert not store.saving
    _assert_usable(store)
    assert (database_path("ada", isolated_data_dir) / "keep.txt").read_text() == "mine"


def _make_read_only(folder: Path) -> None:
    """Really read-only, root included: the immutable attribute as root, permissions otherwise."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: cannot make a folder read-only")
        for target in [*folder.iterdir(), folder]:
            result = subprocess.run(["chattr", "+i", str(target)], capture_output=True, check=False)
            if result.returncode != 0:
                pytest.skip(f"chattr +i is not supported here: {result.stderr.decode().strip()}")
    else:
        for target in [*folder.iterdir(), folder]:
            target.chmod(0o555 if target.is_dir() else 0o444)


def _make_writable(folder: Path) -> None:
    if os.geteuid() == 0:
        for target in [folder, *folder.iterdir()]:
            subprocess.run(["chattr", "-i", str(target)], capture_output=True, check=False)
    else:
        folder.chmod(0o755)
        for target in folder.iterdir():
            target.chmod(0o644)


def test_a_read_only_data_folder_shows_the_saved_progress_and_changes_nothing(tmp_path):
    data_dir = tmp_path / "data"
    path = _store_with_progress(data_dir)
    before, files_before = path.read_bytes(), sorted(data_dir.iterdir())
    _make_read_only(data_dir)
    try:
        store = ProgressStore.open("ada", data_dir)
        _assert_one_line(store.messages)
        assert "not saved" in store.messages[0] and "writable" in store.messages[0]
        assert not store.saving
        state = store.lesson_state("intro")  # the learner still sees where they were
        assert state.done == {"step-0"} and state.current == "step-1"
        assert store.record_readable
        _assert_usable(store)
        store.close()
        assert path.read_bytes() == before
        assert sorted(data_dir.iterdir()) == files_before
    finally:
        _make_writable(data_dir)


def test_a_damaged_database_in_a_read_only_folder_stays_where_it_is(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    path = database_path("ada", data_dir)
    path.write_bytes(b"garbage " * 100)
    _make_read_only(data_dir)
    try:
        store = ProgressStore.open("ada", data_dir)
        _assert_one_line(store.messages)
        assert "could not be moved aside" in store.messages[0]
        assert not store.saving
        _assert_usable(store)
        assert path.read_bytes() == b"garbage " * 100
    finally:
        _make_writable(data_dir)


def _disk_with_no_room(*args, **kwargs) -> sqlite3.Connection:
    """sqlite3.connect, but the database may not grow: its next page is 'database or disk is full'."""
    connection = sqlite3.connect(*args, **kwargs)
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
    return connection


def test_a_full_disk_at_the_first_start_leaves_the_tutor_usable(isolated_data_dir):
    store = ProgressStore.open("ada", isolated_data_dir, connect=_disk_with_no_room)
    _assert_one_line(store.messages)
    assert "full" in store.messages[0] and "not saved" in store.messages[0]
    assert not store.saving
    _assert_usable(store)


def test_a_disk_that_fills_up_during_a_session_keeps_everything_acknowledged(isolated_data_dir):
    path = _store_with_progress(isolated_data_dir)
    store = ProgressStore.open("ada", isolated_data_dir, connect=_disk_with_no_room)
    assert store.saving and store.messages == []
    recorded = 0
    saved_before_full = 0
    while store.saving:
        store.record_attempt(_attempt(1000 + recorded, "y" * 3000))  # never raises, even as the disk fills
        recorded += 1
        saved_before_full += store.saving
        assert recorded < 200, "the simulated disk never filled up"
    _assert_one_line(store.messages)
    assert store.messages[0] == (
        f"the disk holding {path} is full: your answers are not saved for now; gdtutor keeps them and"
        " saves them once it can again"
    )
    assert len(store.attempts()) == 30 + recorded  # the session goes on with everything so far
    assert store.lesson_state("intro").current == "step-1"
    _assert_usable(store)
    store.close()
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("SELECT count(*) FROM attempts").fetchone() == (30 + saved_before_full,)
