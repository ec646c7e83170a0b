"""Pictures of the main screens at 80×24 and 120×40 (pytest-textual-snapshot; --snapshot-update to accept)."""

from __future__ import annotations

from pathlib import Path

import pytest
from screens import settle

from gdtutor.lessons.catalog import lesson_paths
from gdtutor.progress.store import ProgressStore
from gdtutor.tui.app import GdtutorApp
from gdtutor.tui.course import Course

SNAPSHOT_LESSONS = Path("tests") / "snapshots" / "lessons"

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_picker(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_help_screen(snap_compare, make_app, size):
    async def open_help(pilot):
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=open_help)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_error_list(snap_compare, make_app, size):
    async def open_errors(pilot):
        await settle(pilot)
        await pilot.press("f9")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=open_errors)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_lesson_midway_with_a_plot(snap_compare, make_app, size):
    """Past the reading, a right answer, then a diagnosed mistake: verdict, explanation, iterates plotted."""

    async def work_a_little(pilot):
        await settle(pilot)
        pilot.app.open_lesson("fixture-descent")
        await pilot.pause()
        tutor = pilot.app.screen.tutor
        await pilot.press("enter")
        await pilot.press(*tutor.question().answer(), "enter")
        await pilot.pause()
        question = tutor.question()
        diagnosed = [text for _, text in question.mistaken_answers() if question.check(text).mistake]
        await pilot.press(*diagnosed[0], "enter")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=work_a_little)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_glossary(snap_compare, make_app, size):
    async def open_glossary(pilot):
        await settle(pilot)
        await pilot.press("f7")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=open_glossary)


def test_a_cost_over_decades_on_a_log_axis_at_80x24(snap_compare):
    """J from 9 down to 1e-5 on a real log axis, ticks as values (1, 0.01, 10⁻⁴), never
    below zero, "log scale" under the axis; the legend above the frame, whole-number iteration ticks."""
    course = Course(lesson_paths([SNAPSHOT_LESSONS], standard=False), ProgressStore.open)

    async def predict(pilot):
        await settle(pilot)
        await pilot.press(*"converges", "enter")
        await settle(pilot)

    try:
        app = GdtutorApp(course, start_lesson="snapshot-log-cost")
        assert snap_compare(app, terminal_size=(80, 24), run_before=predict)
    finally:
        course.close()
