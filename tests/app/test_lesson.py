"""A learner works through the built-in lesson in the app, by keyboard, the way a person would.

Right and mistaken answers come from the engine's own question (which the solver and the mistake library
back), never from numbers written into the test.
"""

from __future__ import annotations

import pytest
from screens import screen_text, settle
from textual.widgets import Input

from gdtutor.tui.screens.ending import EndingScreen
from gdtutor.tui.screens.lesson import LessonScreen
from gdtutor.tui.screens.picker import PickerScreen
from gdtutor.tui.widgets.feedback import FeedbackPanel
from gdtutor.tui.widgets.lesson_header import LessonHeader
from gdtutor.tui.widgets.plot import PlotView

pytestmark = pytest.mark.asyncio

LESSON = "descent-on-theta-squared"


async def type_and_enter(pilot, text: str, *, key_by_key: bool = True) -> None:
    """Type like a person (one key per character), or paste the whole answer at once, then press Enter."""
    answer = pilot.app.screen.query_one("#answer", Input)
    answer.value = ""
    if key_by_key:
        await pilot.press(*text)
    else:
        answer.insert_text_at_cursor(text)
    await pilot.press("enter")
    await pilot.pause()


def feedback_text(app) -> str:
    return app.screen.query_one(FeedbackPanel).plain


async def open_lesson(app, pilot) -> LessonScreen:
    await settle(pilot)
    app.open_lesson(LESSON)
    await pilot.pause()
    assert isinstance(app.screen, LessonScreen)
    return app.screen


async def answer_right(pilot, screen: LessonScreen, *, key_by_key: bool = False) -> None:
    """Go on from a read step, or give the right answer to the question asked now."""
    if screen.tutor.view().is_question and not screen.tutor.view().complete:
        await type_and_enter(pilot, screen.tutor.question().answer(), key_by_key=key_by_key)
    else:
        await pilot.press("enter")
        await pilot.pause()


async def test_a_whole_lesson_with_right_answers(builtin_app):
    app = builtin_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(app, pilot)
        total = screen.tutor.view().total
        for _ in range(200):
            if screen.tutor.finished:
                break
            await answer_right(pilot, screen)
        assert screen.tutor.finished
        assert "Lesson finished" in screen.query_one(FeedbackPanel).plain
        assert isinstance(app.screen, EndingScreen)  # the page after the lesson, over it
        assert f"{total - 1} of {total - 1} questions right on your own." in screen_text(app)
        header = screen.query_one(LessonHeader)
        assert header.progress == header.total == total
        state = app.course.store.lesson_state(LESSON)
        assert len(state.done) == total
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        assert f"{total}/{total} steps done" in screen_text(app)


async def test_every_diagnosed_mistake_is_named_once(builtin_app):
    app = builtin_app()
    named: set[str] = set()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lesson(app, pilot)
        for _ in range(200):
            if screen.tutor.finished:
                break
            view = screen.tutor.view()
            if view.is_question and not view.complete:
                for mistake, text in screen.tutor.question().mistaken_answers():
                    if mistake in named:
                        continue
                    await type_and_enter(pilot, text, key_by_key=False)
                    verdict = screen.tutor.view().last
                    assert verdict is not None and verdict.mistake == mistake, (view.step_id, text)
                    assert verdict.explanation and verdict.explanation in feedback_text(app)
                    named.add(mistake)
            await answer_right(pilot, screen)
    # Every mistake the lesson names itself was met, and some from the library too.
    own = {mistake.id for step in screen.tutor.lesson.steps for mistake in step.mistakes}
    assert own <= named
    assert named - own, "no mistake from the library was diagnosed"


async def test_hints_one_at_a_time_then_the_worked_solution(builtin_app):
    app = builtin_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(app, pilot)
        await pilot.press("enter")  # past the reading
        await pilot.pause()
        assert screen.tutor.view().step_id == "derivative"
        await pilot.press("f2")
        await pilot.pause()
        assert "Hint 1/2: The power rule" in feedback_text(app)
        await pilot.press("f2")
        await pilot.pause()
        # The second hint waits for an attempt; the tutor says so.
        assert "Hint 2/2" not in feedback_text(app)
        assert "more go" in feedback_text(app)
        await type_and_enter(pilot, "theta")
        await pilot.press("f2")
        await pilot.pause()
        assert "Hint 2/2: Here n = 2" in feedback_text(app)
        await pilot.press("f3")
        await pilot.pause()
        assert "Worked solution" in feedback_text(app)
        assert screen.tutor.view().status == "revealed"
        # A revealed step waits for Enter, then the next step starts clean.
        await pilot.press("enter")
        await pilot.pause()
        assert screen.tutor.view().step_id == "first-gradient"
        assert "Worked solution" not in feedback_text(app)


async def test_answers_that_look_like_markup_show_as_typed_and_do_nothing(builtin_app):
    app = builtin_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        for answer in ("[@click=app.quit]", "[bold]2theta[/bold]"):
            await type_and_enter(pilot, answer)
            assert app.is_running
            assert app.screen is screen
            assert answer in screen_text(app)
        assert screen.tutor.view().status == "open"


async def test_resize_to_80x24_and_back_keeps_the_answer_box_and_the_plot(builtin_app):
    app = builtin_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lesson(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.has_class("-wide")
        plot = screen.query_one(PlotView)
        # Side by side: the plot is beside the answer box.
        assert plot.region.x > screen.query_one("#answer").region.x
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert screen.has_class("-narrow")
        answer = screen.query_one("#answer", Input)
        assert answer.has_focus
        assert answer.region.y + answer.region.height <= 24 - 1  # visible above the footer
        assert plot.region.y > answer.region.y  # stacked: the plot is below the question
        assert plot.region.height >= 6
        await type_and_enter(pilot, screen.tutor.question().answer())
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert screen.has_class("-wide")
        assert screen.tutor.view().step_id == "first-gradient"


async def test_quit_and_come_back_to_the_same_step(builtin_app):
    first = builtin_app()
    async with first.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(first, pilot)
        for _ in range(3):
            await answer_right(pilot, screen, key_by_key=True)
        where = screen.tutor.view().step_id
        assert screen.tutor.view().number == 4
        await pilot.press("ctrl+q")
        await pilot.pause()
    again = builtin_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # The picker opens on the lesson last used; Enter resumes it at the same step.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(again.screen, LessonScreen)
        assert again.screen.tutor.view().step_id == where


async def test_practice_and_reset_from_the_keyboard(builtin_app):
    app = builtin_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(app, pilot)
        for _ in range(3):
            await answer_right(pilot, screen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        total = screen.tutor.view().total
        assert len(app.course.store.lesson_state(LESSON).done) == 3
        assert f"3/{total} steps done" in screen_text(app)

        await pilot.press("f2")  # practice: a round on the weakest skill, in its own screen
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        practice = app.screen
        assert practice.query_one(LessonHeader).title.startswith("Practice: ")
        assert practice.tutor.view().is_question
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("f8")  # reset the highlighted lesson (the one last used), after a yes
        await pilot.pause()
        asked = str(app.screen.query_one("#confirm-question").render())
        title = screen.tutor.view().lesson_title
        assert asked == (
            f"Start “{title}” over? Your progress in “{title}” starts over;"
            " your past answers stay in your record (gdtutor export)."
        )
        assert "cannot be undone" not in asked  # the store archives a reset and keeps every attempt
        await pilot.press("n")
        await pilot.pause()
        assert app.course.store.lesson_state(LESSON).done
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert not app.course.store.lesson_state(LESSON).done
        assert app.course.store.attempts()  # the answers stay in the record, as the question said


async def test_help_on_the_lesson_screen_lists_its_keys(builtin_app):
    app = builtin_app()
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_lesson(app, pilot)
        shown = {
            active.binding.description
            for active in screen.active_bindings.values()
            if active.binding.show and active.binding.description
        }
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        for description in shown | {"Hint", "Solve", "Plot", "Back", "Skip", "Lessons"}:
            assert description in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#answer", Input).has_focus


async def test_no_color_keeps_verdicts_readable(builtin_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = builtin_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        screen = await open_lesson(app, pilot)
        await pilot.press("enter")
        await type_and_enter(pilot, screen.tutor.question().answer(), key_by_key=False)
        # Without colour the verdict still says what it is, with a symbol and words.
        assert "✓ Correct." in screen_text(app)


async def test_every_built_in_lesson_can_be_finished_in_the_app(builtin_app):
    """Every step kind the course uses (tables, derivations, runs to explore, choices) works on screen."""
    app = builtin_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for entry in app.course.entries():
            app.open_lesson(entry.id)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LessonScreen)
            for _ in range(500):
                if screen.tutor.finished:
                    break
                await answer_right(pilot, screen)
            assert screen.tutor.finished, entry.id
            assert "Lesson finished" in screen.query_one(FeedbackPanel).plain
            assert isinstance(app.screen, EndingScreen), entry.id
            await pilot.press("escape")
            await pilot.pause()
        await settle(pilot)
        for entry in app.course.entries():
            assert entry.done == entry.steps, entry.id
