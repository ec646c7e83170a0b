"""Deterministic apps for snapshots: the fixture course, a pinned theme, paths relative to the repository."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from gdtutor.lessons.catalog import lesson_paths
from gdtutor.progress.store import ProgressStore
from gdtutor.tui.app import GdtutorApp
from gdtutor.tui.course import Course

REPOSITORY = Path(__file__).resolve().parents[2]
FIXTURE_LESSONS = Path("tests") / "app" / "lessons"


@pytest.fixture(autouse=True)
def deterministic_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLORTERM", "truecolor")
    # Problems name files relative to the working folder.
    monkeypatch.chdir(REPOSITORY)


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """The answer box's cursor blinks on a timer, so on a busy machine a picture could catch it on or off:
    it stays on, as it is in every picture kept."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def make_app() -> Iterator[Callable[..., GdtutorApp]]:
    courses: list[Course] = []

    def open_store() -> ProgressStore:
        store = ProgressStore.open()
        store.keep_salt("snapshots")  # the learner's secret salt, pinned: the same numbers in every run
        return store

    def make(start_lesson: str | None = None, lessons: Path = FIXTURE_LESSONS) -> GdtutorApp:
        course = Course(lesson_paths([lessons], standard=False), open_store)
        courses.append(course)
        return GdtutorApp(course, start_lesson=start_lesson)

    yield make
    for course in courses:
        course.close()
