"""The lesson screen: the step's prose and question, an input, the tutor's feedback, plots, progress.

The screen keeps no tutoring state. It sends what the learner does to the engine's ``Tutor`` and draws
the events that come back; after every action it redraws the step from ``tutor.view()``. Side by side
when the terminal is wide; when it is narrow the plot goes below the question (the ``-narrow`` class
comes from the app's breakpoints). When an answer finishes a step the tutor says whether to go on at once
(the verdict stays in view) or to wait for Enter.

What the learner works on always stays in view together: the question, the answer box and the whole
feedback. On a narrow screen the plot gives way when they would not fit above it (a one-line bar says
so, and F4 then shows the plot over the whole screen), and after every change the work is scrolled just
far enough to show them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.containers import Container, VerticalScroll
from textual.geometry import Size
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import MountError, Widget
from textual.widgets import Input

from gdtutor.engine.views import Cell, LineView, StepView, TableView
from gdtutor.errors import GdtutorError
from gdtutor.tui.course import Opening
from gdtutor.tui.messages import OpenLesson
from gdtutor.tui.screens import LESSON_CSS
from gdtutor.tui.text import unicode_math
from gdtutor.tui.widgets.answer_box import AnswerBox
from gdtutor.tui.widgets.feedback import FeedbackPanel
from gdtutor.tui.widgets.footer import SavingFooter
from gdtutor.tui.widgets.lesson_header import LessonHeader
from gdtutor.tui.widgets.plain_prose import PlainProse, plain_paragraphs
from gdtutor.tui.widgets.plot import PlotPanel
from gdtutor.tui.widgets.settled import LaidOutOnce, SettledStatic

PLOT_BAR = "▸ The plot is put away to keep your work in view: F4 shows it."
PLOT_OFF_BAR = "▸ You put the plot away: F4 shows it."
MOST_SPARE_PARAGRAPHS = 8  # prose as long as that is rare; a longer one mounts what it lacks

# The engine's events, the ending page, the answer labels and the store's writer are imported where they are
# first used: none of them is needed for a lesson's first paint (``gdtutor LESSON``), which waits for them.
if TYPE_CHECKING:
    from gdtutor.engine import Tutor
    from gdtutor.engine.events import Event, LessonFinished
    from gdtutor.tui.course import LessonEntry
    from gdtutor.tui.screens.ending import Choice
    from gdtutor.tui.widgets.prose import Prose

CELL_STYLES = {"given": "dim", "right": "green", "revealed": "yellow", "current": "reverse"}
CELL_MARKS = {"revealed": " (shown)"}


def table_text(table: TableView) -> Text:
    """An iterate table as aligned text (much cheaper to redraw on every answer than a rich Table).

    The cell being asked about is highlighted, and every state has a symbol as well as a colour. Rows
    not reached yet are counted rather than drawn, so the row being worked on sits just above the
    question, where it stays in view on a small terminal.
    """
    reached = [
        index for index, row in enumerate(table.rows) if any(cell.state != "empty" for cell in row[1:])
    ]
    last = reached[-1] if reached else 0
    rows = table.rows[: last + 1]
    shown_rows = [[cell_text(cell) for cell in row] for row in rows]
    widths = [
        max([len(header), *(len(row[column]) for row in shown_rows)])
        for column, header in enumerate(table.columns)
    ]
    text = Text()
    text.append("  ".join(header.rjust(width) for header, width in zip(table.columns, widths, strict=True)))
    text.stylize("bold")
    for row, shown in zip(rows, shown_rows, strict=True):
        text.append("\n")
        for column, (cell, value) in enumerate(zip(row, shown, strict=True)):
            if column:
                text.append("  ")
            text.append(value.rjust(widths[column]), style=CELL_STYLES.get(cell.state, ""))
    to_come = len(table.rows) - len(rows)
    if to_come:
        text.append(f"\n({to_come} more row{'s' if to_come != 1 else ''} to fill)", style="dim")
    return text


def cell_text(cell: Cell) -> str:
    if cell.text is None:
        return "?" if cell.state == "current" else "·"
    return cell.text + CELL_MARKS.get(cell.state, "")


def numbered(items: Iterable[tuple[str, Text]]) -> Table:
    """Numbered entries whose text wraps under itself, not under the number."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column()
    for number, text in items:
        grid.add_row(Text(number, style="bold"), text)
    return grid


@dataclass(frozen=True)
class Detail:
    """What a step shows besides its prose (as in its ``StepView``): options, a table, derivation lines."""

    step_id: str = ""
    options: tuple[str, ...] = ()
    table: TableView | None = None
    lines: tuple[LineView, ...] = ()

    @classmethod
    def of(cls, view: StepView) -> Detail:
        return cls(view.step_id, view.options, view.table, view.lines)


@dataclass(frozen=True)
class Position:
    """Where the learner is: step ``number`` of ``total``, and whether it is done."""

    number: int = 0
    total: int = 0
    complete: bool = False


def detail_renderable(view: StepView | Detail) -> RenderableType | None:
    """What the step shows besides its prose: numbered options, a table to fill, or derivation lines."""
    if view.table is not None:
        return table_text(view.table)
    parts: list[RenderableType] = []
    if view.options:
        from gdtutor.checking.choices import option_label

        if view.lines:
            parts.append(Text("Rules:", style="bold"))
        # Labelled as every front-end and message names them: "1) …", to be picked by number, letter or text.
        options = ((f"{option_label(index)})", Text(option)) for index, option in enumerate(view.options))
        parts.append(numbered(options))
    if view.lines:
        # Below the rules and cut after the line asked about, so that line and the one it comes from
        # stay just above the question on a small terminal.
        current = [number for number, line in enumerate(view.lines, start=1) if line.current]
        last = current[0] if current else len(view.lines)
        lines = []
        for number, line in enumerate(view.lines[:last], start=1):
            text = Text(line.math, style="bold" if line.current else "")
            if line.rules:
                text.append(f"   by {line.rules}", style="italic")
            if line.note:
                text.append(f"  ({line.note})", style="dim")
            lines.append((f"{'▶ ' if line.current else ''}{number}.", text))
        if view.options:
            parts.append(Text("Derivation:", style="bold"))
        parts.append(numbered(lines))
        if last < len(view.lines):
            to_come = len(view.lines) - last
            parts.append(Text(f"({to_come} more line{'s' if to_come != 1 else ''} to come)", style="dim"))
    return Group(*parts) if parts else None


def width_class(breakpoints: list[tuple[int, str]], width: int) -> str:
    """The class of the widest breakpoint ``width`` reaches, as Textual gives it (the first when none)."""
    reached = [name for least, name in sorted(breakpoints) if width >= least]
    return reached[-1] if reached else sorted(breakpoints)[0][1]


def placeholder(view: StepView) -> str:
    if not view.is_question:
        return "Enter to go on"
    if view.complete:
        return "Enter for the next step"
    return "your answer, then Enter"


class WorkColumn(VerticalScroll, LaidOutOnce):
    """The step's problem, prose, question, answer box and feedback, scrolled as a whole when they do not fit.
    A layout that changes how tall its content is does not ask for another (``LaidOutOnce``)."""


class LessonScreen(Screen[None]):
    """One lesson (or practice round) in progress; Escape goes back to the list, the place kept."""

    CSS_PATH = LESSON_CSS
    # Focused as the screen is composed, before its first paint: Textual's default, the first focusable
    # widget (the work column), was focused, then the answer box (on_mount), and each change of focus
    # restyled the whole work column.
    AUTO_FOCUS = "#answer"

    # The screen's class -narrow or -wide lays it out by the terminal's width (lesson.tcss). Only this screen
    # has them: a width class on another screen would restyle every widget it holds for nothing.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012  (Textual declares it)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "hint", "Hint", tooltip="Show the next hint"),
        Binding("f3", "solution", "Solve", tooltip="Show the worked solution"),
        Binding("f4", "toggle_plot", "Plot", tooltip="Show or hide the plot"),
        Binding("f5", "back", "Back", tooltip="Go to the previous step"),
        Binding("f6", "skip", "Skip", tooltip="Go on to the next step without answering"),
        Binding("f8", "data", "Data", show=False, tooltip="The lesson's data set as a table"),
        Binding(
            "f9",
            "answers",
            "Answers",
            show=False,
            tooltip="Your answers on this step, with how each was judged",
        ),
        Binding("escape", "lessons", "Lessons", tooltip="Back to the list of lessons; your place is kept"),
        Binding("pageup", "scroll_work(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_work(1)", "Scroll down", show=False),
    ]

    # What the screen shows of the step, set from the tutor's view after every action; each watcher
    # redraws its part only when the value changed (every redraw costs a layout on the next frame). The
    # screen itself is not repainted: that would redraw every line of it, the plot and the footer too.
    position: reactive[Position] = reactive(Position, init=False, repaint=False)
    detail: reactive[Detail] = reactive(Detail, init=False, repaint=False)
    asking: reactive[str] = reactive("", init=False, repaint=False)
    answer_hint: reactive[str] = reactive("", init=False, repaint=False)

    def __init__(
        self,
        tutor: Tutor | Opening,
        heading: str | None = None,
        *,
        entry: LessonEntry | None = None,
        next_entry: LessonEntry | None = None,
    ) -> None:
        """``entry``: the lesson's place in the course; with it, the end of the lesson is a page that says
        what it taught and offers ``next_entry``. Without it (practice, a preview) a note says the end.

        ``tutor`` may be an ``Opening`` with a view: the screen draws that view, and builds the tutor (which
        loads the engine) once it is painted, or sooner if a key needs it first; keys typed meanwhile wait
        for it in turn, so none is lost or taken out of order."""
        super().__init__()
        self._tutor: Tutor | None = None
        self._opening: Opening | None = None
        if isinstance(tutor, Opening):
            self._opening = tutor
        else:
            self._tutor = tutor
        self._heading = heading
        self._entry = entry
        self._next_entry = next_entry
        self._plot_off = False  # the learner put the plot away with F4
        self._plot_asked = False  # F4 on a narrow read step: its prose gives the plot's rows back
        self._reading = False  # a read step: all prose, nothing asked
        self._crowded = False  # narrow, and the work would not fit above the plot: the plot gives way
        self._view: StepView | None = None  # the step as drawn last (what Enter does on it)
        self._shown_title: tuple[str, str] | None = None  # the title and problem line as drawn
        self._fit_pending = False
        self._refitting = False
        self._laying_out = False  # inside Textual's layout of this screen, before its paint
        self._fitted = False  # the work was fitted in the layout under way, before its paint
        self._bar_text = PLOT_BAR
        self._when_shown: list[Callable[[], Awaitable[None]]] = []
        self._step_drawn = False  # the step, its prose too, is in place (once laid out, it is painted)
        self._frame_shown = True  # the app's frames reach the terminal (hold_until_first_frame)
        self._spare_paragraphs: int | None = None  # how many paragraphs the prose keeps (_keep_prose_spares)
        self._prose_mounting = False  # the step's prose needed new widgets, mounted after show_step
        self._layout_held = False  # a layout asked for while the app held its first frame back
        self._laid_out_at_start = False  # laid out for the first frame, and not since
        self._prose_swap = asyncio.Lock()
        if self._opening is not None:  # the tutor first: the learner may be typing already
            self._when_shown.append(self._load_tutor)
        self._applying = False  # inside apply(), which sets the step's parts once at the end
        self._resumed = False  # shown once already (its first ScreenResume came)
        # The width class, set before the screen mounts (it is styled as it mounts): set once it is up, by
        # Textual's breakpoints, it would restyle every widget on it again before the first paint.
        self.add_class(width_class(self.HORIZONTAL_BREAKPOINTS, self.app.size.width), update=False)

    def compose(self) -> ComposeResult:
        # Every widget an answer touches is kept here: an answer redraws several, and a query of the DOM
        # for each (about 28 an answer) cost more than some of the redraws.
        self._header = LessonHeader(id="top-bar")
        self._problem = SettledStatic("", id="problem", markup=False)
        self._prose = self._first_prose()
        self._detail = SettledStatic("", id="detail", markup=False)
        self._question = SettledStatic("", id="question", markup=False)
        self._question.display = False  # shown once there is a question (watch_asking)
        self._answer = AnswerBox(id="answer")
        self._feedback = FeedbackPanel(id="feedback")
        self._bar = SettledStatic(Text(PLOT_BAR, style="dim"), id="plot-bar")
        self._bar.display = False  # shown when the plot is put away on a narrow screen (_place_plot)
        self._plots = PlotPanel(id="plots")
        if self._opening is not None and self._opening.view is not None:
            # Drawn before the first paint, not after: words set later would come a frame after the step
            # they head (its prose, on an early first paint).
            view = self._opening.view
            self._show_title(view)
            self.set_reactive(LessonScreen.position, Position(view.number, view.total, view.complete))
            self.watch_position(self.position)
        yield self._header
        with Container(id="body") as self._body:
            with WorkColumn(id="work") as self._work:
                yield self._problem
                if isinstance(self._prose, PlainProse):
                    with self._prose:
                        yield from self._prose.paragraphs()
                else:
                    yield self._prose
                yield self._detail
                yield self._question
                yield self._answer
                yield self._feedback
            yield self._bar
            yield self._plots
        yield SavingFooter(compact=True)

    def on_mount(self) -> None:
        self.screen_layout_refresh_signal.subscribe(self._work, self._laid_out)
        if self._opening is not None and self._opening.view is not None:
            if isinstance(self._prose, PlainProse):  # after the tutor and the list: the next step's prose
                self._when_shown.append(partial(self._markdown_prose, None))  # then shows in one frame
            self.show_step(self._opening.view)
        else:
            self.start_tutor(self.tutor)
        self._when_shown.append(self._load_checkers)  # after the rest: the step is read meanwhile
        self._answer.focus()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Textual's own handler. The first resume follows the mount, which styled every widget as
        # it came, with the screen's classes already set: Textual's restyle of the whole screen (about 35
        # widgets and their parts) would change nothing. A later resume restyles, as the theme may have
        # changed meanwhile.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    @property
    def tutor(self) -> Tutor:
        """The engine's tutor for this lesson; on a screen opened on an ``Opening``, built on first use."""
        if self._tutor is None:
            assert self._opening is not None
            opening, self._opening = self._opening, None
            self._tutor = opening.tutor()
            if self.is_attached:
                self._plots.show(self._tutor.plots())
        return self._tutor

    @tutor.setter
    def tutor(self, tutor: Tutor) -> None:
        self._tutor, self._opening = tutor, None
        self._spare_paragraphs = None

    async def _load_tutor(self) -> None:
        """Build the tutor the opening view stands for, right after that view is painted; a lesson the
        engine can't open after all says why and goes back to the list, as it would have at once."""
        try:
            self.tutor  # noqa: B018  (the property builds it)
        except GdtutorError as error:
            self.notify(error.message, title="Can't open that lesson", severity="error", markup=False)
            self.dismiss()

    async def _load_checkers(self) -> None:
        """Once the step is on screen, while the learner reads it: the judges of every kind of answer, which
        would otherwise load on the first answer of each kind, and the plot widgets a later step may need."""
        from gdtutor.checking import load_checkers

        load_checkers()
        self._plots.keep_spares()

    # ------------------------------------------------------------ drawing the engine's view and events

    def show_step(self, view: StepView) -> None:
        """A step was entered: redraw it all, the feedback panel from what the view records."""
        self._show_title(view)
        prose_shown = self._show_prose(view.prompt)
        feedback = self._feedback
        with feedback.held():  # drawn once, as it ends up
            feedback.clear()
            if view.last is not None:
                feedback.show_verdict(view.last)
            for index, hint in enumerate(view.hints, start=1):
                feedback.add_hint(hint, index, view.hints_total)
            if view.solution:
                feedback.show_solution(view.solution)
        self._clear_answer()
        self._work.scroll_home(animate=False, immediate=True)
        if not self._applying:  # apply() sets the step's parts once, from the view its events leave
            self.refresh_step(view)
        self._prose_mounting = prose_shown is not None
        if prose_shown is None:  # the new prose is set in place: all of the step shows in one frame
            self._step_in_place(fit=not self._applying)  # apply() fits once it has set the step's parts
        else:
            self.run_worker(self._question_into_view(prose_shown), group="scroll", exclusive=True)

    def _show_title(self, view: StepView) -> None:
        title = (self._heading or unicode_math(view.lesson_title), view.problem)
        if title != self._shown_title:  # the same on every step of a lesson: redrawn only when it changes
            self._shown_title = title
            self._header.show_title(title[0])
            self._problem.show(Text(view.problem, style="dim"))

    def _first_prose(self) -> Prose | PlainProse:
        """The widget the prose is drawn in: Markdown, or on a lesson's early first paint (an opening view) of
        plain paragraphs, ``PlainProse``, which spares that paint the Markdown widget's imports and mount."""
        opening = self._opening.view if self._opening is not None else None
        paragraphs = plain_paragraphs(opening.prompt) if opening is not None else None
        if opening is not None and paragraphs is not None:
            return PlainProse(opening.prompt, paragraphs, id="plain-prose")
        from gdtutor.tui.widgets.prose import Prose

        return Prose(id="prose")

    def _show_prose(self, text: str) -> AwaitComplete | None:
        """``Prose.show_text``, on the plain prose of a first paint when it already shows ``text``."""
        prose = self._prose
        if not isinstance(prose, PlainProse):
            return prose.show_text(text)
        if text == prose.markdown:
            return None
        return AwaitComplete(self._markdown_prose(text))

    async def _markdown_prose(self, text: str | None) -> None:
        """Put the Markdown widget in the plain prose's place, showing ``text`` (None: what the plain prose
        shows, if it is still up). It is mounted hidden and shown in the frame that hides the plain prose,
        once its blocks are up, so the prose never blinks."""
        from gdtutor.tui.widgets.prose import Prose

        async with self._prose_swap:
            plain = self._prose
            if not isinstance(plain, PlainProse):
                shown = plain.show_text(text) if text is not None else None
                if shown is not None:
                    await shown
                return
            prose = Prose(id="prose")
            prose.display = False
            try:
                await self._work.mount(prose, after=plain)
                shown = prose.show_text(plain.markdown if text is None else text)
                if shown is not None:
                    await shown
            except MountError:  # the screen went (Esc, or the app quit) while it mounted: nothing to show
                return
            with self.app.batch_update():
                prose.display = True
                plain.display = False
            self._prose = prose
            await plain.remove()
            self._keep_prose_spares()

    async def _question_into_view(self, prose_shown: AwaitComplete) -> None:
        """From the top, but never with the question and its answer box below the fold (a long prompt and
        a table at 80×24): scrolled just far enough to show them; PageUp brings back the rest."""
        await prose_shown
        self._step_in_place()

    def _step_in_place(self, fit: bool = True) -> None:
        if fit:
            self.keep_work_in_view()
        self._step_drawn = True
        self._keep_prose_spares()
        self._after_paint()

    def _keep_prose_spares(self) -> None:
        """Enough paragraph widgets for the lesson's longest prose, the spares hidden, mounted as the lesson
        opens (or after prose that needed new kinds of blocks): a later step with more paragraphs than the
        one before sets its words in them instead of mounting widgets on the learner's answer."""
        prose = self._prose
        if self._tutor is None or isinstance(prose, PlainProse):
            return
        if self._spare_paragraphs is None:
            from gdtutor.tui.widgets.prose import paragraph_count

            longest = max(paragraph_count(step.prompt) for step in self._tutor.lesson.steps)
            self._spare_paragraphs = min(longest, MOST_SPARE_PARAGRAPHS)
        prose.keep_spares(self._spare_paragraphs)

    def _after_paint(self) -> None:
        if self._when_shown and self._step_drawn and self._frame_shown:
            self.call_after_refresh(self._shown)

    def when_shown(self, callback: Callable[[], Awaitable[None]]) -> None:
        """Call ``callback`` once the step is wholly on screen (its prose too, which may mount a frame after
        the rest): the app builds the list of lessons after the first paint of a lesson opened at start."""
        self._when_shown.append(callback)

    def hold_until_first_frame(self) -> None:
        """Keep what waits for this screen's paint (``when_shown``) until ``first_frame_shown``: a screen
        pushed as the app starts is laid out, and its refresh done, while the app holds every frame back, so
        its step is on the terminal only with the app's first frame (Textual's Ready event)."""
        self._frame_shown = False

    def first_frame_shown(self) -> None:
        self._frame_shown = True
        if self._layout_held:  # laid out now, once, and painted whole in the app's first frame
            self._layout_held = False
            self._refresh_layout(self.app.size)
            self._laid_out_at_start = True  # until the next layout (on_resize)
        self._after_paint()

    async def _shown(self) -> None:
        callbacks, self._when_shown = self._when_shown, []
        for callback in callbacks:
            await callback()

    # ------------------------------------------------------------ keeping the work in view

    def keep_work_in_view(self) -> None:
        """After the next layout (sizes are known only then), keep the learner's work in view."""
        self._fit_pending = True
        self._plots.hold(True)  # no plot is drawn (plotext holds the interpreter) that is about to give way
        # A layout of the work alone: the screen's own would repaint every line of it (the plot, the footer).
        self._work.refresh(layout=True, repaint=False)

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        if not self._frame_shown and self.app._batch_count and self.app._dom_ready:
            # The app holds its frames back as it starts (until its Ready event, which is on its way): a
            # layout now would be done again once they show, and its render thrown away. Worse, that render
            # counts as painted, so the first frame shown drew only what changed after it, without the step.
            self._layout_held = True
            return
        self._laid_out_at_start = False
        # Textual lays the screen out, paints it, then tells the layout's subscribers. The work is fitted
        # between the layout and the paint (_compositor_refresh), so a fit that lays it out again (the plot
        # giving way to a table, the bar's words) paints once, when laid out as it stays, not in between.
        self._laying_out, self._fitted = True, False
        try:
            super()._refresh_layout(size, scroll)
        finally:
            self._laying_out = False

    def _compositor_refresh(self) -> None:
        if self._laying_out and self._fit_pending:
            self._fit_pending, self._fitted = False, True
            if self._fit_work():  # another layout comes, and paints what this one would have
                return
        super()._compositor_refresh()

    def _laid_out(self, _screen: Screen[object]) -> None:
        """After a layout that was not fitted before its paint (this screen was not the one on top)."""
        if self._fitted:
            self._fitted = False
        elif self._fit_pending:
            self._fit_pending = False
            self._fit_work()

    def _fit_work(self) -> bool:
        """On a narrow screen the plot gives way when the question, the answer box and the feedback would
        not fit above it; then the work is scrolled just far enough to show them. Whether that asked for
        another layout."""
        if self.has_class("-narrow") and not self._reading and not self._refitting:
            crowded = not self._plot_fits()
            if crowded != self._crowded:
                self._crowded = crowded
                self._place_plot()
                self._refitting = True  # scroll once laid out again, without deciding a second time
                self.keep_work_in_view()
                return True
        self._refitting = False
        self._scroll_work_into_view()
        relaid = self._plot_in_words()
        self._plots.hold(False)
        return relaid

    def _plot_in_words(self) -> bool:
        """The bar says why the plot is put away (the learner's F4, or no room for it), and under it the rows
        the work leaves empty say what the plot shows, in words (its summary, which gives nothing away),
        when it fits in them whole. Whether its words changed (which lays the screen out again)."""
        bar = self._bar
        text = Text(PLOT_BAR if self._crowded else PLOT_OFF_BAR, style="dim")
        specs = self._plots.specs
        if bar.display and specs and specs[-1].summary:
            work = self._work
            _, _, bottom = self._work_block()
            free = work.scrollable_content_region.height + bar.size.height - 1 - (bottom - int(work.scroll_y))
            summary = Text(specs[-1].summary)
            if len(summary.wrap(self.app.console, max(1, bar.content_size.width))) <= free:
                text.append("\n")
                text.append_text(summary)
        if text.plain == self._bar_text:  # an update costs a layout: only when the words change
            return False
        self._bar_text = text.plain
        return bar.show(text)

    def _work_block(self) -> tuple[int, int, int]:
        """Where, in the work's scrolled content, the learner's work starts, where the answer box starts, and
        where the feedback ends. The work starts at the step's top (its problem line and every paragraph of
        the prompt: an earlier one often says what the question is about, "Now try α = 1") whenever the
        step fits the screen without the plot; only a longer step starts at the prompt's last paragraph,
        which asks the question."""
        answer = self._answer.virtual_region_with_margin
        feedback = self._feedback
        bottom = feedback.virtual_region.bottom if feedback.display else answer.bottom
        if self._reading:  # a read step asks nothing: its top is the top of the prose
            return answer.y, answer.y, bottom
        plot_bar_rows = 1  # the bar that says the plot is put away
        if bottom <= self._body.size.height - plot_bar_rows:
            return 0, answer.y, bottom
        prose = self._prose
        blocks = prose.blocks
        top = prose.virtual_region.y + blocks[-1].virtual_region.y if blocks else answer.y
        return min(top, answer.y), answer.y, bottom

    def _plot_fits(self) -> bool:
        """Whether the work block fits in the height the narrow layout leaves above the plot."""
        body = self._body
        plot_height = self._plots.styles.height
        rows = int(plot_height.resolve(body.size, self.app.size)) if plot_height is not None else 0
        top, _, bottom = self._work_block()
        return bottom - top <= body.size.height - rows

    def _scroll_work_into_view(self) -> None:
        work = self._work
        top, answer_top, bottom = self._work_block()
        height = work.scrollable_content_region.height
        if bottom - top > height:  # it cannot all show: the answer box and the feedback come first
            top = min(answer_top, bottom - height)
        y = work.scroll_y
        if y > top:
            y = top
        elif y + height < bottom:
            y = bottom - height
        if y != work.scroll_y:
            work.scroll_to(y=y, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        if self._laid_out_at_start and event.size == self.size:
            # The size the driver reports as it starts, which the first frame was laid out for: Textual's own
            # handler (after this one) would lay the screen out again.
            event.prevent_default()
            return
        self._place_plot()  # the width class may have changed (narrow or wide)
        self.keep_work_in_view()

    def _place_plot(self) -> None:
        """Show the plot, or the bar that says it is put away, as the step, the width and F4 have it.

        Set on the two widgets, not as classes of the screen: a class of the screen restyles every widget
        on it (about 80), and the plot gives way on a narrow screen at many a step change."""
        narrow = self.has_class("-narrow")
        if narrow and self._reading:  # a read step is all prose when narrow, unless F4 asked for the plot
            plots_shown, bar_shown = self._plot_asked, False
        else:
            plots_shown = not self._plot_off and not (narrow and self._crowded)
            bar_shown = narrow and (self._crowded or self._plot_off)
        if self._plots.display != plots_shown:
            self._plots.display = plots_shown
        if self._bar.display != bar_shown:
            self._bar.display = bar_shown

    def refresh_step(self, view: StepView) -> None:
        """What changes within a step: the position, the table or lines, and what to type."""
        # A read step is all prose: when narrow, it has the height the plot would take (lesson.tcss).
        self._view = view
        reading = view.kind == "read"
        if reading != self._reading:
            self._reading = reading
            self._place_plot()
        self.position = Position(view.number, view.total, view.complete)
        self.detail = Detail.of(view)
        self.asking = f"→ {view.asking}" if view.asking and not view.complete else ""
        self.answer_hint = placeholder(view)

    def watch_position(self, position: Position) -> None:
        # What Enter does is said in the answer box; the header says only where the learner is.
        progress = position.number - (0 if position.complete else 1)
        self._header.show_position(position.number, position.total, progress)

    def watch_detail(self, detail: Detail) -> None:
        widget = self._detail
        shown = detail_renderable(detail)
        if shown is None:  # hidden, its words kept: a step without a table or lines asks for no layout
            widget.display = False
            return
        widget.show(shown)
        widget.display = True

    def watch_asking(self, asking: str) -> None:
        question = self._question
        question.show(Text(asking))
        question.display = bool(asking)
        # A new question (the next cell of a table, the next line of a derivation): a fresh answer box.
        self._clear_answer()

    def _clear_answer(self) -> None:
        """Empty the answer box. Nothing here listens for its Changed message, which Textual would otherwise
        send up through every container to the app on every answer."""
        answer = self._answer
        if answer.value:
            with answer.prevent(Input.Changed):
                answer.value = ""

    def watch_answer_hint(self, answer_hint: str) -> None:
        self._answer.placeholder = answer_hint

    def apply(self, events: Iterable[Event]) -> None:
        """Draw what the tutor answered; a right answer that completes its step moves on at once."""
        feedback = self._feedback
        self._applying = True
        try:
            with feedback.held():  # drawn once, as it ends up, however many events change it
                entered = self._draw_events(list(events))
        finally:
            self._applying = False
        # The step's parts (position, table, question) are set once, from the view the events leave: a step
        # entered on the way did not set them from its own view.
        self.refresh_step(self.tutor.view())
        if entered and self._prose_mounting:  # the step's question comes into view once its prose is up
            return
        if self._layout_asked():
            self.keep_work_in_view()  # the feedback and the question come into view once laid out
        else:  # every change was a repaint: the layout on screen is the one to fit, and no layout comes
            self._fit_work()

    def _layout_asked(self) -> bool:
        """Whether a widget of the screen asked for a layout that has not come yet (Textual's flag, set when
        it asks: a new size of words, a widget shown or hidden)."""
        return any(widget._layout_required for widget in self.walk_children(Widget))

    def _draw_events(self, pending: list[Event]) -> bool:
        """Draw the tutor's events in turn (a right answer that moves on brings the next step's); whether a
        step was entered."""
        from gdtutor.engine import events as engine

        feedback = self._feedback
        carried = None
        entered = False
        while pending:
            event = pending.pop(0)
            if isinstance(event, engine.Feedback):
                feedback.show_verdict(event.verdict, event.note)
                answer = self._answer
                if event.verdict.status != "correct":
                    answer.select_all()  # the next keys replace the answer; the arrows keep it to edit
                if event.verdict.status == "correct":
                    self._clear_answer()
                if event.advance:  # the tutor goes on at once; this feedback stays in view
                    carried = event
                    pending.extend(self.tutor.next())
            elif isinstance(event, engine.HintShown):
                feedback.add_hint(event.text, event.index, event.total)
            elif isinstance(event, engine.SolutionShown):
                feedback.show_solution(event.text)
            elif isinstance(event, engine.Notice):
                feedback.show_note(event.text)
            elif isinstance(event, engine.StepEntered):
                entered = True
                self.show_step(event.view)
                if carried is not None:
                    feedback.show_verdict(carried.verdict, carried.note)
            elif isinstance(event, engine.PlotsChanged):
                self._plots.show(event.plots)
            elif isinstance(event, engine.LessonFinished):
                feedback.show_note(self.finished_note(event))
                if self._entry is not None:
                    self.show_ending(event)
        return entered

    def finished_note(self, event: LessonFinished) -> str:
        """What the screen says once the tutor has finished."""
        from gdtutor.tui.screens.ending import score_line

        score = score_line(event.solved, event.questions, event.revealed, event.skipped)
        return f"Lesson finished: {score} Enter or Esc: back to the lessons."

    def show_ending(self, event: LessonFinished) -> None:
        """The page after the lesson: what it taught and the next lesson; the learner's choice comes back."""
        from gdtutor.tui.screens.ending import Ending, EndingScreen

        assert self._entry is not None
        after = self._next_entry
        ending = Ending(
            label=self._entry.label,
            learned=self._entry.summary,
            solved=event.solved,
            shown=event.revealed,
            skipped=event.skipped,
            questions=event.questions,
            next_id=after.id if after is not None else None,
            next_label=after.label if after is not None else "",
            next_summary=after.summary if after is not None else "",
        )
        self.app.push_screen(EndingScreen(ending), self._ending_chosen)

    def _ending_chosen(self, choice: Choice | None) -> None:
        if choice == "back":  # one press: the last step, as the learner left it
            self.run(self.tutor.back)
            return
        self.dismiss()
        if choice == "next" and self._next_entry is not None:
            self.app.post_message(OpenLesson(self._next_entry.id))

    def start_tutor(self, tutor: Tutor) -> None:
        """Go on with another tutor (the next practice round) in this screen."""
        self.tutor = tutor
        self.show_step(tutor.view())
        self._plots.show(tutor.plots())

    # ------------------------------------------------------------ the learner's actions

    def run(self, action: Callable[[], list[Event]]) -> None:
        """Do one thing the learner asked for; bad input of any kind is shown, never fatal."""
        events = self._act(action)
        if events is not None:
            self.apply(events)

    def _act(self, action: Callable[[], list[Event]]) -> list[Event] | None:
        try:
            return action()
        except GdtutorError as error:
            self._view = None  # not known what of the step the action changed before it failed
            self._feedback.show_note(error.message)
            return None

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # the answer is this screen's: it goes no further up to the app
        if self.tutor.finished:
            self.after_finished()
            return
        on = (self._view or self.tutor.view()).enter_goes_on
        events = self._act(self.tutor.next if on else partial(self.tutor.submit, event.value))
        if events is None:
            return
        # Acknowledged once the store has it on disk. The commit runs on the store's own thread, so the
        # event loop goes on meanwhile; this screen's next message (another Enter) waits for this one.
        await self._committed()
        if self.is_attached:
            self.apply(events)

    async def _committed(self) -> None:
        from gdtutor.progress.writer import StoreWriter

        recorder = self.tutor.recorder
        if isinstance(recorder, StoreWriter):
            await asyncio.wrap_future(recorder.committed())

    def action_next(self) -> None:
        if self.tutor.finished:
            self.after_finished()
        else:
            self.run(self.tutor.next)

    def after_finished(self) -> None:
        """Enter once the tutor has finished: back to the lessons."""
        self.dismiss()

    def action_hint(self) -> None:
        self.run(self.tutor.hint)

    def action_solution(self) -> None:
        self.run(self.tutor.solution)

    def action_back(self) -> None:
        if self.tutor.finished and self._entry is None:
            # Practice and the preview say the end under the last step, which is already on screen: one
            # press goes to the step before it, as it does on every other step.
            self.run(self._back_past_the_end)
        else:
            self.run(self.tutor.back)

    def _back_past_the_end(self) -> list[Event]:
        events = self.tutor.back()  # the last step again, as it is already shown
        return self.tutor.back() if self.tutor.view().number > 1 else events

    def action_skip(self) -> None:
        self.run(self.tutor.skip)

    def action_toggle_plot(self) -> None:
        """Put the plot away or bring it back; where there is no room for it, show it over the screen."""
        narrow = self.has_class("-narrow")
        if narrow and self._reading:  # hidden on a narrow read step until asked (_place_plot)
            self._plot_asked = not self._plot_asked
        elif narrow and self._crowded:
            from gdtutor.tui.screens.plot import PlotScreen

            self.app.push_screen(PlotScreen(self._plots.specs))
            return
        else:
            self._plot_off = not self._plot_off
        self._place_plot()
        self.keep_work_in_view()

    def action_scroll_work(self, pages: int) -> None:
        work = self._work
        work.scroll_relative(y=pages * max(1, work.size.height - 2), animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "data":
            if self._tutor is None and self._view is not None:  # asked before the tutor is built: its view
                return self._view.has_data
            return self.tutor.data() is not None
        return True

    def action_data(self) -> None:
        from gdtutor.tui.screens.data import DataScreen

        data = self.tutor.data()
        if data is not None:
            self.app.push_screen(DataScreen(data))

    def action_answers(self) -> None:
        from gdtutor.tui.screens.answers import AnswersScreen

        self.app.push_screen(AnswersScreen(self.tutor.view()))

    def action_lessons(self) -> None:
        self.dismiss()
