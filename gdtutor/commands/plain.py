"""``gdtutor --plain [LESSON]``: the line-oriented tutor on standard input and output.

Without a lesson it lists the lessons and asks which one (Enter takes the learner's current lesson).
Progress goes to the learner's store as they work; the end of input ends the session cleanly.

A lesson file unchanged since it was last opened, on a step that needs no tutor (a read step, for a learner
with no answers in the lesson), opens from what the lesson cache keeps beside the lesson
(gdtutor.engine.opening): the lesson, the engine and numpy load while a learner at a terminal reads it,
and when piped input gives its first line.
"""

from __future__ import annotations

import argparse
import gc
import sys
import threading
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, TextIO, TypeVar

from gdtutor.commands._problems import skipped_line, unopened_line
from gdtutor.errors import GdtutorError
from gdtutor.lessons.catalog import Listed, Listing, find
from gdtutor.lessons.folders import lesson_paths
from gdtutor.plain.text import printable_for
from gdtutor.progress.stores import close_telling, lesson_run, open_store
from gdtutor.stopping import exit_on_stop_signals, status_after_closing

if TYPE_CHECKING:
    from gdtutor.engine.recorder import ResumeState
    from gdtutor.engine.tutor import Tutor
    from gdtutor.lessons.checked import Kept
    from gdtutor.lessons.model import Lesson
    from gdtutor.plain.session import Session
    from gdtutor.progress.stores import Store

T = TypeVar("T")


def choose_lesson(
    listing: Listing, current: str | None, stdin: TextIO, stdout: TextIO, opened: Callable[[Listed], T]
) -> T | None:
    """Ask which lesson to open and open it (``opened``); None at the end of input or on quit. A lesson whose
    file does not load is refused with a line naming the command that shows why (``opened`` raises a
    GdtutorError saying it), and the question is asked again."""
    if not listing.entries:
        raise GdtutorError("no lessons found (gdtutor lessons lists where they are looked for)")

    def say(text: str) -> None:
        stdout.write(printable_for(stdout, text) + "\n")

    say("Lessons:")
    for number, entry in enumerate(listing.entries, 1):
        mark = "  (current)" if entry.id == current else ""
        say(f"  {number}) {entry.id}: {entry.title}{mark}")
    default = next((entry for entry in listing.entries if entry.id == current), listing.entries[0])
    while True:
        say(f"Which lesson? Type its number or id (Enter for {default.id}).")
        stdout.write("> ")
        stdout.flush()
        line = stdin.readline()
        if not line:
            stdout.write("\n")
            say("End of input: no lesson opened.")
            return None
        answer = line.strip()
        if answer.casefold() in ("quit", "exit"):
            return None
        try:
            return opened(_chosen(listing, answer, default))
        except GdtutorError as error:
            say(error.message)


def _chosen(listing: Listing, answer: str, default: Listed) -> Listed:
    if not answer:
        return default
    if answer.isascii() and answer.isdigit() and 1 <= int(answer) <= len(listing.entries):
        return listing.entries[int(answer) - 1]
    return find(listing.entries, answer)


def _loaded(entry: Listed) -> Lesson:
    """The lesson loaded in full (the words its steps open with kept beside it in the lesson cache); a
    GdtutorError naming the command that shows its file's problems."""
    from gdtutor.engine.opening import PLOTS, VIEWS, early_plots, early_views
    from gdtutor.lessons.checked import open_lesson

    lesson, problems = open_lesson(entry.path, beside={VIEWS: early_views, PLOTS: early_plots})
    if lesson is None:
        raise GdtutorError(unopened_line(entry.id, problems))
    return lesson


def run(args: argparse.Namespace) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    # Only the headers: the one lesson the learner picks is opened (and numpy loaded with its tutor).
    listing = Listing.read(lesson_paths(args.lessons))
    skipped = skipped_line(listing.problems)
    if skipped:
        print(printable_for(sys.stderr, skipped), file=sys.stderr)
    exit_on_stop_signals()  # SIGTERM, SIGHUP: the store is closed (its last write finished) on the way out
    store = open_store()
    try:
        status = _tutor_session(args, listing, store)
    except SystemExit as stopped:
        status = stopped.code if isinstance(stopped.code, int) else 1
    finally:
        saved, said = close_telling(store)
        for line in said:
            print(printable_for(sys.stderr, line), file=sys.stderr)
    return status_after_closing(status, saved)


def _tutor_session(args: argparse.Namespace, listing: Listing, store: Store) -> int:
    """The learner picks a lesson (or names it) and works it; the exit status."""
    for message in store.messages:
        print(printable_for(sys.stderr, message), file=sys.stderr)

    def opened(entry: Listed) -> Session:
        return _session(entry, store)

    session: Session | None = (
        opened(find(listing.entries, args.lesson))
        if args.lesson
        else choose_lesson(listing, store.last_lesson(), sys.stdin, sys.stdout, opened)
    )
    if session is None:
        return 0
    gc.freeze()  # start-up's objects stay for good (gdtutor.cli held the collector off while it made them)
    gc.enable()
    return session.run()


def _session(entry: Listed, store: Store) -> Session:
    """The dialogue on the lesson at ``entry``, where the learner's record says: opened early (see the
    module's docstring) when the lesson cache allows it, else on a tutor over the lesson loaded in full."""
    from gdtutor.engine.opening import early_opening
    from gdtutor.lessons.checked import recall
    from gdtutor.plain.session import Session

    kept = recall(entry.path)
    resume = lesson_run(store, entry.id) if kept is not None else None
    opening = None if kept is None or resume is None else early_opening(kept.beside, entry.id, resume)
    if kept is None or resume is None or opening is None:
        lesson = _loaded(entry)

        def start_over() -> Tutor:
            store.reset(lesson.id)
            return _tutor(lesson, store, lesson_run(store, lesson.id))

        tutor = _tutor(lesson, store, lesson_run(store, lesson.id))
        return Session(tutor, sys.stdin, sys.stdout, store, start_over)
    from gdtutor.engine.recorder import Action

    store.record_action(Action(entry.id, opening.view.step_id, None, ()))  # as a tutor records its opening
    loading, record = _Loading(partial(_kept_lesson, kept, entry)), resume

    def build() -> Tutor:
        return _tutor(loading.result(), store, record)

    # A learner at a terminal reads the step: the lesson and the engine load meanwhile, so that their first
    # line does not wait for them. Piped input gets them when its first line comes.
    reading = loading.start if sys.stdin.isatty() else None
    return Session.opened_early(opening, build, sys.stdin, sys.stdout, store, reading)


def _kept_lesson(kept: Kept, entry: Listed) -> Lesson:
    """The lesson the opening was drawn from (the file's, should the cache entry be damaged), with the engine
    the tutor needs imported: nothing of the store, so it may run on a thread of its own."""
    import gdtutor.engine.tutor  # noqa: F401  (numpy and the solver)

    lesson = kept.lesson()
    return lesson if lesson is not None and lesson.id == entry.id else _loaded(entry)


class _Loading:
    """``load()``, on a thread of its own once ``start`` is called; else by ``result``, when asked."""

    def __init__(self, load: Callable[[], Lesson]) -> None:
        self._load = load
        self._thread: threading.Thread | None = None
        self._lesson: Lesson | None = None
        self._error: BaseException | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="gdtutor-lesson-load")
        self._thread.start()

    def _run(self) -> None:
        try:
            self._lesson = self._load()
        except BaseException as error:  # raised where the lesson is needed, as it would have been there
            self._error = error

    def result(self) -> Lesson:
        if self._thread is None:
            return self._load()
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._lesson is not None
        return self._lesson


def _tutor(lesson: Lesson, store: Store, resume: ResumeState) -> Tutor:
    """A tutor over ``lesson`` for the store's learner, picking the lesson up where ``resume`` says."""
    from gdtutor.engine.tutor import Tutor
    from gdtutor.progress.learner import lesson_seed

    store.use_lesson(lesson)
    return Tutor(lesson, lesson_seed(store.seed_salt(), store.learner, lesson.id), store, resume)
