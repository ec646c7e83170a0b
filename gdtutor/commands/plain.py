"""``gdtutor --plain [LESSON]``: the line-oriented tutor on standard input and output.

Without a lesson it lists the lessons and asks which one (Enter takes the learner's current lesson).
Progress goes to the learner's store as they work; the end of input ends the session cleanly.
"""

from __future__ import annotations

import argparse
import gc
import sys
from typing import TYPE_CHECKING, TextIO

from gdtutor.commands._problems import skipped_line, unopened_line
from gdtutor.errors import GdtutorError
from gdtutor.lessons.catalog import Listed, Listing, find
from gdtutor.lessons.folders import lesson_paths
from gdtutor.plain.text import printable_for
from gdtutor.progress.stores import close_telling, lesson_run, open_store
from gdtutor.stopping import exit_on_stop_signals, status_after_closing

if TYPE_CHECKING:
    from gdtutor.lessons.model import Lesson
    from gdtutor.progress.stores import Store


def choose_lesson(listing: Listing, current: str | None, stdin: TextIO, stdout: TextIO) -> Lesson | None:
    """Ask which lesson to open and load it; None at the end of input or on quit. A lesson whose file does
    not load is refused with a line naming the command that shows why, and the question is asked again."""
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
            lesson = _opened(_chosen(listing, answer, default))
        except GdtutorError as error:
            say(error.message)
            continue
        return lesson


def _chosen(listing: Listing, answer: str, default: Listed) -> Listed:
    if not answer:
        return default
    if answer.isascii() and answer.isdigit() and 1 <= int(answer) <= len(listing.entries):
        return listing.entries[int(answer) - 1]
    return find(listing.entries, answer)


def _opened(entry: Listed) -> Lesson:
    """The lesson loaded in full; a GdtutorError naming the command that shows its file's problems."""
    lesson, problems = entry.load()
    if lesson is None:
        raise GdtutorError(unopened_line(entry.id, problems))
    return lesson


def run(args: argparse.Namespace) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    # Only the headers: the one lesson the learner picks is loaded in full (and numpy with it).
    listing = Listing.read(lesson_paths(args.lessons))
    skipped = skipped_line(listing.problems)
    if skipped:
        print(printable_for(sys.stderr, skipped), file=sys.stderr)
    exit_on_stop_signals()  # SIGTERM, SIGHUP: the store is closed (its last write finished) on the way out
    store = open_store()
    try:
        status = _tutor(args, listing, store)
    except SystemExit as stopped:
        status = stopped.code if isinstance(stopped.code, int) else 1
    finally:
        saved, said = close_telling(store)
        for line in said:
            print(printable_for(sys.stderr, line), file=sys.stderr)
    return status_after_closing(status, saved)


def _tutor(args: argparse.Namespace, listing: Listing, store: Store) -> int:
    """The learner picks a lesson (or names it) and works it; the exit status."""
    for message in store.messages:
        print(printable_for(sys.stderr, message), file=sys.stderr)
    lesson = (
        _opened(find(listing.entries, args.lesson))
        if args.lesson
        else choose_lesson(listing, store.last_lesson(), sys.stdin, sys.stdout)
    )
    if lesson is None:
        return 0
    from gdtutor.engine.tutor import Tutor
    from gdtutor.plain.session import Session
    from gdtutor.progress.learner import lesson_seed

    store.use_lesson(lesson)
    seed = lesson_seed(store.seed_salt(), store.learner, lesson.id)
    chosen = lesson

    def start_over() -> Tutor:
        store.reset(chosen.id)
        return Tutor(chosen, seed, store, lesson_run(store, chosen.id))

    tutor = Tutor(lesson, seed, store, lesson_run(store, lesson.id))
    gc.freeze()  # start-up's objects stay for good (gdtutor.cli held the collector off while it made them)
    gc.enable()
    return Session(tutor, sys.stdin, sys.stdout, store, start_over).run()
