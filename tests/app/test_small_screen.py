"""At 80×24: a read step's prose is not hidden behind the plot, and a wrong answer is replaced by typing."""

from __future__ import annotations

import pytest
from screens import screen_text, settle
from textual.widgets import Input

from gdtutor.tui.screens.lesson import PLOT_BAR, PLOT_OFF_BAR, LessonScreen
from gdtutor.tui.widgets.plot import PlotPanel

pytestmark = pytest.mark.asyncio

LESSON = "descent-on-theta-squared"


async def test_a_read_step_shows_all_its_prose_and_f4_brings_the_plot(builtin_app):
    app = builtin_app(LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.tutor.view().kind == "read"
        await pilot.pause()
        prose = " ".join(screen.tutor.view().prompt.split())
        shown = " ".join(screen_text(app).split())
        assert prose[-40:] in shown  # the end of the prose is on screen, not scrolled away
        plots = screen.query_one(PlotPanel)
        assert not plots.display or plots.region.height == 0
        await pilot.press("f4")
        await pilot.pause()
        assert plots.region.height > 5
        await pilot.press("f4")
        await pilot.press("enter")  # a question step: the plot is back beside the question
        await pilot.pause()
        assert screen.tutor.view().kind != "read" and plots.region.height > 5


async def test_after_a_wrong_answer_typing_replaces_it(builtin_app):
    app = builtin_app(LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"3*theta", "enter")
        await pilot.pause()
        assert screen.tutor.view().last.status == "wrong"
        answer = screen.query_one("#answer", Input)
        assert answer.value == "3*theta"  # kept, to edit with the arrows
        await pilot.press(*"2*theta")
        assert answer.value == "2*theta"


async def test_a_long_step_opens_with_its_question_and_answer_box_in_view(builtin_app):
    app = builtin_app(LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        for _ in range(10):
            if screen.tutor.view().table is not None:
                break
            view = screen.tutor.view()
            answer = screen.tutor.question().answer() if view.is_question and not view.complete else ""
            screen.query_one("#answer", Input).value = answer
            await pilot.press("enter")
            await pilot.pause()
        assert screen.tutor.view().table is not None  # a prompt and a table: more than the space there is
        await app.workers.wait_for_complete()
        await pilot.pause()
        work = screen.query_one("#work")
        visible = work.region
        for part in ("#question", "#answer"):
            region = screen.query_one(part).region
            assert visible.y <= region.y and region.bottom <= visible.bottom, part


async def test_lesson_14s_first_step_fits_80x24_without_scrolling_its_problem_line_away(builtin_app):
    app = builtin_app("feature-scaling")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.tutor.view().kind == "read"
        work = screen.query_one("#work")
        assert work.max_scroll_y == 0  # no scrollbar: nothing of the step is out of view
        shown = " ".join(screen_text(app).split())
        assert " ".join(screen.tutor.view().problem.split()) in shown  # the whole problem line
        assert "wildly wrong for the other." in shown


async def test_the_rows_a_put_away_plot_leaves_say_what_it_shows(builtin_app):
    app = builtin_app("notation-and-cost")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        for _ in range(8):  # on to step 9 in the tutor, then drawn once
            screen.tutor.skip()
        screen.start_tutor(screen.tutor)
        await settle(pilot)
        assert screen.tutor.view().step_id == "minimum"
        screen.query_one(Input).value = "2"  # "exactly 0": the feedback pushes the plot away
        await pilot.press("enter")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        summary = screen.query_one(PlotPanel).specs[-1].summary
        assert lines[-3].strip() == PLOT_BAR and lines[-2].strip() == summary  # under the bar, in words
        shown = " ".join(screen_text(app).split())
        assert "What will gradient descent look for?" in shown and "whatever it is." in shown


async def test_the_bar_says_the_learner_put_the_plot_away_when_f4_did(builtin_app):
    app = builtin_app(LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # to the first question, where the plot has room
        await settle(pilot)
        screen = app.screen
        assert PLOT_BAR not in screen_text(app) and screen.query_one(PlotPanel).region.height > 5
        await pilot.press("f4")
        await settle(pilot)
        shown = screen_text(app)
        assert PLOT_OFF_BAR in shown and PLOT_BAR not in shown  # not "to keep your work in view"
        await pilot.press("f4")
        await settle(pilot)
        assert PLOT_OFF_BAR not in screen_text(app) and screen.query_one(PlotPanel).region.height > 5


async def test_a_step_reached_with_feedback_shows_its_whole_prompt_not_only_its_question(builtin_app):
    app = builtin_app("learning-rate")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        for _ in range(2):  # on to "pattern" in the tutor, then drawn once
            screen.tutor.skip()
        screen.start_tutor(screen.tutor)
        await settle(pilot)
        assert screen.tutor.view().step_id == "pattern"
        screen.query_one(Input).value = "1"  # right: on to "alpha-one", the option's feedback carried along
        await pilot.press("enter")
        await settle(pilot)
        view = screen.tutor.view()
        assert view.step_id == "alpha-one"
        shown = " ".join(screen_text(app).split())
        assert " ".join(view.problem.split()) in shown
        assert "Now try α = 1 from θ = 3." in shown  # what the question is about, above it
        assert "Predict: does descent converge, diverge, or oscillate?" in shown
        assert "That is divergence." in shown  # and the feedback on the answer just given
