"""The lesson formats of issue 12 in the app: a prompt shows the learner's own draw, as text (markup in it
stays text), and F8 shows the lesson's data as a table."""

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
