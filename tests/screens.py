"""What the app and snapshot tests share about driving a Textual app: waiting until it is idle, reading the
screen as text, and the notifications shown. (tests/ is on the path: see tests/conftest.py.)"""

from __future__ import annotations

from textual.app import App
from textual.pilot import Pilot


async def settle(pilot: Pilot) -> None:
    """Wait for the app to be idle: pending messages handled, every worker (course check, plots) done."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app: App) -> str:
    """Everything on the screen as plain text, line by line. Textual has no public reader of the screen's
    text (export_screenshot gives SVG), so this is the one place that uses the compositor."""
    return "\n".join(line.text for line in app.screen._compositor.render_strips())


def notifications(app: App) -> list[str]:
    """The messages of the notifications shown now (Textual keeps them in a private list only)."""
    return [notification.message for notification in app._notifications]
