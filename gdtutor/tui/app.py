"""The Textual app: a lesson picker, lesson screens, help, and the command palette.

The app holds no tutoring logic. Screens send the learner's input to the engine's ``Tutor`` and draw
the events it answers with; the ``Course`` object (``gdtutor.tui.course``) finds the lessons and
wires the engine to the progress store. Heavy modules (numpy, plotext, the engine, the lesson
bodies) load when a lesson opens, not at start-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from gdtutor.progress.skills import skill_name
from gdtutor.stopping import STOP_SIGNALS, exit_status
from gdtutor.tui.commands import CourseCommands
from gdtutor.tui.course import Opening
from gdtutor.tui.lean_strips import make_strip_caches_on_first_use
from gdtutor.tui.messages import OpenLesson, OpenPractice, ResetProgress, StoreOpened
from gdtutor.tui.parsed_css import keep_parsed_css
from gdtutor.tui.screens import LESSON_CSS, SCREENS_CSS
from gdtutor.tui.screens.picker import PickerScreen
from gdtutor.tui.settings import Settings, load_settings, save_settings
from gdtutor.tui.text import unicode_math

if TYPE_CHECKING:
    from textual.driver import Driver
    from textual.screen import Screen

    from gdtutor.engine import Tutor
    from gdtutor.tui.course import Course
    from gdtutor.tui.screens.lesson import LessonScreen

RICH_THEME = "textual-dark"
# Uses the terminal's own 16 colours: the safe choice when the terminal does not say it has more.
ANSI_THEME = "ansi-dark"
STORE_CHECK_SECONDS = 0.5  # how soon the learner hears that saving stopped or started again
NOT_SAVING_SECONDS = 24 * 3600  # the warning stays up while answers are not being saved


def reset_words(lesson_id: str | None, title: str) -> tuple[str, str]:
    """The question before a reset and what is said after it, in plain words."""
    kept = "your past answers stay in your record (gdtutor export)."
    if lesson_id is None:
        return (
            "Start every lesson over? Your progress in every lesson and your mastery of each skill start"
            f" over; {kept}",
            "Every lesson starts over.",
        )
    named = f"“{title}”"  # quoted, so a title such as "When to stop" reads as a name, not as words
    return f"Start {named} over? Your progress in {named} starts over; {kept}", f"{named} starts over."


def default_theme(environ: Mapping[str, str]) -> str:
    """A full-colour theme where the terminal announces 256 colours or more, else the terminal's palette."""
    colour_term = environ.get("COLORTERM", "").lower()
    if colour_term in ("truecolor", "24bit") or "256color" in environ.get("TERM", ""):
        return RICH_THEME
    return ANSI_THEME


def hangup_safe(driver: type[Driver]) -> type[Driver]:
    """Linux's driver made to end cleanly when its terminal goes away (gdtutor.tui.driver); others as is."""
    if f"{driver.__module__}:{driver.__name__}" != "textual.drivers.linux_driver:LinuxDriver":
        return driver  # Windows, or a driver chosen with TEXTUAL_DRIVER
    from gdtutor.tui.driver import HangupSafeDriver  # imports termios: only where Linux's driver runs

    return HangupSafeDriver


class GdtutorApp(App[None]):
    """The picker first (or the lesson named on the command line on top of it); F1 help everywhere."""

    CSS_PATH = "styles/app.tcss"
    TITLE = "gdtutor"
    SUB_TITLE = "gradient descent, step by step"
    COMMANDS = App.COMMANDS | {CourseCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", tooltip="Keys and how to type answers"),
        # Off the footer, which the lesson's keys already fill at 80 columns; F1 help and the palette list it.
        Binding("f7", "glossary", "Glossary", show=False, tooltip="What m, x⁽ⁱ⁾, h, θ, α, J, ∂, ∇, Σ mean"),
        Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Leave gdtutor; your progress is kept"),
        Binding("f12", "why_not_saving", "NOT SAVING", tooltip="Why your answers are not being saved"),
    ]

    def __init__(
        self,
        course: Course,
        start_lesson: str | None = None,
        *,
        start_practice: bool = False,
        practice_skill: str | None = None,
        when_shown: Callable[[], None] | None = None,
    ) -> None:
        """``start_practice`` opens practice (on ``practice_skill``, else the weakest) over the picker;
        ``when_shown`` is called once the app's first frame is on the terminal."""
        keep_parsed_css()
        make_strip_caches_on_first_use()
        super().__init__()
        self.course = course
        self._start_lesson = start_lesson
        self._start_practice = start_practice
        self._practice_skill = practice_skill
        self._settings = load_settings()
        self._theme_at_start = RICH_THEME
        self._store_told = 0
        self._saving = True
        self._held_lesson: LessonScreen | None = None
        self._when_shown = when_shown

    def get_driver_class(self) -> type[Driver]:
        return hangup_safe(super().get_driver_class())

    def get_default_screen(self) -> Screen:
        """The picker is the app's first screen, in place of Textual's blank one (which would be composed,
        styled and shown, then covered, before the picker's first paint)."""
        # Under a lesson named on the command line, the list is built once that lesson's first screen (or
        # whatever shows instead: the choice for a finished lesson, the list itself when the lesson can't
        # open) is painted.
        return PickerScreen(self.course, deferred=self._start_lesson is not None)

    def on_mount(self) -> None:
        saved = self._settings.theme
        self._theme_at_start = saved if saved in self.available_themes else default_theme(os.environ)
        self.theme = self._theme_at_start
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        picker = self.screen
        assert isinstance(picker, PickerScreen)
        if self._start_lesson:
            lesson = self._open_lesson(self._start_lesson, early=True)
            if lesson is not None:
                lesson.hold_until_first_frame()  # until on_ready
                self._held_lesson = lesson
                lesson.when_shown(picker.build)
            else:
                self.screen.call_after_refresh(picker.build)
        elif self._start_practice:
            self.open_practice(self._practice_skill)
        self.set_interval(STORE_CHECK_SECONDS, self.check_store)
        loop = asyncio.get_running_loop()
        for signum in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # no signals here
                loop.add_signal_handler(signum, self.stop_by_signal, signum)

    def on_ready(self) -> None:
        """The first frame is on the terminal: a lesson opened at start may go on to what waited for it, and
        the rules of the screens not shown yet are read."""
        if self._when_shown is not None:
            self._when_shown()
        if self._held_lesson is not None:
            self._held_lesson.when_shown(self._read_other_rules)
            self._held_lesson.first_frame_shown()
            self._held_lesson = None
        else:
            self.call_after_refresh(self._read_other_rules)

    async def _read_other_rules(self) -> None:
        """The rules of the lesson screen and the others (lesson.tcss, screens.tcss), read while the learner
        looks at the first screen rather than when the first of those screens opens: Textual would then
        restyle every widget of the app for them, though none matches (each rule names its screen)."""
        stylesheet = self.stylesheet
        unread = [path for path in (LESSON_CSS, SCREENS_CSS) if not stylesheet.has_source(str(path), "")]
        for path in unread:
            stylesheet.read(path)
        if unread:
            stylesheet.parse()

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(signum)

    def stop_by_signal(self, signum: int) -> None:
        """SIGTERM or SIGHUP: leave as ctrl+q does (terminal restored, store closed), status 128 + signal."""
        self.exit(return_code=exit_status(signum))

    def check_store(self) -> None:
        """Tell at once what the progress store says: a warning that stays while answers are not saved
        (and F12 NOT SAVING in the footer), a note when saving starts again."""
        saving, messages = self.course.store_status()
        if saving and not self._saving:
            self.clear_notifications()
        for message in messages[self._store_told :]:
            if saving:
                self.notify(message, title="Progress", markup=False)
            else:
                self.notify(
                    message, title="Not saving", severity="error", timeout=NOT_SAVING_SECONDS, markup=False
                )
        self._store_told = len(messages)
        if saving != self._saving:
            self._saving = saving
            self.refresh_bindings()

    def action_why_not_saving(self) -> None:
        _, messages = self.course.store_status()
        reason = messages[-1] if messages else "progress is not being saved"
        self.notify(reason, title="Not saving", severity="error", timeout=NOT_SAVING_SECONDS, markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "why_not_saving":
            return not self._saving
        return True

    def _remember_theme(self, theme: object) -> None:
        if self.theme == (self._settings.theme or self._theme_at_start):
            return
        self._settings = Settings(theme=self.theme)
        try:
            save_settings(self._settings)
        except OSError as error:
            self.notify(f"could not save the theme: {error}", severity="warning", markup=False)

    def on_open_lesson(self, message: OpenLesson) -> None:
        self.open_lesson(message.lesson_id)

    def on_open_practice(self, message: OpenPractice) -> None:
        self.open_practice(message.skill)

    def on_reset_progress(self, message: ResetProgress) -> None:
        self.reset_progress(message.lesson_id)

    def on_store_opened(self, message: StoreOpened) -> None:
        self.check_store()

    def open_lesson(self, lesson_id: str) -> None:
        """Open a lesson at the step the learner was last on, or tell why it can't open."""
        self._open_lesson(lesson_id)

    def _open_lesson(self, lesson_id: str, *, early: bool = False) -> LessonScreen | None:
        """``open_lesson``, giving the lesson's screen if it opened on one (a finished lesson opens on a
        choice). ``early``: when the step it opens on can be drawn from the lesson file alone, it is drawn
        before the engine loads (gdtutor.engine.opening); the screen loads that after its first paint."""
        from gdtutor.errors import GdtutorError
        from gdtutor.tui.screens.lesson import LessonScreen

        try:
            opening = self.course.opening(lesson_id)
            tutor = opening if early and opening.view is not None else opening.tutor()
        except GdtutorError as error:
            self.notify(error.message, title="Can't open that lesson", severity="error", markup=False)
            return None
        if not isinstance(tutor, Opening) and tutor.finished:  # opened finished: review it or start over
            self.reopen_finished(lesson_id, tutor)
            return None
        entry, next_entry = self.course.entry(lesson_id), self.course.next_after(lesson_id)
        screen = LessonScreen(tutor, entry=entry, next_entry=next_entry)
        self.push_screen(screen)
        return screen

    def reopen_finished(self, lesson_id: str, tutor: Tutor) -> None:
        """Offer a finished lesson's review (then the choice again) or a fresh start; Esc leaves it be."""
        from gdtutor.errors import GdtutorError
        from gdtutor.tui.screens.lesson import LessonScreen
        from gdtutor.tui.screens.review import Reopening, ReopenScreen, ReviewScreen

        entry = self.course.entry(lesson_id)
        title = unicode_math(entry.label if entry is not None else tutor.lesson.title)

        def back_to_the_choice(_: None) -> None:
            self.reopen_finished(lesson_id, tutor)

        def chosen(choice: Reopening | None) -> None:
            if choice == "review":
                self.push_screen(ReviewScreen(title, tutor.review()), back_to_the_choice)
            elif choice == "start-over":
                try:
                    fresh = self.course.start_over(lesson_id)
                except GdtutorError as error:
                    self.notify(error.message, title="Can't start it over", severity="error", markup=False)
                    return
                self.refresh_picker()
                after = self.course.next_after(lesson_id)
                self.push_screen(LessonScreen(fresh, entry=entry, next_entry=after))

        self.push_screen(ReopenScreen(title), chosen)

    def open_practice(self, skill: str | None = None) -> None:
        """Practise ``skill`` (default: the weakest not yet mastered) round after round, until mastered."""
        from gdtutor.errors import GdtutorError
        from gdtutor.progress.practice import percent
        from gdtutor.tui.screens.practice import PracticeScreen

        try:
            session = self.course.practice(skill)
        except GdtutorError as error:
            self.notify(error.message, title="No practice", severity="warning", markup=False)
            return
        if session.status is not None and session.status.mastered:
            known = f"{skill_name(session.status.skill)} already ({percent(session.status.p_known)})"
            self.notify(f"You have mastered {known}.", markup=False)
        first = session.next_round()
        if first is None:
            self.notify("Every skill is mastered: there is nothing left to practise.", markup=False)
            return
        self.push_screen(PracticeScreen(session, first))

    def reset_progress(self, lesson_id: str | None) -> None:
        """Ask, then start one lesson (or every lesson) over. The store archives what a reset removes and
        keeps every attempt, so the question says that rather than that it is final."""
        from gdtutor.tui.screens.confirm import ConfirmScreen

        question, done = reset_words(lesson_id, self._lesson_title(lesson_id))

        def reset(confirmed: bool | None) -> None:
            if confirmed:
                self.course.reset(lesson_id)
                self.notify(done, markup=False)
                self.refresh_picker()

        self.push_screen(ConfirmScreen(question), reset)

    def _lesson_title(self, lesson_id: str | None) -> str:
        titles = {entry.id: entry.title for entry in self.course.entries()}
        return unicode_math(titles.get(lesson_id or "", lesson_id or ""))

    def refresh_picker(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, PickerScreen):
                screen.reload()

    def action_help(self) -> None:
        from gdtutor.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.screen))

    def action_glossary(self) -> None:
        from gdtutor.tui.screens.glossary import GlossaryScreen

        if isinstance(self.screen, GlossaryScreen):
            self.pop_screen()
            return
        self.push_screen(GlossaryScreen())
