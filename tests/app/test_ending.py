"""After a lesson: what it taught and the next lesson (Enter opens it, F5 goes back one step in one press);
the picker numbers the lessons as the prose does. Practice says the end under its last step, so there F5 goes
to the step before it, in one press too."""

from __future__ import annotations

import pytest
from screens import screen_text, settle

from gdtutor.tui.screens.ending import EndingScreen
from gdtutor.tui.screens.lesson import LessonScreen
from gdtutor.tui.screens.practice import PracticeScreen
from gdtutor.tui.widgets.feedback import FeedbackPanel

pytestmark = pytest.mark.asyncio


async def finish_by_skipping(pilot) -> None:
    for _ in range(30):
        if isinstance(pilot.app.screen, EndingScreen):
            return
        await pilot.press("f6")
        await settle(pilot)
    raise AssertionError("the lesson never ended")


async def test_the_end_of_a_lesson_says_what_it_taught_and_enter_opens_the_next(builtin_app):
    app = builtin_app("descent-on-theta-squared")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await finish_by_skipping(pilot)
        shown = screen_text(app)
        assert "Lesson 2: Gradient descent on J(θ) = θ²: done" in shown
        assert "What you learned" in shown and "Run gradient descent by hand" in shown
        assert "Next: Lesson 3: Why the derivative?" in shown
        lesson = app.screen_stack[-2]  # its note says the score in words, not "(N shown, N skipped)"
        assert isinstance(lesson, LessonScreen)
        note = lesson.query_one(FeedbackPanel).plain
        questions = sum(step.is_question for step in lesson.tutor.lesson.steps)
        assert (
            f"Lesson finished: 0 of {questions} questions right on your own; you skipped {questions}." in note
        )
        assert "shown," not in note and "skipped)" not in note
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.tutor.lesson.id == "why-the-derivative"
        await pilot.press("escape")
        await settle(pilot)
        assert "Pick a lesson" in screen_text(app)  # the finished lesson's screen is gone too


async def test_f5_after_the_end_goes_back_to_the_last_step_in_one_press(builtin_app):
    app = builtin_app("descent-on-theta-squared")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await finish_by_skipping(pilot)
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LessonScreen) and not screen.tutor.finished
        view = screen.tutor.view()
        assert view.number == view.total
        await pilot.press("f5")
        await settle(pilot)
        assert screen.tutor.view().number == view.total - 1


async def test_the_last_lesson_of_the_course_says_so(builtin_app):
    app = builtin_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        last = app.course.entries()[-1]
        app.open_lesson(last.id)
        await settle(pilot)
        await finish_by_skipping(pilot)
        assert "That was the last lesson of the course." in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert "Pick a lesson" in screen_text(app)


async def test_the_picker_numbers_the_lessons_as_the_prose_does(builtin_app):
    app = builtin_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "0. The maths you need" in shown
        assert "3. Why the derivative?" in shown


async def test_f5_at_the_end_of_a_practice_round_goes_to_the_step_before_the_last_in_one_press(fixture_app):
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        for _ in range(10):
            if screen.tutor.finished:
                break
            await pilot.press("f6")
            await settle(pilot)
        total = screen.tutor.view().total
        assert screen.tutor.finished and total > 1
        assert "Round done" in screen_text(app)  # the end is said under the last step, already on screen
        await pilot.press("f5")
        await settle(pilot)
        assert not screen.tutor.finished
        assert screen.tutor.view().number == total - 1
        assert "Round done" not in screen_text(app)
