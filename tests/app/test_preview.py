"""``gdtutor preview``: the author edits the lesson file while the app shows it, and the app follows.

Each test writes a small lesson into a temporary folder, opens the preview on it, and edits the file the way
an editor does (in place, or a new file renamed over it); the app's own poll must notice.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from screens import screen_text, settle
from textual.pilot import Pilot
from textual.widgets import Input

from gdtutor.tui.preview import PreviewApp, PreviewLessonScreen, PreviewStatus, PreviewWaitScreen

pytestmark = pytest.mark.asyncio

LESSON = """\
id: preview-me
title: Preview me
problem:
  objective: theta^2
  start: {theta: 3}
  alpha: 0.1
steps:
  - id: intro
    kind: read
    prompt: The first words.
  - id: next-theta
    kind: number
    ask: theta
    prompt: PROMPT
  - id: outro
    kind: read
    prompt: The end.
"""


def write(path: Path, text: str) -> None:
    """Save as an editor does: a new file renamed over the old one, so the stat changes even within the
    file system's time resolution."""
    fresh = path.with_suffix(".new")
    fresh.write_text(text, encoding="utf-8")
    os.replace(fresh, path)


async def until(pilot: Pilot, condition, seconds: float = 60.0) -> None:
    """Wait, letting the app's own poll timer run, until ``condition()`` holds (a reload validates the
    lesson: on a loaded machine that alone can take seconds)."""
    for _ in range(int(seconds / 0.05)):
        await pilot.pause(0.05)
        await pilot.app.workers.wait_for_complete()
        if condition():
            return
    raise AssertionError(f"gave up waiting; the screen shows:\n{screen_text(pilot.app)}")


def status(app: PreviewApp) -> str:
    return str(app.screen.query_one(PreviewStatus).content)


async def test_a_saved_change_shows_on_the_step_the_author_is_on(tmp_path: Path, isolated_data_dir: Path):
    lesson = tmp_path / "preview-me.yaml"
    write(lesson, LESSON.replace("PROMPT", "What is θ after one update?"))
    app = PreviewApp(lesson, poll_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "The first words." in screen_text(app))
        screen = app.screen
        assert isinstance(screen, PreviewLessonScreen)
        await pilot.press("enter")  # on to the question
        await settle(pilot)
        assert screen.tutor.step.id == "next-theta"
        assert "What is θ after one update?" in screen_text(app)

        write(lesson, LESSON.replace("PROMPT", "Where does θ land after one step?"))
        await until(pilot, lambda: "Where does θ land" in screen_text(app))
        assert app.screen is screen
        assert screen.tutor.step.id == "next-theta"  # the same step, not back at the start
        await until(pilot, lambda: "No problems." in status(app))

        # Answering in the preview records nothing: no progress store is ever opened.
        screen.query_one("#answer", Input).value = screen.tutor.question().answer()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.tutor.statuses()[1] == "solved"
    assert [path.name for path in isolated_data_dir.rglob("*") if path.is_file()] == []


async def test_an_error_is_shown_in_place_and_the_fix_brings_the_lesson_back(tmp_path: Path):
    lesson = tmp_path / "preview-me.yaml"
    good = LESSON.replace("PROMPT", "What is θ after one update?")
    write(lesson, good)
    app = PreviewApp(lesson, poll_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PreviewLessonScreen))
        await pilot.press("enter")
        await settle(pilot)

        write(lesson, good.replace("ask: theta", "ask: thta"))
        await until(pilot, lambda: "does not load" in status(app))
        shown = status(app)
        assert "1 problem" in shown and "preview-me.yaml:13:10:" in shown and "thta" in shown
        assert app.is_running and isinstance(app.screen, PreviewLessonScreen)

        # The step is renamed in the fix: the preview stays at the same place in the lesson.
        write(lesson, good.replace("next-theta", "one-update"))
        await until(pilot, lambda: "No problems." in status(app))
        assert app.screen.tutor.step.id == "one-update"


async def test_a_file_that_never_loaded_lists_its_problems_until_it_does(tmp_path: Path):
    lesson = tmp_path / "preview-me.yaml"
    write(lesson, LESSON.replace("problem:", "problm:"))
    app = PreviewApp(lesson, poll_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "problem" in status(app))
        assert isinstance(app.screen, PreviewWaitScreen)
        assert "preview-me.yaml:3:1:" in status(app) and "problm" in status(app)

        write(lesson, LESSON.replace("PROMPT", "Now it loads."))
        await until(pilot, lambda: "The first words." in screen_text(app))
        assert isinstance(app.screen, PreviewLessonScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not app.is_running


async def test_f5_at_the_end_of_the_preview_goes_to_the_step_before_the_last_in_one_press(tmp_path: Path):
    lesson = tmp_path / "preview-me.yaml"
    write(lesson, LESSON.replace("PROMPT", "What is θ after one update?"))
    app = PreviewApp(lesson, poll_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PreviewLessonScreen))
        screen = app.screen
        await pilot.press("enter", "f6", "enter")  # read, skip the question, read the end
        await settle(pilot)
        assert screen.tutor.finished
        # the score in plain words, not "(0 shown, 1 skipped)"
        assert "Preview finished: 0 of 1 questions right on your own; you skipped 1." in screen_text(app)
        await pilot.press("f5")
        await settle(pilot)
        assert not screen.tutor.finished
        assert screen.tutor.step.id == "next-theta"
        assert "Preview finished" not in screen_text(app)
