"""The picker's start: what its first frame shows, and what is drawn again after (as little as can be).

Every option drawn again costs a layout of the whole list (18 wrapped options), at every start and, in a
classroom server, at every learner's start; so the list is built once and only a changed line is redrawn.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from screens import screen_text, settle, until
from stylesheet_probe import note_first_frame_rules, note_restyles, screens_with_rules
from textual import events
from textual.geometry import Size
from textual.widgets import OptionList

from gdtutor.lessons.folders import lesson_paths
from gdtutor.progress.store import ProgressStore
from gdtutor.tui import course as course_module
from gdtutor.tui.app import GdtutorApp
from gdtutor.tui.course import Course
from gdtutor.tui.screens.lesson import LessonScreen

FIXTURE_LESSONS = Path(__file__).parent / "lessons"

pytestmark = pytest.mark.asyncio


def _course(index_folder: Path | None = None, lessons: Path = FIXTURE_LESSONS) -> Course:
    return Course(lesson_paths([lessons], standard=False), ProgressStore.open, index_folder)


def _prompts(app: GdtutorApp) -> dict[str, object]:
    return {option.id: option.prompt for option in app.screen.query_one(OptionList).options}


async def test_a_served_session_shows_the_checked_list_in_its_first_frame_and_checks_nothing_after(
    monkeypatch,
):
    """The server's warm parent preloaded the lessons: its session's picker takes them, so its first
    frame has the progress and the problems, and no check runs after it (no thread, no second list)."""
    monkeypatch.setattr(course_module, "_preloaded", None)
    course_module.preload(lesson_paths([FIXTURE_LESSONS], standard=False))
    course = _course()
    app = GdtutorApp(course)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            first = _prompts(app)
            text = screen_text(app)
            assert "0/3 steps done · mastery —" in text
            assert "1 problem in lesson files: F9 shows them." in text
            assert "…" not in text
            await settle(pilot)
            assert not app.workers._workers  # no check ran
            after = _prompts(app)
            assert after == first and all(after[key] is first[key] for key in first)
            assert not app.screen.has_class("-narrow")  # only the lesson screen is laid out by width
    finally:
        course.close()


async def test_the_check_redraws_nothing_when_it_finds_what_the_lesson_index_said(tmp_path):
    folder = tmp_path / "lessons"  # the fixtures without the broken one, which the check would take out
    folder.mkdir()
    for lesson in FIXTURE_LESSONS.glob("*.yaml"):
        if lesson.name != "broken.yaml":
            (folder / lesson.name).write_bytes(lesson.read_bytes())
    earlier = _course(tmp_path, folder)
    earlier.check()  # a first start: it writes the lesson index
    earlier.close()
    course = _course(tmp_path, folder)
    app = GdtutorApp(course)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            first = _prompts(app)
            assert "0/3 steps done" in screen_text(app)  # from the index, before the check
            await settle(pilot)
            assert course.skills()  # the check ran: every lesson is loaded
            after = _prompts(app)
            assert all(after[key] is first[key] for key in first)
    finally:
        course.close()


async def test_a_lesson_whose_progress_changed_gets_a_new_line_and_the_others_stay(tmp_path):
    course = _course(tmp_path)
    app = GdtutorApp(course)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            before = _prompts(app)
            tutor = course.open_tutor("fixture-descent")
            tutor.next()  # past the reading
            tutor.submit(tutor.question().answer())
            app.screen.reload()
            await pilot.pause()
            after = _prompts(app)
            changed = [key for key in before if after[key] is not before[key]]
            assert changed == ["fixture-descent"]
            assert "0/3 steps done" in str(before["fixture-descent"])
            assert "2/3 steps done" in str(after["fixture-descent"])  # the reading and one answer
    finally:
        course.close()


async def test_the_picker_parses_only_its_own_rules_and_the_others_come_after_its_first_frame(
    tmp_path, monkeypatch
):
    """Parsing the rules of every screen took about 8 ms of the picker's start: only the picker's are read
    before its first frame; the lesson screen's and the others' (lesson.tcss, screens.tcss) after it, so that
    a lesson opened then restyles nothing for them, and styles its screen as before."""
    course = _course(tmp_path)
    app = GdtutorApp(course)
    at_first_frame = note_first_frame_rules(monkeypatch)
    restyles = note_restyles(monkeypatch)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await until(pilot, lambda: bool(at_first_frame))
            assert "PickerScreen" in at_first_frame[0]
            assert not at_first_frame[0] & {"LessonScreen", "HelpScreen", "ErrorsScreen", "ConfirmScreen"}
            await until(pilot, lambda: "HelpScreen" in screens_with_rules(app))
            restyles.clear()
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, LessonScreen))
            await settle(pilot)
            assert restyles == []  # the lesson screen's rules were read: nothing restyled for them
            assert {"PickerScreen", "LessonScreen", "HelpScreen", "ErrorsScreen"} <= screens_with_rules(app)
            top_bar = app.screen.query_one("#top-bar")  # LessonScreen #top-bar's rule: one row, padded
            assert top_bar.region.height == 1
            assert top_bar.styles.padding.left == top_bar.styles.padding.right == 1
    finally:
        course.close()


async def test_a_resize_to_the_pickers_own_size_lays_nothing_out_and_a_new_size_wraps_the_list_again(
    tmp_path,
):
    """As the app starts Textual sends the screen resizes to the size it has (the terminal's twice, its
    own once laid out), and each laid out the whole list again: those lay nothing out; a new size does."""
    course = _course(tmp_path)
    app = GdtutorApp(course)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            screen = app.screen
            layouts: list[object] = []
            screen.screen_layout_refresh_signal.subscribe(screen, layouts.append)
            screen.post_message(events.Resize(Size(80, 24), Size(80, 24)))
            await settle(pilot)
            assert layouts == []
            await pilot.resize_terminal(120, 30)
            await settle(pilot)
            assert layouts
            assert screen.query_one(OptionList).size.width > 80
            assert max(len(line.rstrip()) for line in screen_text(app).splitlines()) > 80
    finally:
        course.close()


async def test_when_shown_is_called_once_the_first_frame_holds_the_list(tmp_path):
    """``gdtutor`` keeps the garbage collector off until then (gdtutor.commands.tui)."""
    course = _course(tmp_path)
    seen: list[str] = []
    app = GdtutorApp(course, when_shown=lambda: seen.append(screen_text(app)))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("down")
            await settle(pilot)
            assert len(seen) == 1
            assert "Pick a lesson" in seen[0] and "Downhill on J(θ) = θ²" in seen[0]
    finally:
        course.close()
