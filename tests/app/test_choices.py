"""Choice steps in the app show and accept options the way the engine and the plain front-end name them."""

from __future__ import annotations

import pytest
from screens import screen_text
from textual.widgets import Input

from gdtutor.tui.screens.help import HelpScreen
from gdtutor.tui.screens.lesson import LessonScreen
from gdtutor.tui.widgets.feedback import FeedbackPanel

pytestmark = pytest.mark.asyncio


async def test_options_are_labelled_like_everywhere_else_and_taken_by_letter(builtin_app):
    app = builtin_app("notation-and-cost")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        for _ in range(20):
            view = screen.tutor.view()
            if view.kind == "choice":
                break
            if view.is_question and not view.complete:
                screen.query_one("#answer", Input).value = screen.tutor.question().answer()
            await pilot.press("enter")
            await pilot.pause()
        view = screen.tutor.view()
        assert view.kind == "choice" and len(view.options) == 4
        shown = screen_text(app)
        assert "1) " + view.options[0][:20] in shown and "1. " + view.options[0][:20] not in shown
        asking = str(screen.query_one("#question").render())
        assert asking == "→ an option: its number (1–4), its letter (a–d) or its text"
        screen.query_one("#answer", Input).value = "b"
        await pilot.press("enter")
        await pilot.pause()
        assert f"read as: 2) {view.options[1]}" in screen.query_one(FeedbackPanel).plain

        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        helped = str(app.screen.query_one("#help-answers").render())
        assert "an option by its number (1, 2, …), its letter (a, b, …) or its text" in helped


async def test_an_options_feedback_shows_its_bold_words_bold_not_between_stars(builtin_app):
    app = builtin_app("learning-rate")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        for _ in range(20):
            if screen.tutor.view().step_id == "pattern":
                break
            await pilot.press("f6")
            await pilot.pause()
        screen.query_one("#answer", Input).value = screen.tutor.question().answer()
        await pilot.press("enter")
        await pilot.pause()
        feedback = screen.query_one(FeedbackPanel)
        assert "That is divergence." in feedback.plain and "**" not in feedback.plain
        assert "That is divergence." in " ".join(screen_text(app).split())  # in view at 80×24
        shown = feedback.content
        assert [shown.plain[s.start : s.end] for s in shown.spans if s.style == "bold"] == ["divergence"]
