"""Apps over the small fixture course in tests/app/lessons or the built-in one, each with its own store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from gdtutor.lessons.catalog import lesson_paths
from gdtutor.paths import builtin_lessons_dir
from gdtutor.progress.store import ProgressStore
from gdtutor.tui.app import GdtutorApp
from gdtutor.tui.course import Course

FIXTURE_LESSONS = Path(__file__).parent / "lessons"


@pytest.fixture(autouse=True)
def full_colour_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default theme depends on the terminal; tests pin it to a full-colour one."""
    monkeypatch.setenv("COLORTERM", "truecolor")


@pytest.fixture
def make_course() -> Iterator[Callable[..., Course]]:
    courses: list[Course] = []

    def make(*dirs: Path) -> Course:
        course = Course(lesson_paths(dirs or [FIXTURE_LESSONS], standard=False), ProgressStore.open)
        courses.append(course)
        return course

    yield make
    for course in courses:
        course.close()


@pytest.fixture
def fixture_app(make_course: Callable[..., Course]) -> Callable[..., GdtutorApp]:
    def make(start_lesson: str | None = None) -> GdtutorApp:
        return GdtutorApp(make_course(FIXTURE_LESSONS), start_lesson=start_lesson)

    return make


@pytest.fixture
def builtin_app(make_course: Callable[..., Course]) -> Callable[..., GdtutorApp]:
    def make(start_lesson: str | None = None) -> GdtutorApp:
        return GdtutorApp(make_course(builtin_lessons_dir()), start_lesson=start_lesson)

    return make
