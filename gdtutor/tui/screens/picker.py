"""The lesson picker: every lesson with its title, summary, steps done and mastery.

It opens on the lesson the learner was last in. The first paint needs only the lesson headers, the lesson
index and the store, and shows the progress in every lesson the index knows unchanged; a worker thread then
runs the full check of every lesson file (step counts, mastery, problems), filling in the list when it is
done (and opening the store there when the index knew no lesson, as at a first start). In a session of
``gdtutor serve`` the warm parent has loaded every lesson already, so the first paint shows the checked list
and no check follows. Each later refresh redraws only the lessons whose line changed. Under a lesson the app
opens at once (``gdtutor LESSON``) the list is built only after that lesson's first paint.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from gdtutor.tui.messages import OpenLesson, OpenPractice, ResetProgress, StoreOpened
from gdtutor.tui.text import unicode_math
from gdtutor.tui.widgets.footer import SavingFooter

if TYPE_CHECKING:
    from gdtutor.tui.course import Course, LessonEntry

PAINT_WAIT_SECONDS = 2.0  # the full check waits at most this long for the progress to be painted
CHECK_UNDER_A_LESSON_SECONDS = 1.5  # when the app opens on a lesson, the full check waits this long
# Two lines at 80 columns: what the mastery in every lesson's last line means, and how it rises.
INTRO = (
    "Pick a lesson; your progress is kept. Mastery is how sure the tutor is that you know the lesson's "
    "skills: right first tries raise it, 95% is mastered."
)


def entry_prompt(entry: LessonEntry) -> Content:
    """One lesson in the list: title, then summary, then how far the learner is.

    Textual's own Content, not a Rich Text: the list wraps every prompt to lay itself out, and a Rich Text
    is converted to Content first, which made the list's first layout and paint about 40% dearer."""
    parts: list[str | tuple[str, str]] = []
    if entry.number is not None:  # the prose refers to lessons by number ("as in lesson 3")
        parts.append((f"{entry.number}. ", "bold"))
    parts.append((unicode_math(entry.title), "bold"))
    if entry.summary:
        parts.append("\n" + unicode_math(" ".join(entry.summary.split())))
    parts.append("\n")
    parts.append((progress_line(entry), "dim"))
    return Content.assemble(*parts)


def same_prompt(one: Content, other: Content) -> bool:
    """Whether two prompts draw the same (Content's ``==`` compares the text alone)."""
    return one.plain == other.plain and one.spans == other.spans


def progress_line(entry: LessonEntry) -> str:
    if entry.done is None or entry.steps is None:
        return "…"
    mastery = "mastery —" if entry.mastery is None else f"mastery {round(entry.mastery * 100)}%"
    return f"{entry.done}/{entry.steps} steps done · {mastery}"


class PickerScreen(Screen[None]):
    """Choose a lesson; Enter opens it where you left off."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", priority=True, tooltip="Open the lesson where you stopped"),
        Binding("f2", "practice", "Practice", tooltip="Questions on the skills you have not mastered"),
        Binding("f8", "reset", "Reset", tooltip="Start the highlighted lesson over"),
        Binding("f9", "problems", "Problems", tooltip="Show the problems found in lesson files"),
    ]

    def __init__(self, course: Course, *, deferred: bool = False) -> None:
        """``deferred``: the list is built by ``build`` (under a lesson opened at start), not at mount."""
        super().__init__()
        self.course = course
        self._problems: list[str] = []
        self._placed_on_last = False
        self._shown: dict[str, Content] = {}  # each lesson's line in the list, by id, in order
        self._resumed = False
        self._built = not deferred

    def compose(self) -> ComposeResult:
        if self._built:
            yield from self._widgets()

    def _widgets(self) -> list[Widget]:
        return [
            Header(),
            Static(Content(INTRO), id="picker-intro"),
            OptionList(id="lessons"),
            Static("", id="picker-problems", markup=False),
            SavingFooter(),
        ]

    def on_mount(self) -> None:
        if self._built:
            self._start()

    def on_resize(self, event: events.Resize) -> None:
        """A resize to the size the screen is laid out at already lays nothing out again. Textual sends a
        screen such resizes as the app starts (the terminal's size twice, then the screen's own once laid
        out), and each laid out the whole list again (every option wrapped) before the first frame."""
        if self.is_attached and event.size == self.outer_size:
            event.prevent_default()  # Screen's own handler, which lays the screen out

    async def build(self) -> None:
        """Build the list now: the app opening on a lesson calls it once the lesson's first screen is painted,
        so that the list under it (its widgets, their styles, the learner's progress in every lesson) does
        not hold up that paint."""
        if self._built:
            return
        self._built = True
        await self.mount_all(self._widgets())
        self._start()

    def _start(self) -> None:
        # A served session's warm parent has loaded every lesson already: then the check is done here.
        checked = self.course.take_preloaded()
        if not checked:
            # The index and the store are cheap to read (the store's full check runs only when the file
            # changed since it was last checked), so the first paint already shows the progress.
            self.course.read_index()
        self.reload()
        self.query_one(OptionList).focus()
        if checked:
            self.post_message(StoreOpened())
        # After the first paint: the check imports numpy and parses every lesson, and while a thread does
        # that it competes with the first paint for the interpreter. A lesson named on the command line
        # opens on top, and its first paint comes later (it loads its file, the engine, the plots).
        elif self.app.screen is self:
            self.call_after_refresh(self.check_course)
        else:
            self.set_timer(CHECK_UNDER_A_LESSON_SECONDS, self.check_course)

    def reload(self) -> None:
        """Show the lessons with the learner's current progress, keeping the highlighted one.

        Only what changed is redrawn: the options are built again (and the list laid out again) only when
        the lessons themselves changed, and a lesson whose line changed gets a new prompt; when nothing
        changed, as after the full check found what the lesson index said, nothing is redrawn."""
        if not self._built:  # built later, with the progress as it is then
            return
        course = self.course
        lessons = self.query_one("#lessons", OptionList)
        previous = lessons.highlighted_option.id if lessons.highlighted_option else None
        entries = course.entries()
        prompts = {entry.id: entry_prompt(entry) for entry in entries}
        if list(prompts) != list(self._shown):
            lessons.clear_options()
            options: list[Option | None] = []
            for lesson_id, prompt in prompts.items():
                if options:
                    options.append(None)  # a separator line between lessons
                options.append(Option(prompt, id=lesson_id))
            lessons.add_options(options)
        else:
            for lesson_id, prompt in prompts.items():
                if not same_prompt(prompt, self._shown[lesson_id]):
                    lessons.replace_option_prompt(lesson_id, prompt)
        self._shown = prompts
        last = course.last_lesson_id()
        if not self._placed_on_last and last is not None:
            # Once the store is open: start on the lesson last used, whatever was highlighted before.
            self._placed_on_last = True
            wanted: str | None = last
        else:
            wanted = previous
        ids = [entry.id for entry in entries]
        if ids:
            lessons.highlighted = lessons.get_option_index(wanted if wanted in ids else ids[0])
        self._show_problems(course.known_problems())

    @work(thread=True, exclusive=True, group="course-check")
    def check_course(self) -> None:
        """Load every lesson file in full: counts steps, finds problems, then refreshes the list (and
        before that as soon as the lesson index gives the learner's progress)."""
        self.course.check(progress_known=self._show_progress_first)
        self.app.call_from_thread(self._checked)

    def _show_progress_first(self) -> None:
        """In the worker: show the progress the index gave, and let that paint before the full check
        takes the interpreter (its imports and parsing would otherwise hold up the paint)."""
        painted = threading.Event()
        self.app.call_from_thread(self._checked)
        self.app.call_from_thread(self.call_after_refresh, painted.set)
        painted.wait(timeout=PAINT_WAIT_SECONDS)

    def _checked(self) -> None:
        self.reload()
        self.post_message(StoreOpened())  # its messages now, not half a second later

    def _show_problems(self, problems: list[str]) -> None:
        self._problems = problems
        notice = self.query_one("#picker-problems", Static)
        if problems:
            count = len(problems)
            plural = "s" if count != 1 else ""
            notice.update(Text(f"{count} problem{plural} in lesson files: F9 shows them.", style="bold"))
        notice.display = bool(problems)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self._built:
            return False
        if action == "problems":
            return bool(self._problems)
        if action in ("open", "reset"):
            return self.query_one("#lessons", OptionList).highlighted_option is not None
        return True

    def _highlighted_id(self) -> str | None:
        option = self.query_one("#lessons", OptionList).highlighted_option
        return option.id if option else None

    def action_open(self) -> None:
        lesson_id = self._highlighted_id()
        if lesson_id:
            self.post_message(OpenLesson(lesson_id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(OpenLesson(event.option.id))

    def action_practice(self) -> None:
        self.post_message(OpenPractice())

    def action_reset(self) -> None:
        lesson_id = self._highlighted_id()
        if lesson_id:
            self.post_message(ResetProgress(lesson_id))

    def action_problems(self) -> None:
        from gdtutor.tui.screens.errors import ErrorsScreen

        self.app.push_screen(ErrorsScreen(self._problems))

    async def on_screen_resume(self) -> None:
        if not self._resumed:  # the first resume follows the mount, which has just shown the lessons
            self._resumed = True
            return
        if not self._built:  # back from the lesson before the list was built
            await self.build()
            return
        self.reload()
