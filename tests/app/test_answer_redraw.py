"""What an answer redraws: a verdict of as many lines as the one before is repainted in place, with no
layout of the screen (the costliest part of an answer's frame), and still shows whole and in view."""

from __future__ import annotations

import pytest
from screens import screen_text, settle, to_the_first_question, until
from textual import events, messages
from textual._context import active_message_pump
from textual.app import App
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widgets import Input

from gdtutor.tui.screens.lesson import PLOT_BAR
from gdtutor.tui.widgets import plot
from gdtutor.tui.widgets.feedback import FeedbackPanel
from gdtutor.tui.widgets.plot import PlotPanel, PlotView

pytestmark = pytest.mark.asyncio

LESSON = "descent-on-theta-squared"


async def layouts_from_the_first_question(app: App, pilot: Pilot) -> list[object]:
    """Go to the lesson's first question; the list gets each layout of the screen from then on."""
    await to_the_first_question(pilot)
    screen = app.screen
    layouts: list[object] = []
    screen.screen_layout_refresh_signal.subscribe(screen, layouts.append)
    return layouts


async def test_a_verdict_of_as_many_lines_is_repainted_without_a_layout(builtin_app):
    app = builtin_app(LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_first_question(pilot)
        screen = app.screen
        feedback = screen.query_one(FeedbackPanel)
        layouts: list[object] = []
        screen.screen_layout_refresh_signal.subscribe(feedback, layouts.append)

        await pilot.press(*"q1", "enter")  # not a formula: the verdict says so and quotes it
        await settle(pilot)
        assert "q1" in feedback.plain
        assert layouts  # the panel was empty: showing it is a layout

        await pilot.press(*"q2")  # typing lays out the answer box (Textual's): not counted
        await settle(pilot)
        laid_out = len(layouts)
        lines = feedback.size.height
        await pilot.press("enter")
        await settle(pilot)
        assert "q2" in feedback.plain and "q1" not in feedback.plain
        assert feedback.size.height == lines
        assert len(layouts) == laid_out
        assert "q2" in screen_text(app)  # repainted, and in view

        await pilot.press(*"2*x*theta+theta", "enter")  # a different verdict: a different height, laid out
        await settle(pilot)
        assert len(layouts) > laid_out


async def test_a_right_answer_that_moves_on_shows_the_next_step_in_one_layout(builtin_app):
    """The verdict, the next step's prose (set in place), its number and its question: one layout of the
    screen, not one for the step and another when the widgets whose height changed report their new size."""
    app = builtin_app(LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        layouts = await layouts_from_the_first_question(app, pilot)
        for answer, step in (("2*theta", "step 3/"), ("6", "step 4/"), ("0.6", "step 5/")):
            await pilot.press(*answer)
            await settle(pilot)
            layouts.clear()  # typing lays out the answer box (Textual's): not counted
            await pilot.press("enter")
            await settle(pilot)
            assert step in screen_text(app)
            assert len(layouts) == 1, answer


async def test_the_plot_giving_way_restyles_only_the_plot_and_its_bar_and_is_drawn_when_back(
    builtin_app, monkeypatch
):
    """At 80×24 the table of step 6 pushes the plot away: that shows on the plot and its bar, not as a class
    of the screen, which restyled every widget on it; and the plot, whose data the same answer changed, is
    drawn (plotext, pure Python) when it shows again, not while it is away."""
    drawn: list[object] = []
    draw = plot.draw_plot
    monkeypatch.setattr(plot, "draw_plot", lambda *args: drawn.append(args[0]) or draw(*args))
    app = builtin_app(LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_first_question(pilot)
        screen = app.screen
        for answer in ("2*theta", "6", "0.6"):
            await pilot.press(*answer, "enter")
            await settle(pilot)
        assert screen.query_one(PlotPanel).display
        drawn.clear()
        restyled: list[DOMNode] = []
        update_styles = app.update_styles

        def recorded(node: DOMNode, animate: bool = True) -> None:
            restyled.append(node)
            update_styles(node, animate=animate)

        app.update_styles = recorded  # type: ignore[method-assign]
        await pilot.press(*"2.4", "enter")
        await settle(pilot)
        assert "step 6/" in screen_text(app) and PLOT_BAR in screen_text(app)
        assert not screen.query_one(PlotPanel).display
        assert screen not in restyled and screen.query_one("#body") not in restyled
        assert not drawn
        await pilot.press("f5")  # back to step 5, where the plot has room
        await settle(pilot)
        views = [view for view in screen.query(PlotView) if view.display]
        await until(pilot, lambda: all(view.drawn for view in views))
        assert all(spec in [view.spec for view in views] for spec in drawn)  # only what shows


async def test_the_answer_that_opens_a_table_paints_the_step_once_as_it_stays(builtin_app):
    """At 80×24 the table of step 6 pushes the plot away. The work is fitted between the layout and the
    paint, so no frame shows the plot that then gives way (with the question below the fold), and step 6 is
    painted twice at most (four times when each fit waited for the paint before it)."""
    app = builtin_app(LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_first_question(pilot)
        for answer in ("2*theta", "6", "0.6"):
            await pilot.press(*answer, "enter")
            await settle(pilot)
        await pilot.press(*"2.4")
        app.screen.query_one(Input).cursor_blink = False  # a blink repaints the box: not the answer's paint
        await settle(pilot)
        frames: list[str] = []
        display = app._display

        def painted(screen: object, update: object) -> None:
            frames.append(screen_text(app))
            display(screen, update)  # type: ignore[arg-type]

        app._display = painted  # type: ignore[method-assign]
        await pilot.press("enter")
        await settle(pilot)
        shown = [frame for frame in frames if "step 6/" in frame]
        assert shown and len(shown) <= 2
        assert all(PLOT_BAR in frame and "→ row 1" in frame for frame in shown)


async def test_clearing_the_answer_box_sends_no_message_up_the_screen(builtin_app):
    """A right answer empties the box; Textual's Input.Changed for that went up through every container to
    the app, and nothing listens for it."""
    changed: list[Input.Changed] = []

    def heard(message: object) -> None:
        if isinstance(message, Input.Changed):
            changed.append(message)

    app = builtin_app(LESSON)
    async with app.run_test(size=(80, 24), message_hook=heard) as pilot:
        await to_the_first_question(pilot)
        await pilot.press(*"2*theta")
        await settle(pilot)
        typed = len(changed)
        assert typed  # typing is heard
        await pilot.press("enter")
        await settle(pilot)
        assert "step 3/" in screen_text(app) and app.screen.query_one(Input).value == ""
        assert len(changed) == typed


async def test_typing_repaints_the_answer_box_without_a_layout_and_a_long_answer_scrolls_to_the_cursor(
    builtin_app,
):
    """Textual's Input asks for a layout of the whole screen on every key (the width of its text is its
    scrollable size); the answer box's size never depends on its text, so a key only repaints it."""
    app = builtin_app(LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        layouts = await layouts_from_the_first_question(app, pilot)
        await pilot.press(*"2*theta")
        await settle(pilot)
        assert layouts == [] and "2*theta" in screen_text(app)
        long_answer = "2*theta" + "".join(f" + {digit}*theta - {digit}*theta" for digit in "123456789")
        await pilot.press(*long_answer[len("2*theta") :])
        await settle(pilot)
        shown = screen_text(app)
        assert layouts == []
        assert long_answer[-30:] in shown and "2*theta + 1*theta" not in shown  # scrolled to the cursor
        await pilot.press("home")
        await settle(pilot)
        assert "2*theta + 1*theta" in screen_text(app) and long_answer[-30:] not in screen_text(app)


async def test_enter_and_the_answer_it_sends_wake_only_the_box_and_the_screen(builtin_app):
    """Enter in the answer box reached the app, the box, and then every container up to the app again, which
    found the box's own binding; and the answer climbed the same containers to the screen. Each stop is a
    dispatch of a message loop, for nothing: now the key stops at the box, and the answer goes to the
    screen."""
    enter_heard_by: list[str] = []
    answers_heard_by: list[str] = []

    def heard(message: object) -> None:
        if isinstance(message, events.Key) and message.key == "enter":
            enter_heard_by.append(type(active_message_pump.get()).__name__)
        elif isinstance(message, Input.Submitted):
            answers_heard_by.append(type(active_message_pump.get()).__name__)

    app = builtin_app(LESSON)
    async with app.run_test(size=(80, 24), message_hook=heard) as pilot:
        await to_the_first_question(pilot)
        await pilot.press(*"2*theta")
        await settle(pilot)
        enter_heard_by.clear()
        answers_heard_by.clear()
        await pilot.press("enter")
        await settle(pilot)
        assert "step 3/" in screen_text(app)  # the answer was taken and judged right
        assert enter_heard_by == ["GdtutorApp", "AnswerBox"]
        assert answers_heard_by == ["LessonScreen"]

        await pilot.press(*"q1", "enter")  # a wrong answer goes the same way, and is kept to edit
        await settle(pilot)
        assert "q1" in app.screen.query_one(FeedbackPanel).plain
        assert app.screen.query_one(Input).value == "q1"


async def test_the_same_verdict_on_the_next_step_is_not_drawn_again(builtin_app):
    """A right answer after a right answer leaves the panel's words as they were: it is not repainted."""
    feedback_updates: list[object] = []

    def heard(message: object) -> None:
        if isinstance(message, messages.Update) and isinstance(message.widget, FeedbackPanel):
            feedback_updates.append(message)

    app = builtin_app(LESSON)
    async with app.run_test(size=(80, 24), message_hook=heard) as pilot:
        await to_the_first_question(pilot)
        await pilot.press(*"2*theta", "enter")
        await settle(pilot)
        await pilot.press(*"6", "enter")
        await settle(pilot)
        feedback = app.screen.query_one(FeedbackPanel)
        verdict = feedback.plain
        assert "step 4/" in screen_text(app) and verdict.startswith("✓")
        assert feedback_updates  # the verdicts so far are drawn
        feedback_updates.clear()

        await pilot.press(*"0.6", "enter")
        await settle(pilot)
        assert "step 5/" in screen_text(app) and feedback.plain == verdict
        assert verdict in screen_text(app)
        assert feedback_updates == []

        await pilot.press(*"q1", "enter")  # other words are drawn
        await settle(pilot)
        assert "q1" in feedback.plain and feedback_updates


async def test_a_work_column_grown_past_the_screen_is_not_laid_out_again_for_its_new_height(builtin_app):
    """At 80×24 the table of step 6 pushes the plot away and the bar under the work says why. When the work
    column's content grew, Textual asked for one more layout to record the new scrollable height, which the
    layout had just worked out: it found the same sizes (four layouts, now three)."""
    app = builtin_app(LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        layouts = await layouts_from_the_first_question(app, pilot)
        for answer in ("2*theta", "6", "0.6"):
            await pilot.press(*answer, "enter")
            await settle(pilot)
        await pilot.press(*"2.4")
        app.screen.query_one(Input).cursor_blink = False
        await settle(pilot)
        layouts.clear()
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(app)
        assert "step 6/" in shown and PLOT_BAR in shown and "→ row 1" in shown
        assert len(layouts) <= 3
        work = app.screen.query_one("#work")
        feedback = app.screen.query_one(FeedbackPanel)
        assert work.virtual_size.height >= feedback.virtual_region.bottom  # its new height is recorded
