"""At 80×24 the question, the answer box and the whole feedback stay in view together after a wrong answer;
the plot gives way (a bar says so, and F4 shows it over the screen), never the learner's work."""

from __future__ import annotations

import pytest
from screens import screen_text, settle
from textual.widgets import Input

from gdtutor.tui.screens.lesson import PLOT_BAR, LessonScreen
from gdtutor.tui.screens.plot import PlotScreen
from gdtutor.tui.widgets.feedback import FeedbackPanel
from gdtutor.tui.widgets.plot import PlotPanel
from gdtutor.tui.widgets.prose import Prose

pytestmark = pytest.mark.asyncio


async def go_to_step(pilot, screen: LessonScreen, step_id: str) -> None:
    """Skip (F6) to the step; a read step is passed with Enter."""
    for _ in range(20):
        view = screen.tutor.view()
        if view.step_id == step_id:
            await settle(pilot)
            return
        await pilot.press("f6" if view.is_question and not view.complete else "enter")
        await pilot.pause()
    raise AssertionError(f"never reached {step_id}")


async def answer(pilot, screen: LessonScreen, text: str) -> None:
    screen.query_one("#answer", Input).value = text
    await pilot.press("enter")
    await settle(pilot)


def wrong_answer(screen: LessonScreen) -> str:
    """A mistaken answer the tutor diagnoses (so the feedback is long), else any wrong option."""
    question = screen.tutor.question()
    for _, text in question.mistaken_answers():
        if question.check(text).mistake:
            return text
    view = screen.tutor.view()
    right = question.answer()
    return next(str(number) for number in range(1, len(view.options) + 1) if str(number) != right)


def assert_work_in_view(screen: LessonScreen) -> None:
    """The question (the prompt's last paragraph, the line that says what to type), the answer box and every
    line of the feedback lie inside the visible part of the work column."""
    work = screen.query_one("#work")
    visible = work.scrollable_content_region
    feedback = screen.query_one(FeedbackPanel)
    parts = [screen.query_one(Prose).blocks[-1], screen.query_one("#answer"), feedback]
    if screen.query_one("#question").display:
        parts.append(screen.query_one("#question"))
    for part in parts:
        region = part.region
        assert region.height > 0, part
        assert visible.y <= region.y and region.bottom <= visible.bottom, (part, region, visible)
    shown = screen_text(screen.app)
    for line in feedback.plain.splitlines():
        assert line.split()[-1] in shown, line  # a real check that the text is drawn, not just placed


CASES = [
    ("notation-and-cost", "m-meaning", 0),
    ("notation-and-cost", "minimum", 0),
    ("descent-on-theta-squared", "ten-iterations", 3),
    ("learning-rate", "diverge", 0),
    ("training-set-statistics", "many-voices", 0),
]


@pytest.mark.parametrize(("lesson", "step", "right_cells"), CASES)
async def test_after_a_wrong_answer_question_answer_and_feedback_are_all_in_view(
    builtin_app, lesson, step, right_cells
):
    app = builtin_app(lesson)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        await go_to_step(pilot, screen, step)
        for _ in range(right_cells):
            await answer(pilot, screen, screen.tutor.question().answer())
        await answer(pilot, screen, wrong_answer(screen))
        assert screen.tutor.view().last.status == "wrong"
        assert_work_in_view(screen)
        plots = screen.query_one(PlotPanel)
        if plots.display:  # the plot kept its place only because everything fits above it
            assert plots.region.y >= screen.query_one("#work").region.bottom


async def test_f4_shows_a_plot_that_has_no_room_over_the_screen_and_back_leaves_the_work_as_it_was(
    builtin_app,
):
    app = builtin_app("learning-rate")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await go_to_step(pilot, screen, "diverge")
        await answer(pilot, screen, "15")
        assert not screen.query_one(PlotPanel).display
        assert PLOT_BAR in screen_text(app)  # put away "to keep your work in view", not by the learner's F4
        scrolled = screen.query_one("#work").scroll_y
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, PlotScreen)
        assert "J(θ) and the iterates" in screen_text(app)
        await pilot.press("f4")
        await settle(pilot)
        assert app.screen is screen and screen.query_one("#work").scroll_y == scrolled
        assert_work_in_view(screen)


async def test_f4_off_and_on_where_the_plot_fits_keeps_the_question_in_view(builtin_app):
    app = builtin_app("notation-and-cost")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await go_to_step(pilot, screen, "superscript")
        plots = screen.query_one(PlotPanel)
        assert plots.display and PLOT_BAR not in screen_text(app)
        await pilot.press("f4")
        await settle(pilot)
        assert not plots.display and "F4 shows it" in screen_text(app)
        await pilot.press("f4")
        await settle(pilot)
        assert plots.display and plots.region.height >= 8
        question = screen.query_one(Prose).blocks[-1].region
        answer_box = screen.query_one("#answer").region
        visible = screen.query_one("#work").scrollable_content_region
        assert visible.y <= question.y and answer_box.bottom <= visible.bottom
        assert "What does x⁽²⁾ stand for?" in screen_text(app)


async def test_a_cell_filled_in_after_two_misses_shows_the_right_value_and_says_so_in_view(builtin_app):
    app = builtin_app("learning-rate")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await go_to_step(pilot, screen, "diverge")
        await answer(pilot, screen, "15")
        await answer(pilot, screen, "9")
        shown = screen_text(app)
        assert "-9 (shown)" in shown  # the cell holds the right value, marked
        assert "After 2 tries the table shows the right value: row 1, θ = -9" in shown
        assert "→ row 2, θ: a number" in shown and screen.query_one("#answer", Input).value == ""
        assert_work_in_view(screen)
