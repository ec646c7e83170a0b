"""``gdtutor --plain [LESSON]``: the line-oriented tutor on standard input and output.

Without a lesson it lists the lessons and asks which one (Enter takes the learner's current lesson).
Progress goes to the learner's store as they work; the end of input ends the session cleanly.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from gdtutor.commands._problems import skipped_line
from gdtutor.engine.tutor import Tutor
from gdtutor.errors import GdtutorError
from gdtutor.lessons.catalog import Catalog, Entry, discover
from gdtutor.plain.session import Session
from gdtutor.plain.text import printable_for
from gdtutor.progress.learner import lesson_seed
from gdtutor.progress.stores import open_store
from gdtutor.stopping import exit_on_stop_signals


def choose_lesson(catalog: Catalog, current: str | None, stdin: TextIO, stdout: TextIO) -> Entry | None:
    """Ask which lesson to open; None at the end of input or on quit."""
    if not catalog.entries:
        raise GdtutorError("no lessons found (gdtutor lessons lists where they are looked for)")

    def say(text: str) -> None:
        stdout.write(printable_for(stdout, text) + "\n")

    say("Lessons:")
    for number, entry in enumerate(catalog.entries, 1):
        mark = "  (current)" if entry.id == current else ""
        say(f"  {number}) {entry.id}: {entry.title}{mark}")
    default = catalog.get(current or "") or catalog.entries[0]
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
        if not answer:
            return default
        if answer.isascii() and answer.isdigit() and 1 <= int(answer) <= len(catalog.entries):
            return catalog.entries[int(answer) - 1]
        try:
            return catalog.find(answer)
        except GdtutorError as error:
            say(error.message)


def run(args: argparse.Namespace) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    catalog = discover(args.lessons)
    skipped = skipped_line(catalog.problems)
    if skipped:
        print(printable_for(sys.stderr, skipped), file=sys.stderr)
    exit_on_stop_signals()  # SIGTERM, SIGHUP: the store is closed (its last write finished) on the way out
    store = open_store()
    try:
        for message in store.messages:
            print(printable_for(sys.stderr, message), file=sys.stderr)
        entry = (
            catalog.find(args.lesson)
            if args.lesson
            else choose_lesson(catalog, store.last_lesson(), sys.stdin, sys.stdout)
        )
        if entry is None:
            return 0
        lesson = entry.lesson
        store.use_lesson(lesson)
        seed = lesson_seed(store.seed_salt(), store.learner, lesson.id)
        tutor = Tutor(lesson, seed, store, store.lesson_state(lesson.id))
        return Session(tutor, sys.stdin, sys.stdout, store).run()
    finally:
        store.close()
