"""An unchanged lesson file that loaded without problems opens from the cache of checked lessons, as the
same lesson; any change to it is checked in full again, so a broken lesson is still refused."""

import hashlib
import json
import os
import shutil
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest

from gdtutor.lessons.catalog import Catalog
from gdtutor.lessons.checked import CACHE_FOLDER, _stamp_sources, open_lesson, recall
from gdtutor.lessons.lesson_json import NotEncodable, decode, encode
from gdtutor.lessons.loading import read_lesson
from gdtutor.paths import builtin_lessons_dir

SHIPPED = sorted(builtin_lessons_dir().glob("*.yaml"))
THETA_SQUARED = builtin_lessons_dir() / "02-descent-on-theta-squared.yaml"
FIXTURES = Path(__file__).parents[2] / "fixtures" / "lessons"


def assert_same(left, right, where="lesson"):
    """Equal, and of exactly the same types all the way down (a tuple stays a tuple, a float a float)."""
    assert type(left) is type(right), where
    if is_dataclass(left):
        for field in fields(left):
            assert_same(getattr(left, field.name), getattr(right, field.name), f"{where}.{field.name}")
    elif isinstance(left, (tuple, list)):
        assert len(left) == len(right), where
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            assert_same(a, b, f"{where}[{index}]")
    elif isinstance(left, dict):
        assert list(left) == list(right), where
        for key in left:
            assert_same(left[key], right[key], f"{where}[{key!r}]")
    else:
        assert left == right or (left != left and right != right), where  # NaN equals NaN here


def cache_entries(data_dir: Path) -> list[Path]:
    return sorted((data_dir / CACHE_FOLDER).glob("*.json"))


def copy_of(lesson: Path, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    return Path(shutil.copy(lesson, folder / lesson.name))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_every_shipped_lesson_comes_back_from_the_cache_exactly_as_checked(path, isolated_data_dir):
    checked, problems = read_lesson(path)
    assert checked is not None and problems == []
    assert_same(decode(json.loads(json.dumps(encode(checked)))), checked)
    first, _ = open_lesson(path)
    assert len(cache_entries(isolated_data_dir)) == 1
    again, problems = open_lesson(path)
    assert problems == []
    assert_same(first, checked)
    assert_same(again, checked)


def test_an_unchanged_file_is_taken_from_the_cache_without_checking_it(isolated_data_dir):
    open_lesson(THETA_SQUARED)
    (entry,) = cache_entries(isolated_data_dir)
    # Change what the cache holds (not the file): what opens is the cache's, so nothing was parsed again.
    entry.write_text(entry.read_text().replace("Gradient descent on", "Remembered: gradient descent on"))
    lesson, problems = open_lesson(THETA_SQUARED)
    assert problems == [] and lesson.title.startswith("Remembered: gradient descent on")


def test_an_edited_file_is_checked_again_and_refused_when_it_broke(tmp_path, isolated_data_dir):
    lesson_file = copy_of(THETA_SQUARED, tmp_path / "course")
    assert open_lesson(lesson_file)[0] is not None
    lesson_file.write_text(lesson_file.read_text().replace("alpha: 0.1", "alpha: fast", 1))
    lesson, problems = open_lesson(lesson_file)
    assert lesson is None
    assert [str(p) for p in problems] == [str(p) for p in read_lesson(lesson_file)[1]]
    assert "alpha" in str(problems[0])


def test_a_cache_entry_anyone_else_could_have_written_is_not_read(isolated_data_dir):
    open_lesson(THETA_SQUARED)
    (entry,) = cache_entries(isolated_data_dir)
    entry.write_text(entry.read_text().replace("Gradient descent on", "Planted: gradient descent on"))
    entry.chmod(0o666)
    lesson, _ = open_lesson(THETA_SQUARED)
    assert not lesson.title.startswith("Planted")


def test_an_unreadable_cache_entry_is_a_miss(isolated_data_dir):
    open_lesson(THETA_SQUARED)
    (entry,) = cache_entries(isolated_data_dir)
    key = json.loads(entry.read_text())["key"]
    planted = [
        {"class": "system", "fields": {}},
        {"tuple": [1]},
        {"class": "Hint", "fields": {"text": 1, "after": 2}},
    ]
    entries = [json.dumps({"key": key, "lesson": lesson}) for lesson in planted]
    for garbage in ["not json", "[]", '{"key": 1}', *entries]:
        entry.write_text(garbage)
        lesson, problems = open_lesson(THETA_SQUARED)
        assert problems == []
        assert_same(lesson, read_lesson(THETA_SQUARED)[0])


def test_a_lesson_with_a_data_file_or_any_problem_is_never_kept(tmp_path, isolated_data_dir):
    with_data, problems = open_lesson(FIXTURES / "formats" / "houses-scaled.yaml")
    assert with_data is not None and problems == []
    lesson_file = copy_of(THETA_SQUARED, tmp_path / "course")
    text = lesson_file.read_text()
    lesson_file.write_text(text.replace("steps:", "unknown_key: 1\nsteps:", 1))
    assert open_lesson(lesson_file)[0] is None
    assert cache_entries(isolated_data_dir) == []


def test_only_exact_types_are_encoded():
    with pytest.raises(NotEncodable):
        encode(["a list"])
    with pytest.raises(NotEncodable):
        encode({1: "a key that is not a string"})


def test_any_change_to_the_checking_code_gives_other_keys(tmp_path):
    (tmp_path / "inner").mkdir()
    source = tmp_path / "inner" / "validate.py"
    source.write_text("RULES = 1\n")

    def stamp() -> str:
        digest = hashlib.sha256()
        _stamp_sources(digest, str(tmp_path), "", deep=True)
        return digest.hexdigest()

    before = stamp()
    assert stamp() == before
    source.write_text("RULES = 2\n")
    os.utime(source, ns=(1, 1))
    assert stamp() != before


def test_the_check_of_every_lesson_reads_the_cache_but_only_opening_one_writes_it(isolated_data_dir):
    paths = [(path, "built-in") for path in SHIPPED]
    Catalog.load(paths)
    assert cache_entries(isolated_data_dir) == []
    open_lesson(THETA_SQUARED)
    (entry,) = cache_entries(isolated_data_dir)
    entry.write_text(entry.read_text().replace("Gradient descent on", "Remembered: gradient descent on"))
    titles = [entry.title for entry in Catalog.load(paths).entries]
    assert sum(title.startswith("Remembered") for title in titles) == 1
    assert len(cache_entries(isolated_data_dir)) == 1


def test_a_full_load_of_every_shipped_lesson_leaves_numpy_unloaded() -> None:
    """A first start (no cached lesson yet) checks the named lesson in full before its first paint: its
    mistake ids (``expect_coincident``, the tests' ``mistake``) are checked without loading numpy."""
    import subprocess
    import sys

    script = (
        "import sys; from pathlib import Path; from gdtutor.lessons.loading import read_lesson;"
        "paths = sorted(Path('lessons').glob('*.yaml'));"
        "results = [read_lesson(path) for path in paths];"
        "print(len(paths), all(lesson is not None and not problems for lesson, problems in results),"
        " 'numpy' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=root
    )
    count, loaded, numpy_loaded = result.stdout.split()
    assert int(count) > 10 and loaded == "True" and numpy_loaded == "False"


def test_what_is_kept_beside_a_lesson_comes_back_without_decoding_it(tmp_path, isolated_data_dir):
    """``recall`` gives an unchanged file's entry (what was kept beside it by name, the lesson decoded only
    when asked); an entry kept without a name gains it, beside what it kept, when a lesson is opened asking
    for it; an edit is a miss."""
    path = copy_of(THETA_SQUARED, tmp_path / "lessons")
    open_lesson(path)
    kept = recall(path)
    assert kept is not None and kept.beside == {}
    open_lesson(path, beside={"steps": lambda lesson: len(lesson.steps)})
    kept = recall(path)
    assert kept is not None and kept.beside == {"steps": 9}
    asked = []

    def first_step(lesson):
        asked.append(lesson.id)
        return lesson.steps[0].id

    open_lesson(path, beside={"steps": lambda lesson: 0, "first": first_step})
    open_lesson(path, beside={"first": first_step})
    kept = recall(path)
    assert kept is not None and kept.beside == {"steps": 9, "first": "the-bowl"}
    assert asked == ["descent-on-theta-squared"]  # worked out once, when the entry lacked it
    lesson = kept.lesson()
    assert lesson is not None
    assert_same(lesson, read_lesson(path)[0])
    path.write_text(path.read_text().replace("Gradient descent on", "Descent on"))
    assert recall(path) is None
