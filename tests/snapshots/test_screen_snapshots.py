"""Pictures at 80×24 of the lesson screens: a wrong answer with the question, the answer box
and the whole feedback in view (the plot put away, or over the screen on F4); a table cell shown after two
misses; display maths centred on lines of its own; the page after a lesson. The lessons are the two in
tests/snapshots/lessons, so a change to a built-in lesson never moves these pictures."""

from __future__ import annotations

from pathlib import Path

from screens import settle

LESSONS = Path("tests") / "snapshots" / "lessons"
SIZE = (80, 24)


def screens_app(make_app):
    return make_app("snapshot-screens", lessons=LESSONS)


async def to_the_table(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")  # past the rules
    await settle(pilot)


async def uphill_at_the_table(pilot) -> None:
    await to_the_table(pilot)
    await pilot.press(*"3.6", "enter")  # uphill: the step added
    await settle(pilot)


def test_display_maths_on_centred_lines_of_its_own(snap_compare, make_app):
    assert snap_compare(screens_app(make_app), terminal_size=SIZE, run_before=settle)


def test_a_wrong_answer_keeps_question_answer_and_feedback_in_view(snap_compare, make_app):
    assert snap_compare(screens_app(make_app), terminal_size=SIZE, run_before=uphill_at_the_table)


def test_f4_shows_the_plot_put_away_over_the_screen(snap_compare, make_app):
    async def miss_then_f4(pilot):
        await uphill_at_the_table(pilot)
        await pilot.press("f4")
        await settle(pilot)

    assert snap_compare(screens_app(make_app), terminal_size=SIZE, run_before=miss_then_f4)


def test_a_cell_shown_after_two_misses(snap_compare, make_app):
    async def miss_twice(pilot):
        await uphill_at_the_table(pilot)
        await pilot.press(*"2", "enter")
        await settle(pilot)

    assert snap_compare(screens_app(make_app), terminal_size=SIZE, run_before=miss_twice)


def test_the_page_after_a_lesson_offers_the_next(snap_compare, make_app):
    async def finish(pilot):
        await to_the_table(pilot)
        for answer in ("2.4", "1.92", "1.536"):
            await pilot.press(*answer, "enter")
            await settle(pilot)

    assert snap_compare(screens_app(make_app), terminal_size=SIZE, run_before=finish)
