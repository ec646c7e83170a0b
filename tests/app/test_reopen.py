"""Opening a lesson again: a finished one offers its review or a fresh start (keys only, at 80×24), an
unfinished one comes back at its step with the table as the learner filled it."""

from __future__ import annotations

import pytest
from screens import screen_text, settle

from gdtutor.engine import Feedback, Tutor
from gdtutor.tui.screens.answers import AnswersScreen
from gdtutor.tui.screens.lesson import LessonScreen
from gdtutor.tui.screens.review import ReopenScreen, ReviewScreen

pytestmark = pytest.mark.asyncio

LESSON = "descent-on-theta-squared"
TABLE = ["0.48", "1.92", "0.384", "1.536", "0.307", "1.229", "0.246", "0.983", "0.197", "0.786", "0.157"]
TABLE += ["0.629", "0.126", "0.503", "0.101", "0.403", "0.081"]
ANSWERS = {
    "derivative": ["theta", "2*theta"],
    "first-gradient": ["6"],
    "first-step": ["0.6"],
    "first-update": ["2.4"],
    "ten-iterations": TABLE,
    "after-ten": ["0.322"],
    "shrinking": ["2"],
    "watch-it": ["converges"],
}


def play(tutor: Tutor, until: str | None = None, cells: int = 0) -> None:
    """Work the lesson as a learner who gets "derivative" wrong once, up to step ``until`` (and its first
    ``cells`` answers), or to its end."""
    while not tutor.finished:
        step = tutor.view().step_id
        answers = ANSWERS.get(step, [])
        if step == until:
            for answer in answers[:cells]:
                tutor.submit(answer)
            return
        events = [event for answer in answers for event in tutor.submit(answer)]
        assert not answers or any(isinstance(e, Feedback) and e.complete for e in events), step
        tutor.next()


async def open_the_lesson(pilot) -> None:
    await settle(pilot)
    pilot.app.open_lesson(LESSON)
    await settle(pilot)


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def test_a_finished_lesson_offers_its_review_and_a_fresh_start_by_keys(builtin_app):
    app = builtin_app()
    play(app.course.open_tutor(LESSON))
    recorded = len(app.course.store.attempts())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_the_lesson(pilot)
        assert isinstance(app.screen, ReopenScreen)
        shown = screen_text(app)
        assert "You finished “Lesson 2: Gradient descent on J(θ) = θ²”." in shown
        assert "R: review it" in shown and "S: start it over" in shown and "Esc: back to the lessons" in shown

        await press(pilot, "r")
        assert isinstance(app.screen, ReviewScreen)
        shown = screen_text(app)
        assert "Step 2 of 9: you solved it" in shown
        assert "theta" in shown and "Not quite: a factor of 2 is off." in shown and "2*theta" in shown
        await press(pilot, "end")
        assert "converges" in screen_text(app)
        assert len(app.course.store.attempts()) == recorded  # reading it back records nothing

        await press(pilot, "escape")
        assert isinstance(app.screen, ReopenScreen)  # back to the choice
        await press(pilot, "s")
        screen = app.screen
        assert isinstance(screen, LessonScreen) and not screen.tutor.finished
        assert screen.tutor.view().number == 1 and "step 1/9" in screen_text(app)
        assert len(app.course.store.attempts()) == recorded  # starting over deletes no answer
        assert app.course.store.lesson_state(LESSON).done == frozenset()


async def test_escape_leaves_a_finished_lesson_as_it_is(builtin_app):
    app = builtin_app()
    play(app.course.open_tutor(LESSON))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_the_lesson(pilot)
        await press(pilot, "escape")
        assert "Pick a lesson" in screen_text(app)
        assert app.course.store.lesson_state(LESSON).finished


async def test_an_unfinished_lesson_resumes_at_its_step_with_its_table_filled(builtin_app):
    app = builtin_app()
    play(app.course.open_tutor(LESSON), until="ten-iterations", cells=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_the_lesson(pilot)
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        assert "step 6/9" in screen_text(app)
        table = screen.tutor.view().table
        filled = [cell.text for row in table.rows for cell in row[1:] if cell.text is not None]
        assert filled[:6] == ["2.4", "0.48", "1.92", "0.384", "1.536", "0.307"]
        shown = screen_text(app)
        assert "1.536" in shown and "0.307" in shown and "row 3, θ" not in shown
        assert "row 4, θ" in shown  # the next cell to fill, asked where the learner stopped


async def test_f9_lists_the_answers_on_the_step_escaped_and_never_the_right_value(builtin_app):
    app = builtin_app()
    play(app.course.open_tutor(LESSON), until="first-update")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_the_lesson(pilot)
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.tutor.view().step_id == "first-update"
        for typed in ["3.6", "[b]2[/b]"]:
            await press(pilot, *typed, "enter")
        await press(pilot, "f9")
        assert isinstance(app.screen, AnswersScreen)
        shown = screen_text(app)
        assert "Your answers on step 5 of 9 (2, oldest first)" in shown
        assert "1. 3.6      Not quite: you added the step instead of" in shown
        assert "2. [b]2[/b] “[b]2[/b]” is not a number" in shown  # as typed: never read as markup
        assert shown.count(" UTC") == 2
        assert "2.4" not in shown  # the right θ was never shown, so the list does not show it
        await press(pilot, "escape")
        assert app.screen is screen
        await press(pilot, "f1")
        assert "Answers: Your answers on this step" in screen_text(app)  # F1 lists the key
