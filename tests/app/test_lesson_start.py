"""`gdtutor LESSON`: the lesson's first step is the first thing drawn, answerable at once; the list of
lessons under it is built only after that first paint, and the lesson screen is styled for the terminal's
width before it mounts, so nothing restyles it on the way to that paint."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from screens import screen_text, until

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


async def test_the_lesson_screen_is_not_restyled_on_its_way_to_the_first_paint(
    fixture_app: Callable[..., GdtutorApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each restyle of the screen restyles every widget on it. Textual restyles a screen once as it comes
    up; its width class (-narrow), which its breakpoints would set after, is set before."""
    app = fixture_app("fixture-descent")
    restyled: list[object] = []
    update_styles = GdtutorApp.update_styles
    painted = False

    def noting(self: GdtutorApp, node: object = None, animate: bool = True) -> None:
        if isinstance(node, LessonScreen) and not painted:
            restyled.append(node)
        update_styles(self, node, animate)

    async def build_after_paint(picker: PickerScreen, build=PickerScreen.build) -> None:
        nonlocal painted
        painted = True
        await build(picker)

    monkeypatch.setattr(GdtutorApp, "update_styles", noting)
    monkeypatch.setattr(PickerScreen, "build", build_after_paint)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: painted)
        assert app.screen.has_class("-narrow")
        assert len(restyled) == 1


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
