"""The learner's name, their database file, and the seed each of their lessons gets."""

import os
import subprocess
import sys

from gdtutor.progress.learner import database_path, derive_seed, file_stem, learner_name, lesson_seed


def test_the_learner_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("GDTUTOR_LEARNER", "  ada  ")
    assert learner_name() == "ada"


def test_without_the_variable_the_os_user_is_the_learner(monkeypatch):
    monkeypatch.delenv("GDTUTOR_LEARNER")
    monkeypatch.setenv("LOGNAME", "grace")
    monkeypatch.setenv("USER", "grace")
    assert learner_name() == "grace"


def test_a_plain_name_is_kept():
    assert file_stem("ada.lovelace_2-b") == "ada.lovelace_2-b"


def test_unsafe_names_become_safe_and_stay_distinct():
    stems = {
        name: file_stem(name) for name in ["../../etc/passwd", "a b", "a_b", "José", ".hidden", "", "a/b"]
    }
    for stem in stems.values():
        assert stem and not stem.startswith(".")
        assert all(character.isalnum() or character in "._-~" for character in stem)
    assert stems["a_b"] == "a_b"
    assert len(set(stems.values())) == len(stems)


def test_no_two_names_share_a_file_even_where_case_is_ignored():
    # Each pair once shared a file: an escaped name and the canonical name it was escaped to, and
    # names that differ only by case on a case-insensitive file system (macOS, Windows).
    escaped = file_stem("a\nb")
    pairs = [("a_b", "a\nb"), ("Alice", "alice"), (escaped, "a\nb"), ("ALICE", "Alice"), ("a b", "a_b")]
    for one, other in pairs:
        assert file_stem(one).casefold() != file_stem(other).casefold(), (one, other)
    assert file_stem("alice") == "alice" and file_stem("Alice").startswith("alice~")


def test_the_database_lives_in_the_data_folder(isolated_data_dir):
    assert database_path("ada") == isolated_data_dir / "ada.sqlite3"
    assert database_path() == isolated_data_dir / "test-learner.sqlite3"


def test_seeds_differ_by_salt_learner_and_lesson_and_fit_in_31_bits():
    seeds = {
        lesson_seed(salt, learner, lesson)
        for salt in ["s1", "s2"]
        for learner in ["ada", "bob"]
        for lesson in ["intro", "mse", "lr"]
    }
    assert len(seeds) == 12
    assert all(0 <= seed < 2**31 for seed in seeds)
    assert derive_seed("practice", "ada", 1) != derive_seed("practice", "ada", 2)


def test_seeds_are_the_same_in_every_process():
    code = "from gdtutor.progress.learner import lesson_seed; print(lesson_seed('salt', 'ada', 'intro'))"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(hash_seed)},
        ).stdout.strip()
        for hash_seed in (1, 2)
    }
    assert outputs == {str(lesson_seed("salt", "ada", "intro"))}
