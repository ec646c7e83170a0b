"""The store's files on a shared machine: private whatever the umask, never through a symlink, never someone
else's, found again under the name an older gdtutor gave them, and variants no classmate can reproduce."""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest

from gdtutor.paths import write_private_file
from gdtutor.progress.learner import database_path, derive_seed, lesson_seed, old_database_path
from gdtutor.progress.store import Action, Attempt, ProgressStore


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _answer(store: ProgressStore, text: str) -> None:
    store.record_action(Action("intro", "a", Attempt("intro", "a", 1, text, "correct"), done=("a",)))


def test_folders_are_0700_and_every_store_file_0600_under_umask_022(tmp_path, umask_022):
    data_dir = tmp_path / "deep" / "data"
    with ProgressStore.open("ada", data_dir) as store:
        _answer(store, "1")
        files = sorted(data_dir.glob("ada.sqlite3*"))
        assert {path.name for path in files} >= {"ada.sqlite3", "ada.sqlite3-wal", "ada.sqlite3-shm"}
        assert {path.name: _mode(path) for path in files} == {path.name: 0o600 for path in files}
    assert _mode(data_dir) == 0o700 and _mode(data_dir.parent) == 0o700
    write_private_file(data_dir / "tui-settings.json", "{}")
    assert _mode(data_dir / "tui-settings.json") == 0o600


def test_looser_modes_left_by_an_older_gdtutor_are_tightened(tmp_path, umask_022):
    with ProgressStore.open("ada", tmp_path) as store:
        _answer(store, "1")
    path = database_path("ada", tmp_path)
    for file in tmp_path.glob("ada.sqlite3*"):
        file.chmod(0o644)
    with ProgressStore.open("ada", tmp_path) as store:
        assert store.saving and [record.answer for record in store.attempts()] == ["1"]
        assert {file.name: _mode(file) for file in tmp_path.glob("ada.sqlite3*")} == {
            file.name: 0o600 for file in tmp_path.glob("ada.sqlite3*")
        }
    assert _mode(path) == 0o600


@pytest.mark.parametrize("companion", ["", "-journal", "-wal"])
def test_a_database_path_that_is_a_symlink_is_refused_and_never_followed(tmp_path, companion):
    target = tmp_path / "elsewhere"
    target.write_text("not yours")
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    Path(str(database_path("ada", data_dir)) + companion).symlink_to(target)
    store = ProgressStore.open("ada", data_dir)
    assert not store.saving
    assert "symbolic link" in store.messages[0] and "not saved" in store.messages[0]
    _answer(store, "kept in memory")
    store.close()
    assert target.read_text() == "not yours"
    assert not Path(str(target) + "-journal").exists()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to own a file as another user"
)
def test_a_database_owned_by_another_user_is_refused(tmp_path):
    path = database_path("ada", tmp_path)
    with ProgressStore.open("ada", tmp_path) as store:
        _answer(store, "1")
    os.chown(path, 12345, 12345)
    store = ProgressStore.open("ada", tmp_path)
    assert not store.saving and "belongs to another user" in store.messages[0]
    store.close()


@pytest.mark.parametrize("name", ["Alice", "a\nb", "José"])
def test_a_store_kept_under_the_old_file_name_is_moved_to_the_new_one_losing_nothing(tmp_path, name):
    old = old_database_path(name, tmp_path)
    with closing(sqlite3.connect(old)) as connection:  # what an older gdtutor left, WAL companion included
        connection.execute("PRAGMA journal_mode = WAL")
    with ProgressStore.open(name, tmp_path) as store:
        _answer(store, "before")
    os.replace(database_path(name, tmp_path), old)  # as if an older gdtutor had written it there
    with ProgressStore.open(name, tmp_path) as store:
        assert store.saving and [record.answer for record in store.attempts()] == ["before"]
        _answer(store, "after")
    assert not old.exists() and database_path(name, tmp_path).exists()
    with ProgressStore.open(name, tmp_path) as store:
        assert [record.answer for record in store.attempts()] == ["before", "after"]


def test_a_learners_seeds_are_stable_for_them_and_secret_from_anyone_who_knows_their_name(tmp_path):
    with ProgressStore.open("bob", tmp_path / "one") as store:
        salt = store.seed_salt()
    with ProgressStore.open("bob", tmp_path / "one") as store:
        assert store.seed_salt() == salt  # kept in the store: the same numbers every time bob comes back
        store.reset()
        assert store.seed_salt() == salt  # starting over keeps the variant
    with ProgressStore.open("bob", tmp_path / "other-machine") as store:
        elsewhere = store.seed_salt()
    assert len(salt) == 32 and elsewhere != salt
    seeds = {lesson_seed(s, "bob", "intro") for s in (salt, elsewhere)}
    assert len(seeds) == 2
    # No longer reproducible from the name alone (what every classmate knows).
    assert derive_seed("lesson", "bob", "intro") not in seeds
