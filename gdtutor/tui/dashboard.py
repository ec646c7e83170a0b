"""``gdtutor class watch``: the teacher's live dashboard over a class folder.

The app only draws; ``gdtutor.classroom.live.ClassWatch`` reads the stores. A worker thread polls them
every ``POLL_SECONDS`` (cheap: only changed stores are opened, only new attempts read), then the screens
redraw from the watch's views, so an answer shows within about a second of being saved.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from gdtutor.classroom.live import ClassWatch, Clock, utc_clock
from gdtutor.tui.app import default_theme, hangup_safe
from gdtutor.tui.screens.watch import WatchScreen

if TYPE_CHECKING:
    from textual.driver import Driver

POLL_SECONDS = 1.0


class DashboardApp(App[None]):
    """The class at a glance (``WatchScreen``); Enter on a learner opens their answers."""

    CSS_PATH = "styles/dashboard.tcss"
    TITLE = "gdtutor class watch"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Close the dashboard"),
    ]

    def __init__(self, folder: Path, clock: Clock = utc_clock, watch: ClassWatch | None = None) -> None:
        super().__init__()
        self.class_watch = ClassWatch(folder, clock) if watch is None else watch
        self._polling = False  # a poll's worker is reading the stores
        self.sub_title = folder.resolve().name

    def get_driver_class(self) -> type[Driver]:
        return hangup_safe(super().get_driver_class())

    def on_mount(self) -> None:
        self.theme = default_theme(os.environ)
        self.push_screen(WatchScreen())
        self.poll_stores()
        self.set_interval(POLL_SECONDS, self.poll_stores)

    def poll_stores(self) -> None:
        """Read the class's stores in a worker thread, then redraw. While a poll is still reading (a first
        poll of a large class, a slow disk) the next tick starts none: a redraw then would show the class
        half read, some learners and not others."""
        if self._polling:
            return
        self._polling = True
        self._poll_in_thread()

    @work(thread=True, group="poll")
    def _poll_in_thread(self) -> None:
        try:
            self.class_watch.poll()
        finally:
            self.call_from_thread(self._polled)

    def _polled(self) -> None:
        self._polling = False
        self.redraw_class()

    def redraw_class(self) -> None:
        """Redraw every screen that shows the class from the watch's current views."""
        for screen in self.screen_stack:
            show = getattr(screen, "show_class", None)
            if show is not None:
                show(self.class_watch)
