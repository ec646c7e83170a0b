"""The newer lesson formats in the app: a prompt shows the learner's own draw, as text (markup in it stays
text), and F8 shows the lesson's data as a table."""

from __future__ import annotations

from pathlib import Path

import pytest
from screens import screen_text, settle

from gdtutor.tui.app import GdtutorApp
from gdtutor.tui.screens.lesson import LessonScreen

pytestmark = pytest.mark.asyncio

FORMATS = Path(__file__).resolve().parents[1] / "fixtures/lessons/formats"


async def open_lesson(pilot) -> LessonScreen:
    for _ in range(40):
        await settle(pilot)
        if isinstance(pilot.app.screen, LessonScreen):
            return pilot.app.screen
    raise AssertionError(type(pilot.app.screen).__name__)


async def test_the_prompt_shows_this_learners_draw_and_markup_as_typed(make_course):
    app = GdtutorApp(make_course(FORMATS), start_lesson="houses-scaled")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lesson(pilot)
        problem = screen.tutor.lesson.problem
        theta1 = f"{problem.start['theta1']:g}".replace("-", "−")
        shown = screen_text(app)
        # The prompt wraps beside the plot after "α = …,": its first line is on the screen as typed.
        assert f"Descent starts at θ₁ = {theta1} [bold]with[/bold] α = {problem.alpha:g}" in shown


async def test_f8_shows_the_lessons_data_as_a_table_and_escape_closes_it(make_course):
    from gdtutor.tui.screens.data import DataScreen

    app = GdtutorApp(make_course(FORMATS), start_lesson="houses-scaled")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, DataScreen)
        shown = screen_text(app)
        assert "The data: 8 examples, from houses.csv" in shown
        assert "x₁" in shown and "x₂" in shown
        for row in ("1850", "342.5", "3020", "530.2"):
            assert row in shown
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_f8_does_nothing_on_a_lesson_without_data(fixture_app):
    app = fixture_app("fixture-descent")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot)
        assert screen.tutor.data() is None
        await pilot.press("f8")
        await settle(pilot)
        assert app.screen is screen
