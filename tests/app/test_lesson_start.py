"""`gdtutor LESSON`: the lesson's first step is the first thing drawn, answerable at once; the list of
lessons under it is built only after that first paint, and the lesson screen is styled for the terminal's
width before it mounts, so nothing restyles it on the way to that paint."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from rich.console import RenderableType
from rich.text import Text
from screens import screen_text, until
from stylesheet_probe import note_first_frame_rules, note_restyles
from textual._compositor import CompositorUpdate
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

from gdtutor.tui.app import GdtutorApp
from gdtutor.tui.course import Course
from gdtutor.tui.screens.lesson import LessonScreen
from gdtutor.tui.screens.picker import PickerScreen

pytestmark = pytest.mark.asyncio


async def test_a_named_lesson_is_painted_before_the_list_under_it_is_built_and_answers_at_once(
    fixture_app: Callable[..., GdtutorApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = fixture_app("fixture-descent")
    shown_when_built: list[str] = []
    build = PickerScreen.build

    async def build_noting_the_screen(picker: PickerScreen) -> None:
        shown_when_built.append(screen_text(app))
        await build(picker)

    monkeypatch.setattr(PickerScreen, "build", build_noting_the_screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(shown_when_built))
        first_paint = shown_when_built[0]
        assert "step 1/3" in first_paint
        assert "Gradient descent moves θ against the slope" in first_paint
        assert "Enter to go on" in first_paint  # the answer box, with what Enter does
        await pilot.press("enter", *"2.4", "enter")
        await until(pilot, lambda: "step 3/3" in screen_text(app))  # the right answer moved on
        await pilot.press("escape")
        await until(pilot, lambda: "2/3 steps done" in screen_text(app))
        assert isinstance(app.screen, PickerScreen)
        assert "Downhill on J(θ) = θ²" in screen_text(app)
    assert len(shown_when_built) == 1


async def test_each_widget_of_the_lesson_screen_is_styled_once_on_its_way_to_the_first_paint(
    fixture_app: Callable[..., GdtutorApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each widget is styled as it mounts, with the screen's width class (-narrow) already set, and the
    answer box is focused from the start: no restyle of the whole screen as it comes up (Textual's, on its
    first resume) and none of the work column (focused first, then left for the answer box)."""
    app = fixture_app("fixture-descent")
    styled: Counter[Widget] = Counter()
    apply = Stylesheet.apply
    painted = False

    def noting(self: Stylesheet, node: DOMNode, *args: object, **kwargs: object) -> None:
        if isinstance(node, Widget) and isinstance(node.screen, LessonScreen) and not painted:
            styled[node] += 1
        apply(self, node, *args, **kwargs)  # type: ignore[arg-type]

    async def build_after_paint(picker: PickerScreen, build=PickerScreen.build) -> None:
        nonlocal painted
        painted = True
        await build(picker)

    monkeypatch.setattr(Stylesheet, "apply", noting)
    monkeypatch.setattr(PickerScreen, "build", build_after_paint)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: painted)
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.has_class("-narrow")
        answer = screen.query_one("#answer")
        assert screen.focused is answer
        assert len(styled) > 20  # the screen, the work column, the prose's paragraphs, the footer's keys...
        assert styled[answer] == 2  # as it mounts, then focused
        # (Textual's footer marks its palette key once it is up.)
        again = [node for node, times in styled.items() if times > 1 and node is not answer]
        assert [type(node).__name__ for node in again] == ["FooterKey"]


async def test_the_restyle_left_out_at_the_first_resume_would_change_no_widget(
    fixture_app: Callable[..., GdtutorApp],
) -> None:
    """What the first ScreenResume skips: every widget on the screen keeps the styles it had when styled
    again from the stylesheet (the look does not rest on a restyle that no longer comes)."""
    app = fixture_app("fixture-descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LessonScreen) and app.screen._step_drawn)
        screen = app.screen
        nodes = list(screen.walk_children(with_self=True))
        before = [node.styles.base.css_lines for node in nodes]
        app.stylesheet.update(screen)
        assert [node.styles.base.css_lines for node in nodes] == before


async def test_the_first_frame_shown_draws_the_first_step_whole(
    fixture_app: Callable[..., GdtutorApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the app holds its frames back as it starts, the lesson screen is neither laid out nor rendered:
    such a render is thrown away, yet counts as painted, so the first frame shown drew only what changed after
    it (the header and the footer, not the step's prose). Nor is it laid out again for the size the driver
    reports as it starts, the size that frame was laid out for."""
    app = fixture_app("fixture-descent")
    frames: list[tuple[bool, str]] = []  # (held back, the frame's text) of each of the screen's renders
    display = GdtutorApp._display

    def noting(self: GdtutorApp, screen: Screen[object], renderable: RenderableType | None) -> None:
        if isinstance(screen, LessonScreen) and isinstance(renderable, CompositorUpdate):
            frames.append(
                (self._batch_count > 0, Text.from_ansi(renderable.render_segments(self.console)).plain)
            )
        display(self, screen, renderable)

    resized: list[Size] = []  # the sizes Textual's Resize handler laid the lesson screen out again for
    screen_resized, refresh_layout = Screen._screen_resized, Screen._refresh_layout
    resizing: list[Size] = []

    def noting_resize(self: Screen[object], size: Size) -> None:
        resizing.append(size)
        try:
            screen_resized(self, size)
        finally:
            resizing.pop()

    def noting_layout(self: Screen[object], size: Size | None = None, scroll: bool = False) -> None:
        if isinstance(self, LessonScreen) and resizing:
            resized.append(resizing[-1])
        refresh_layout(self, size, scroll)

    monkeypatch.setattr(GdtutorApp, "_display", noting)
    monkeypatch.setattr(Screen, "_screen_resized", noting_resize)
    monkeypatch.setattr(Screen, "_refresh_layout", noting_layout)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(frames) and not frames[-1][0])
        assert [held for held, _ in frames] == [False]
        first = frames[0][1]
        assert "step 1/3" in first and "Gradient descent moves θ" in first and "Enter to go on" in first
        await pilot.pause()
        assert resized == []  # the driver's report of the size the first frame was laid out for
        await pilot.resize_terminal(100, 30)  # a change of size is laid out
        await until(pilot, lambda: Size(100, 30) in resized)


async def test_a_named_lesson_shows_its_first_step_before_the_engine_and_keys_typed_meanwhile_act_in_turn(
    fixture_app: Callable[..., GdtutorApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read step it opens on is drawn from the lesson file; the tutor (numpy, the solver) comes after the
    first paint. Held back here, so that only the keys can bring it: they act as they would once it is
    there, in the order typed."""
    app = fixture_app("fixture-descent")
    painted: list[tuple[str, bool]] = []

    async def held_back(screen: LessonScreen) -> None:
        painted.append((screen_text(app), screen._tutor is None))

    monkeypatch.setattr(LessonScreen, "_load_tutor", held_back)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(painted))
        first_paint, without_tutor = painted[0]
        assert without_tutor
        assert "Gradient descent moves θ against the slope" in first_paint
        assert "J(θ) = θ², start θ = 3, α = 0.1" in first_paint  # the problem line, printed without numpy
        assert "step 1/3" in first_paint and "Enter to go on" in first_paint
        await pilot.press("f2", "enter", *"2.4", "enter")
        await until(pilot, lambda: "step 3/3" in screen_text(app))  # Enter went on, and 2.4 was right
        assert "And after the second update?" in screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: "2/3 steps done" in screen_text(app))


async def test_a_named_lesson_saved_on_a_question_opens_there_with_its_tutor(
    make_course: Callable[..., Course], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A question's state comes from the learner's answers, worked again by the engine: no early view."""
    course = make_course()
    course.open_tutor("fixture-descent").next()  # the learner read the first step and stopped
    course.close()
    app = GdtutorApp(make_course(), start_lesson="fixture-descent")
    loads: list[LessonScreen] = []

    async def noted(screen: LessonScreen) -> None:
        loads.append(screen)

    monkeypatch.setattr(LessonScreen, "_load_tutor", noted)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "what is θ after one update" in screen_text(app))
        assert "step 2/3" in screen_text(app)
        await pilot.press(*"2.4", "enter")
        await until(pilot, lambda: "step 3/3" in screen_text(app))
    assert not loads


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_plain_prose_of_the_first_paint_looks_as_the_markdown_that_takes_its_place(
    builtin_app: Callable[..., GdtutorApp], monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """The first step's paragraphs are drawn without the Markdown widget (widgets/plain_prose.py), which
    takes their place once the first paint is done: the work column shows the same before and after (the
    plot beside it, at 120 columns, comes with the tutor)."""
    app = builtin_app("descent-on-theta-squared")
    painted: list[str] = []
    load_tutor = LessonScreen._load_tutor

    async def noting(screen: LessonScreen) -> None:
        painted.append(screen_text(app))
        await load_tutor(screen)

    monkeypatch.setattr(LessonScreen, "_load_tutor", noting)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: bool(painted) and bool(app.screen.query("#prose")))
        await pilot.pause()
        assert not app.screen.query("#plain-prose")  # the Markdown widget took its place
        work = size[0] if size[0] < 100 else 58  # the work column; the plot stands beside it when wide
        first = [line[:work] for line in painted[0].splitlines()[:-1]]  # the footer's keys come after
        assert "Before fitting lines to data, practise on a cost with" in "\n".join(first)
        assert [line[:work] for line in screen_text(app).splitlines()[:-1]] == first


async def test_a_named_lesson_parses_only_its_screens_rules_before_its_first_paint(
    fixture_app: Callable[..., GdtutorApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The picker's rules and the lesson screen's (lesson.tcss) before the first paint; the other screens'
    (screens.tcss) after it, so that F1 then opens help without restyling every widget of the app."""
    app = fixture_app("fixture-descent")
    at_first_paint = note_first_frame_rules(monkeypatch)
    restyles = note_restyles(monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(at_first_paint))
        assert {"PickerScreen", "LessonScreen"} <= at_first_paint[0]
        assert not at_first_paint[0] & {"HelpScreen", "ErrorsScreen", "GlossaryScreen", "EndingScreen"}
        await until(pilot, lambda: isinstance(app.screen, LessonScreen) and app.screen._tutor is not None)
        await pilot.pause()
        restyles.clear()
        await pilot.press("f1")
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        assert restyles == []
        assert app.screen.query_one("#help-body").styles.padding.left > 0  # HelpScreen #help-body's rule
