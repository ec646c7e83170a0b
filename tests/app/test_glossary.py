"""F7 and the palette open the glossary over any screen; Escape closes it and the step is as it was."""

from __future__ import annotations

import pytest
from screens import screen_text
from textual.widgets import Input

from gdtutor.tui.screens.glossary import GlossaryScreen
from gdtutor.tui.screens.lesson import LessonScreen
from gdtutor.tui.screens.picker import PickerScreen

pytestmark = pytest.mark.asyncio


async def test_f7_opens_the_glossary_from_the_picker_and_escape_closes_it(fixture_app):
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        shown = screen_text(app)
        assert "m: the number of examples" in shown
        assert "How many training examples there are" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_the_glossary_over_a_step_keeps_the_half_typed_answer_and_its_focus(builtin_app):
    app = builtin_app("the-maths-you-need")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        await pilot.press("enter")  # past the reading, to the slope question
        await pilot.pause()
        answer = screen.query_one("#answer", Input)
        await pilot.press("minus", "2")
        assert answer.value == "-2" and app.focused is answer
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        body = app.screen.query_one("#glossary-body")
        body.scroll_end(animate=False)
        await pilot.pause()
        assert "iteration: one update" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert app.focused is answer and answer.value == "-2"


async def test_the_palette_lists_the_glossary(fixture_app):
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"glossary")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
