"""Whatever validate passes, the tutor runs: every fixture lesson that validates clean (including the ones
at the limits of gdtutor.limits, in tests/fixtures/lessons/at-limits) opens and is worked through to the end
in both front-ends, the plain one as a child process with piped input and the app under Textual's pilot.

Before, 27 choice options and a random start drawn from ±1e308 passed validate and then crashed the app
(IndexError in how_to_choose, OverflowError on opening)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gdtutor.engine.selftest import check_lesson
from gdtutor.lessons.loading import read_lesson
from gdtutor.progress.store import ProgressStore
from gdtutor.tui.app import GdtutorApp
from gdtutor.tui.course import Course
from gdtutor.tui.screens.lesson import LessonScreen

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = [
    ROOT / "tests/fixtures/lessons",
    ROOT / "tests/fixtures/lessons/at-limits",
    ROOT / "tests/fixtures/lessons/formats",
    ROOT / "tests/app/lessons",
]


def clean_fixtures() -> list[tuple[Path, str]]:
    found = []
    for folder in FOLDERS:
        for path in sorted(folder.glob("*.yaml")):
            lesson, _ = read_lesson(path)
            if lesson is None:
                continue
            if any(problem.severity == "error" for problem in check_lesson(lesson)):
                continue
            found.append((path, lesson.id))
    return found


CLEAN = clean_fixtures()


def test_the_fixtures_at_the_limits_validate_clean():
    at_limits = {path.name for path, _ in CLEAN if path.parent.name == "at-limits"}
    assert at_limits == {path.name for path in (ROOT / "tests/fixtures/lessons/at-limits").glob("*.yaml")}


@pytest.mark.parametrize(("path", "lesson_id"), CLEAN, ids=[path.name for path, _ in CLEAN])
def test_the_plain_front_end_works_through_every_clean_fixture(run_gdtutor, path, lesson_id):
    # At every step (every cell of a table): ask for the worked solution, then go on.
    script = "solution\n\n" * 150 + "quit\n"
    result = run_gdtutor("--plain", "--lessons", str(path.parent), lesson_id, stdin=script, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert "Lesson finished" in result.stdout


@pytest.mark.asyncio
@pytest.mark.parametrize(("path", "lesson_id"), CLEAN, ids=[path.name for path, _ in CLEAN])
async def test_the_app_works_through_every_clean_fixture(path, lesson_id):
    course = Course([(path, "fixture")], ProgressStore.open)
    app = GdtutorApp(course, start_lesson=lesson_id)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(40):
                await pilot.pause()
                await app.workers.wait_for_complete()
                if isinstance(app.screen, LessonScreen):
                    break
            assert isinstance(app.screen, LessonScreen), type(app.screen).__name__
            tutor = app.screen.tutor
            for _ in range(300):
                if tutor.finished:
                    break
                await pilot.press("f3" if tutor.view().is_question and not tutor.view().complete else "enter")
                await pilot.pause()
            assert tutor.finished
    finally:
        course.close()
