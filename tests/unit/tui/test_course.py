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
    descent = next(entry for entry in course.entries() if entry.id == "fixture-descent")
    assert descent.done == 3 and descent.mastery is not None
    assert course.last_lesson_id() == "fixture-descent"
    course.reset("fixture-descent")
    assert next(entry for entry in course.entries() if entry.id == "fixture-descent").done == 0


def test_a_lesson_that_is_not_in_the_course_is_named_with_the_ones_that_are(course):
    with pytest.raises(GdtutorError, match="fixture-descent"):
        course.open_tutor("no-such-lesson")
