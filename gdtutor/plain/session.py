"""The line-oriented dialogue: print a step, read a line, pass it to the tutor, print what happened.

Works with a person at a terminal, a screen reader, or a script piping answers in. The end of input ends the
session cleanly (progress was recorded as it happened).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TextIO

from gdtutor.engine.events import Event, Feedback, LessonFinished, PlotsChanged, StepEntered
from gdtutor.lessons.mathtext import to_unicode
from gdtutor.plain.render import (
    HELP,
    answer_lines,
    asking_line,
    data_lines,
    event_lines,
    glossary_lines,
    prose_lines,
    review_lines,
    step_lines,
)
from gdtutor.plain.text import can_show, clean_line, to_ascii

if TYPE_CHECKING:
    from gdtutor.engine.opening import EarlyOpening
    from gdtutor.engine.tutor import Tutor
    from gdtutor.engine.views import StepView


class SavingStatus(Protocol):
    """What the session reads from the progress store: whether it saves, and its one-line messages."""

    @property
    def saving(self) -> bool: ...

    @property
    def messages(self) -> list[str]: ...

    def flush(self) -> bool: ...


REOPENED = "You finished this lesson before. Type review to read every step with your answers"
START_OVER = ", start over to work it again from its first step (your past answers stay in your record)"
REVIEW_WORDS = ("review", "r")
START_OVER_WORDS = ("start over", "start", "over", "s")


class Session:
    def __init__(
        self,
        tutor: Tutor | None,
        stdin: TextIO,
        stdout: TextIO,
        store: SavingStatus | None = None,
        start_over: Callable[[], Tutor] | None = None,
    ) -> None:
        """``start_over``: the lesson afresh (its progress reset), offered when it opens finished.
        ``tutor`` is None only for ``opened_early``."""
        self._tutor: Tutor | None = tutor
        self._build: Callable[[], Tutor] | None = None
        self._opening: EarlyOpening | None = None
        self._reading: Callable[[], None] | None = None
        self.stdin = stdin
        self.stdout = stdout
        self.store = store
        self.start_over = start_over
        self._told = len(store.messages) if store is not None else 0  # the ones before were shown at start
        self.ascii = not can_show(getattr(stdout, "encoding", None))
        self._summaries: tuple[str, ...] = ()

    @classmethod
    def opened_early(
        cls,
        opening: EarlyOpening,
        build: Callable[[], Tutor],
        stdin: TextIO,
        stdout: TextIO,
        store: SavingStatus | None = None,
        reading: Callable[[], None] | None = None,
    ) -> Session:
        """A session that prints ``opening`` (the step the lesson opens on, as the lesson cache keeps it) and
        calls ``build`` for the tutor when the learner first types a line, not before the step is shown (nor
        at all when the input ends first). ``reading`` is called once the step is shown, before the first
        line is read."""
        session = cls(None, stdin, stdout, store)
        session._build, session._opening, session._reading = build, opening, reading
        return session

    @property
    def tutor(self) -> Tutor:
        if self._tutor is None:
            assert self._build is not None
            self._tutor = self._build()
        return self._tutor

    @tutor.setter
    def tutor(self, tutor: Tutor) -> None:
        self._tutor = tutor

    def say(self, *lines: str) -> None:
        for line in lines:
            self.stdout.write((to_ascii(line) if self.ascii else line) + "\n")
        self.stdout.flush()

    def read(self) -> str | None:
        self.stdout.write("> ")
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            self.stdout.write("\n")
            return None
        return line.rstrip("\r\n")

    def run(self) -> int:
        if self._opening is not None:
            opening = self._opening
            self._introduce(opening.view.lesson_title, opening.summary)
            self.say("(Type help for the commands.)")
            self._show(opening.view, opening.plots)
            if self._reading is not None:
                self._reading()
        else:
            self._introduce(self.tutor.view().lesson_title, self.tutor.lesson.summary)
            if self.tutor.finished and not self._reopened():
                return 0
            self.say("(Type help for the commands.)")
            self._show_step()
        while True:  # the lesson is not finished here: each action that may finish it is checked below
            line = self.read()
            if line is None:
                self.say(f"End of input: stopping here. {self._farewell()}")
                return 0
            word = line.strip().casefold()
            if word in ("quit", "exit"):
                self.say(f"Stopping here. {self._farewell()}")
                return 0
            events = self._act(line, word)
            self._tell_store_news()  # at once, before the feedback: saving stopped (or started again)
            self._handle(events)
            self._tell_store_news()
            if self.tutor.finished:
                return 0

    def _introduce(self, title: str, summary: str) -> None:
        self.say(clean_line(f"Lesson: {title}"))
        if summary.strip():
            self.say(*prose_lines(to_unicode(summary.strip())))

    def _reopened(self) -> bool:
        """A lesson the learner finished: review it (as often as they like) or start it over. False when
        they stop instead."""
        self.say(f"{REOPENED}{START_OVER if self.start_over is not None else ''}, or quit.")
        while True:
            line = self.read()
            if line is None:
                self.say("End of input: stopping here.")
                return False
            word = " ".join(line.split()).casefold()
            if word in ("quit", "exit"):
                self.say("Stopping here.")
                return False
            if word in REVIEW_WORDS:
                self.say(*review_lines(self.tutor.review()))
            elif word in START_OVER_WORDS and self.start_over is not None:
                self.tutor = self.start_over()
                self.say("Starting the lesson over.")
                return True
            else:
                self.say("Type review, start over or quit.")

    def _tell_store_news(self) -> None:
        if self.store is None:
            return
        messages = self.store.messages
        for message in messages[self._told :]:
            self.say(clean_line(f"Progress: {message}"))
        self._told = len(messages)

    def _farewell(self) -> str:
        """Whether the session's answers are saved: never claims so when they are not."""
        saved = self.store is None or self.store.flush()
        self._tell_store_news()
        if saved:
            return "Your progress is kept."
        return "Your answers from this session are NOT saved (see the message above)."

    def _act(self, line: str, word: str) -> list[Event]:
        tutor = self.tutor
        view = tutor.view()
        if word == "help" or word == "?":
            self.say(*HELP.split("\n"))
            return []
        if word == "show":
            self._show_step()
            return []
        if word == "glossary":
            self.say(*glossary_lines())
            return []
        if word == "data":
            self.say(*data_lines(tutor.data()))
            return []
        if word == "answers":
            self.say(*answer_lines(view.answers))
            return []
        if word == "plot":
            from gdtutor.plain.asciiplot import draw  # numpy: not before the learner's first line

            for plot in tutor.plots():
                self.say(*(clean_line(text) for text in draw(plot)))
                self.say(clean_line(plot.summary))
            return []
        if word == "hint":
            return tutor.hint()
        if word == "solution":
            return tutor.solution()
        if word == "skip":
            return tutor.skip()
        if word == "back":
            return tutor.back()
        if word == "next" or (word == "" and view.enter_goes_on):
            return tutor.next()
        if view.enter_goes_on:
            self.say("Press Enter to go on (or type help).")
            return []
        return tutor.submit(line)

    def _handle(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, StepEntered):
                self._show_step()
            elif isinstance(event, PlotsChanged):
                self._describe_plots(event)
            else:
                self.say(*event_lines(event))
            if isinstance(event, LessonFinished):
                return
        if any(isinstance(event, Feedback) and event.advance for event in events):
            self._handle(self.tutor.next())
        elif events and not self.tutor.finished and not any(isinstance(e, StepEntered) for e in events):
            self.say(asking_line(self.tutor.view()))

    def _show_step(self) -> None:
        self._show(self.tutor.view(), tuple(plot.summary for plot in self.tutor.plots()))

    def _show(self, view: StepView, plots: tuple[str, ...]) -> None:
        """The step, the summaries of its plots, and what it asks for."""
        self.say(*step_lines(view))
        self._describe(plots)
        self.say(asking_line(view))

    def _describe_plots(self, event: PlotsChanged) -> None:
        self._describe(tuple(plot.summary for plot in event.plots))

    def _describe(self, summaries: tuple[str, ...]) -> None:
        if summaries and summaries != self._summaries:
            self.say(*(clean_line(f"Plot: {summary}") for summary in summaries))
        self._summaries = summaries
