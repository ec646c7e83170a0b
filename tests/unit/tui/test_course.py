"""The course behind the app, without the app: headers first, the full check later, progress through tutors.

``gdtutor.tui.course`` imports nothing from textual, so these tests drive it directly, with a real store.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gdtutor.errors import GdtutorError
from gdtutor.lessons.catalog import lesson_paths
from gdtutor.progress.store import ProgressStore
from gdtutor.tui.course import Course

LESSONS = Path(__file__).resolve().parents[2] / "app" / "lessons"


@pytest.fixture
def course():
    course = Course(lesson_paths([LESSONS], standard=False), ProgressStore.open)
    yield course
    course.close()


def test_the_course_module_does_not_load_textual():
    code = "import sys, gdtutor.tui.course; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_before_the_check_entries_come_from_headers_with_progress_unknown(course):
    entries = course.entries()
    assert "fixture-descent" in [entry.id for entry in entries]
    assert all(entry.steps is None and entry.done is None and entry.mastery is None for entry in entries)
    assert course.last_lesson_id() is None  # the store is not even open yet
    assert course.known_problems() == [] and course.skills() == []


def test_the_check_counts_steps_and_finds_the_broken_file(course):
    course.check()
    descent = next(entry for entry in course.entries() if entry.id == "fixture-descent")
    assert (descent.steps, descent.done) == (3, 0)
    assert "fixture-broken" not in [entry.id for entry in course.entries()]
    assert any("broken.yaml" in problem for problem in course.known_problems())
    assert "update-rule" in course.skills()


def test_progress_made_through_a_tutor_shows_in_the_entry_and_a_reset_clears_it(course):
    tutor = course.open_tutor("fixture-descent")
    tutor.next()  # past the reading
    while not tutor.finished and tutor.view().is_question:
        tutor.submit(tutor.question().answer())
        tutor.next()
    course.check()  # as the picker's worker does; the tutor loaded only its own lesson
    descent = next(entry for entry in course.entries() if entry.id == "fixture-descent")
    assert descent.done == 3 and descent.mastery is not None
    assert course.last_lesson_id() == "fixture-descent"
    course.reset("fixture-descent")
    assert next(entry for entry in course.entries() if entry.id == "fixture-descent").done == 0


def test_a_lesson_that_is_not_in_the_course_is_named_with_the_ones_that_are(course):
    with pytest.raises(GdtutorError, match="fixture-descent"):
        course.open_tutor("no-such-lesson")


def _course(folder: Path, index_folder: Path | None) -> Course:
    return Course(lesson_paths([folder], standard=False), ProgressStore.open, index_folder)


def _finish_descent(course: Course) -> None:
    tutor = course.open_tutor("fixture-descent")
    tutor.next()
    while not tutor.finished and tutor.view().is_question:
        tutor.submit(tutor.question().answer())
        tutor.next()


def _entries_when_progress_is_known(course: Course) -> list:
    seen: list = []
    course.check(progress_known=lambda: seen.append((course.entries(), course.known_problems())))
    return seen


def _start_after_finishing_the_descent(index_folder: Path) -> Course:
    """The course at a later start, after a first session checked every lesson and finished the descent."""
    first = _course(LESSONS, index_folder)
    first.check()
    _finish_descent(first)
    first.close()
    return _course(LESSONS, index_folder)


def _descent_finished(entries: list) -> bool:
    descent = next(entry for entry in entries if entry.id == "fixture-descent")
    return (descent.steps, descent.done) == (3, 3) and descent.mastery is not None


def test_a_later_start_shows_progress_from_the_lesson_index_before_the_full_load(tmp_path):
    later = _start_after_finishing_the_descent(tmp_path)
    [(entries, problems)] = _entries_when_progress_is_known(later)
    assert _descent_finished(entries)
    broken = next(entry for entry in entries if entry.id == "fixture-broken")
    assert broken.steps is None  # never loaded cleanly, so never remembered
    assert problems == []  # the full check had not run yet
    assert any("broken.yaml" in problem for problem in later.known_problems())  # and it did after
    later.close()


def test_the_lesson_index_gives_the_progress_before_any_lesson_is_loaded(tmp_path):
    """What the picker's first paint shows: read_index, then entries, with no lesson file parsed."""
    later = _start_after_finishing_the_descent(tmp_path)
    assert later.read_index() and _descent_finished(later.entries())
    assert later.skills() == []  # no lesson loaded yet
    assert _entries_when_progress_is_known(later) == []  # the check does not read the index again
    assert later.skills() != []
    later.close()


def test_a_lesson_file_changed_since_the_index_waits_for_the_full_load(tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    for path in LESSONS.glob("*.yaml"):
        (folder / path.name).write_bytes(path.read_bytes())
    _course(folder, tmp_path).check()
    descent_file = next(p for p in folder.glob("*.yaml") if "id: fixture-descent" in p.read_text())
    descent_file.write_text(descent_file.read_text() + "# changed\n")
    [(entries, _)] = _entries_when_progress_is_known(_course(folder, tmp_path))
    steps = {entry.id: entry.steps for entry in entries}
    assert steps["fixture-descent"] is None
    assert steps["fixture-brackets"] == 1  # unchanged, so taken from the index


@pytest.mark.parametrize("damage", ["not json", "another gdtutor", "another rule", "a list"])
def test_an_index_that_is_not_this_gdtutors_is_ignored(tmp_path, damage):
    import json

    from gdtutor.lessons.index import INDEX_NAME

    first = _course(LESSONS, tmp_path)
    first.check()
    first.close()
    index = tmp_path / INDEX_NAME
    written = json.loads(index.read_text())
    if damage == "not json":
        index.write_text("not json")
    elif damage == "a list":
        index.write_text("[]")
    else:
        written["gdtutor" if damage == "another gdtutor" else "rule"] = "0"
        index.write_text(json.dumps(written))
    course = _course(LESSONS, tmp_path)
    assert _entries_when_progress_is_known(course) == []
    assert next(entry for entry in course.entries() if entry.id == "fixture-descent").steps == 3
    course.close()


def test_a_lesson_opens_before_the_full_check_by_loading_only_its_file(course):
    tutor = course.open_tutor("fixture-descent")
    assert tutor.view().step_id
    assert course.skills() == []  # the other lessons are not loaded yet
    course.check()
    assert "update-rule" in course.skills()
