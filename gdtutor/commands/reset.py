"""``gdtutor reset [LESSON] [--yes]``: forget progress, one lesson's or all of it.

Resetting a lesson starts it over (its done steps, attempt counts and current step); resetting everything also
forgets skill mastery and the last lesson. Nothing is lost for good: the record of attempts is append-only and
stays (``gdtutor export`` shows it), and the forgotten state is archived in the database.

On a terminal it asks first. Without a terminal it needs ``--yes``, and refuses otherwise (exit 2), so a
script can never reset by accident. Declining at the prompt resets nothing and exits 1.
"""

from __future__ import annotations

import argparse
import sys

from gdtutor.errors import GdtutorError
from gdtutor.progress.stores import open_store


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("lesson", nargs="?", help="the lesson to start over; without it, everything")
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation (for scripts)")


def run(args: argparse.Namespace) -> int:
    store = open_store()
    for message in store.messages:
        print(f"gdtutor: {message}", file=sys.stderr)
    if not store.saving:
        raise GdtutorError("reset: nothing was reset, since your progress cannot be changed this session")
    what = f"your progress in lesson {args.lesson}" if args.lesson else "all your progress and skill mastery"
    if args.lesson and args.lesson not in store.lessons_started():
        started = ", ".join(store.lessons_started()) or "none"
        print(f"You have no progress in lesson {args.lesson} to reset (lessons with progress: {started}).")
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            raise GdtutorError(f"reset: not resetting without confirmation; add --yes to forget {what}")
        if not _confirmed(f"Forget {what}? Your record of attempts is kept. [y/N] "):
            print("Nothing was reset.")
            return 1
    reset = store.reset(args.lesson)
    attempts = len(store.attempts())
    store.close()
    print(
        f"Forgot {what} ({reset.steps_archived} step records archived). "
        f"Your record of {attempts} attempts is kept: `gdtutor export` shows it."
    )
    return 0


def _confirmed(question: str) -> bool:
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in {"y", "yes"}
