"""What the app and snapshot tests share about driving a Textual app: waiting until it is idle or until
something shows, reading the screen as text, and the notifications shown. (tests/ is on the path: see
tests/conftest.py.)"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import App
from textual.pilot import Pilot


async def settle(pilot: Pilot) -> None:
    """Wait for the app to be idle: pending messages handled, every worker (course check, plots) done."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot: Pilot, condition: Callable[[], bool], seconds: float = 30.0) -> None:
    """Let the app run (its timers, workers, messages) until ``condition()`` holds: what a timer or another
    thread brings about has no moment a fixed pause is sure to cover on a loaded machine."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting; the screen shows:\n{screen_text(pilot.app)}")
        await pilot.pause(0.05)


async def to_the_first_question(pilot: Pilot) -> None:
    """A lesson that opens with a step to read, once settled: Enter, to its first question."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def screen_text(app: App) -> str:
    """Everything on the screen as plain text, line by line. Textual has no public reader of the screen's
    text (export_screenshot gives SVG), so this is the one place that uses the compositor."""
    return "\n".join(line.text for line in app.screen._compositor.render_strips())


def notifications(app: App) -> list[str]:
    """The messages of the notifications shown now (Textual keeps them in a private list only)."""
    return [notification.message for notification in app._notifications]
