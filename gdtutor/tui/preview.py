"""``gdtutor preview LESSON.yaml``: the author's inner loop. The lesson opens in the lesson screen and reloads
whenever the file is saved, on the step the author was on; what validate would report shows in a panel under
it instead of ending the preview. Nothing is recorded: the tutor has no progress store at all.

The file is polled (a stat every ``POLL_SECONDS``): it costs nothing, needs no extra dependency, and sees
every way an editor saves (in place, or a new file renamed over the old one). Reading and checking run in a
worker thread, the self-tests after the lesson is already shown, so a slow self-test never delays a reload.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from gdtutor.engine.preview import LessonPreview, Loaded
from gdtutor.errors import GdtutorError
from gdtutor.files import display_path
from gdtutor.tui.app import default_theme, hangup_safe
from gdtutor.tui.screens import LESSON_CSS, SCREENS_CSS
from gdtutor.tui.screens.ending import score_line
from gdtutor.tui.screens.lesson import LessonScreen

if TYPE_CHECKING:
    from pathlib import Path

    from textual.driver import Driver

    from gdtutor.engine.events import LessonFinished
    from gdtutor.lessons.model import Lesson

POLL_SECONDS = 0.5
PANEL_PROBLEMS = 4  # problems listed under the lesson at once; the rest are counted


def count(number: int, word: str) -> str:
    return f"{number} {word}{'s' * (number != 1)}"


def status_text(name: str, loaded: Loaded | None, *, checking: bool, stale: bool, limit: int | None) -> Text:
    """What the preview says about the file: when it was read, what validate finds, the problems."""
    text = Text()
    text.append(f"Preview of {name}", style="bold")
    if loaded is None:
        text.append(": reading…")
        return text
    text.append(f", read at {time.strftime('%H:%M:%S')}. ")
    errors = loaded.errors
    warnings = len(loaded.problems) - errors
    if not loaded.problems:
        text.append("Running the lesson's tests…" if checking else "No problems.")
    else:
        found = ", ".join(
            [count(errors, "problem")] * bool(errors) + [count(warnings, "warning")] * bool(warnings)
        )
        text.append(found + (" (running the lesson's tests…)" if checking else "") + ":")
    if stale:
        text.append("\nThe file does not load; the lesson shown is the last version that did.", style="bold")
    shown = loaded.problems if limit is None else loaded.problems[:limit]
    for problem in shown:
        text.append("\n")
        text.append(str(problem), style="bold red" if problem.severity == "error" else "yellow")
    if len(shown) < len(loaded.problems):
        text.append(f"\n… {len(loaded.problems) - len(shown)} more: gdtutor validate {name}", style="dim")
    return text


class PreviewStatus(Static):
    """The preview's line about the file, and the problems found in it."""


class PreviewWaitScreen(Screen[None]):
    """Shown until the file first loads: every problem that stops it, updated on each save."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="preview-wait"):
            yield PreviewStatus("", id="preview-status", markup=False)
            yield Static(
                Text(
                    "Fix the file and save it: the preview reloads by itself. Ctrl+Q quits.", style="italic"
                ),
                id="preview-tip",
            )
        yield Footer()


class PreviewLessonScreen(LessonScreen):
    """The lesson screen with the preview's panel under it. Esc quits; Enter at the end starts over."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "lessons", "Quit", tooltip="Leave the preview (nothing was recorded)"),
    ]

    def __init__(self, preview: LessonPreview, lesson: Lesson) -> None:
        super().__init__(preview.tutor(lesson), heading=None)
        self.preview = preview
        self.source = lesson  # as loaded, before the seed's draw: a reload or a restart starts from it

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield PreviewStatus("", id="preview-status", markup=False)

    def reload(self, lesson: Lesson) -> None:
        """Show the file's new version, where the author was in the old one."""
        tutor = self.preview.tutor(lesson, previous=self.tutor)
        self.source = lesson
        if self.is_mounted:
            self.start_tutor(tutor)
        else:  # saved again before the screen was up: on_mount starts the tutor it finds
            self.tutor = tutor

    def finished_note(self, event: LessonFinished) -> str:
        score = score_line(event.solved, event.questions, event.revealed, event.skipped)
        return f"Preview finished: {score} Enter: from the start again. Esc: quit."

    def after_finished(self) -> None:
        self.start_tutor(self.preview.tutor(self.source))

    def action_lessons(self) -> None:
        self.app.exit()


class PreviewApp(App[None]):
    """One lesson file, reloaded on every save; F1 help; Esc or ctrl+q quits."""

    # No picker here: the other screens' rules from the start.
    CSS_PATH = [LESSON_CSS, SCREENS_CSS]  # noqa: RUF012  (Textual declares it)
    TITLE = "gdtutor preview"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", tooltip="Keys and how to type answers"),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False, tooltip="Leave the preview"),
    ]

    def __init__(self, path: Path, seed: int = 0, poll_seconds: float = POLL_SECONDS) -> None:
        super().__init__()
        self.preview = LessonPreview(path, seed)
        self.sub_title = f"{display_path(path)}, seed {seed}"
        self._file_name = display_path(path)
        self._poll_seconds = poll_seconds
        self._loaded: Loaded | None = None
        self._checking = False
        self._lesson_screen: PreviewLessonScreen | None = None

    def get_driver_class(self) -> type[Driver]:
        return hangup_safe(super().get_driver_class())

    def on_mount(self) -> None:
        self.theme = default_theme(os.environ)
        self.push_screen(PreviewWaitScreen())
        self.call_after_refresh(self.poll)
        self.set_interval(self._poll_seconds, self.poll)

    def poll(self) -> None:
        if self.preview.take_change():
            self.reload()

    @work(thread=True, exclusive=True, group="preview")
    def reload(self) -> None:
        """Read the file, show it, then run its self-tests and show what they find (unless saved again)."""
        worker = get_current_worker()
        loaded = self.preview.read()
        self.call_from_thread(self.show, loaded, loaded.lesson is not None)
        if loaded.lesson is None or worker.is_cancelled:
            return
        tested = self.preview.self_test(loaded)
        if not worker.is_cancelled:
            self.call_from_thread(self.show, tested, False)

    def show(self, loaded: Loaded, checking: bool) -> None:
        """The file as read: the lesson (reloaded in place, or opened) and the problems in the panel."""
        fresh = self._loaded is None or loaded.lesson is not self._loaded.lesson
        self._loaded, self._checking = loaded, checking
        if loaded.lesson is not None and fresh:
            try:
                self._open(loaded.lesson)
            except GdtutorError as error:  # validate let it through but the tutor cannot run it
                self.notify(error.message, title="Can't open the lesson", severity="error", markup=False)
        self._show_status()
        self.call_after_refresh(self._show_status)  # a screen pushed just now has composed by then

    def _open(self, lesson: Lesson) -> None:
        if self._lesson_screen is None:
            self._lesson_screen = PreviewLessonScreen(self.preview, lesson)
            self.push_screen(self._lesson_screen)
        else:
            self._lesson_screen.reload(lesson)

    def _show_status(self) -> None:
        loaded = self._loaded
        stale = loaded is not None and loaded.lesson is None and self._lesson_screen is not None
        for screen in self.screen_stack:
            # Under the lesson the panel is short (it shares the screen); alone it lists everything.
            limit = PANEL_PROBLEMS if isinstance(screen, PreviewLessonScreen) else None
            text = status_text(self._file_name, loaded, checking=self._checking, stale=stale, limit=limit)
            for panel in screen.query(PreviewStatus):
                panel.update(text)

    def action_help(self) -> None:
        from gdtutor.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.screen))
