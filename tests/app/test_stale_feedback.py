"""Feedback about something the learner has moved past goes: a worked solution asked for
after "no more hints" replaces that line, and the solution of one line of a derivation does not stay under
the question on a later line."""

from __future__ import annotations

import pytest
from screens import screen_text, settle
from textual.widgets import Input

from gdtutor.tui.screens.lesson import LessonScreen
from gdtutor.tui.widgets.feedback import FeedbackPanel

pytestmark = pytest.mark.asyncio


async def open_at(app, pilot, lesson_id: str, step_id: str) -> LessonScreen:
    await settle(pilot)
    app.open_lesson(lesson_id)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, LessonScreen)
    for _ in range(20):
        if screen.tutor.view().step_id == step_id:
            return screen
        await pilot.press("f6")
        await settle(pilot)
    raise AssertionError(f"never reached {step_id}")


def shown(screen: LessonScreen) -> str:
    return screen.query_one(FeedbackPanel).plain


async def test_the_no_more_hints_line_goes_when_the_solution_is_shown(builtin_app):
    app = builtin_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, "descent-on-theta-squared", "derivative")
        await pilot.press("f2")
        screen.query_one("#answer", Input).value = "theta"  # a wrong try lets the second hint come
        await pilot.press("enter")
        await pilot.press("f2", "f2")
        await settle(pilot)
        assert "no more hints" in shown(screen)
        await pilot.press("f3")
        await settle(pilot)
        assert "Worked solution" in shown(screen)
        assert "no more hints" not in shown(screen)
        assert "no more hints" not in screen_text(app)  # not left drawn anywhere either


async def test_a_derivation_lines_solution_does_not_stay_under_a_later_lines_question(builtin_app):
    app = builtin_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_at(app, pilot, "mse-gradient", "derive-theta0")
        await pilot.press("f3")  # line 2 worked out; the question moves on to line 3
        await settle(pilot)
        assert "Line 2:" in shown(screen)
        screen.query_one("#answer", Input).value = screen.tutor.question().answer()
        await pilot.press("enter")  # line 3 right: the question is now about line 4
        await settle(pilot)
        assert "line 4" in str(screen.query_one("#question").render())
        assert shown(screen).startswith("✓")
        assert "Line 2:" not in shown(screen) and "Worked solution" not in shown(screen)
        assert "Worked solution" not in screen_text(app)
