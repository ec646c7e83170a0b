"""The line-oriented dialogue: print a step, read a line, pass it to the tutor, print what happened.

Works with a person at a terminal, a screen reader, or a script piping answers in. The end of input ends the
session cleanly (progress was recorded as it happened).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TextIO

from gdtutor.engine.events import Event, Feedback, LessonFinished, PlotsChanged, StepEntered
from gdtutor.engine.tutor import Tutor
from gdtutor.lessons.mathtext import to_unicode
from gdtutor.plain.asciiplot import draw
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
        tutor: Tutor,
        stdin: TextIO,
        stdout: TextIO,
        store: SavingStatus | None = None,
        start_over: Callable[[], Tutor] | None = None,
    ) -> None:
        """``start_over``: the lesson afresh (its progress reset), offered when it opens finished."""
        self.tutor = tutor
        self.stdin = stdin
        self.stdout = stdout
        self.store = store
        self.start_over = start_over
        self._told = len(store.messages) if store is not None else 0  # the ones before were shown at start
        self.ascii = not can_show(getattr(stdout, "encoding", None))
        self._summaries: tuple[str, ...] = ()

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
        view = self.tutor.view()
        self.say(clean_line(f"Lesson: {view.lesson_title}"))
        if self.tutor.lesson.summary.strip():
            self.say(*prose_lines(to_unicode(self.tutor.lesson.summary.strip())))
        if self.tutor.finished and not self._reopened():
            return 0
        self.say("(Type help for the commands.)")
        self._show_step()
        while not self.tutor.finished:
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
        self._tell_store_news()
        return 0

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
        view = self.tutor.view()
        self.say(*step_lines(view))
        self._describe_plots(PlotsChanged(self.tutor.plots()))
        self.say(asking_line(view))

    def _describe_plots(self, event: PlotsChanged) -> None:
        summaries = tuple(plot.summary for plot in event.plots)
        if summaries and summaries != self._summaries:
            self.say(*(clean_line(f"Plot: {summary}") for summary in summaries))
        self._summaries = summaries
