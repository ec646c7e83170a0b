"""`gdtutor LESSON`: the lesson's first step is the first thing drawn, answerable at once; the list of
lessons under it is built only after that first paint, and the lesson screen is styled for the terminal's
width before it mounts, so nothing restyles it on the way to that paint."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from screens import screen_text, until

from gdtutor.tui.app import GdtutorApp
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
