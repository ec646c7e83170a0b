"""Pictures of `gdtutor class watch` at 80×24 and 120×40, over a class made at a fixed moment so every
"3 min" and count is the same on every run."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from fixtures.classroom import make_class
from screens import screen_text, settle, until

from gdtutor.tui.dashboard import DashboardApp

SIZES = [(80, 24), (120, 40)]
NOW = datetime(2026, 3, 2, 10, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class") / "physics-2b"
    make_class(folder, NOW)
    return folder


def showing(*texts: str):
    """Wait until every one of ``texts`` is on the screen whole: a table's columns widen to rows added to
    it only when it next goes idle, which can come after settle() returns, and one column may widen a
    frame after another."""

    async def wait(pilot) -> None:
        await settle(pilot)
        await until(pilot, lambda: all(text in screen_text(pilot.app) for text in texts))

    return wait


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_dashboard(snap_compare, class_folder, size):
    app = DashboardApp(class_folder, clock=lambda: NOW)
    assert snap_compare(app, terminal_size=size, run_before=showing("first-gradient", "old-otto"))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_dashboard_mistakes_by_step(snap_compare, class_folder, size):
    async def mistakes(pilot):
        pilot.app.animation_level = "none"  # the tab's underline slides over; the picture must not catch it
        await settle(pilot)
        await pilot.press("f3")
        await showing("ten-iterations")(pilot)

    assert snap_compare(
        DashboardApp(class_folder, clock=lambda: NOW), terminal_size=size, run_before=mistakes
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_dashboard_learner_answers(snap_compare, class_folder, size):
    async def answers(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await showing("descent-on-theta-squared")(pilot)

    assert snap_compare(DashboardApp(class_folder, clock=lambda: NOW), terminal_size=size, run_before=answers)
