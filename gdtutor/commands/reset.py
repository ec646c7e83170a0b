"""``gdtutor reset [LESSON] [--yes]``: start over, one lesson or everything; the record of attempts stays.

Resetting a lesson starts it over (its done steps, attempt counts and current step); resetting everything also
forgets skill mastery and the last lesson. Nothing is lost for good: the record of attempts is append-only and
stays (``gdtutor export`` shows it), and the forgotten state is archived in the database.

On a terminal it asks first. Without a terminal it needs ``--yes``, and refuses otherwise (exit 2), so a
script can never reset by accident. Declining at the prompt resets nothing and exits 0: nothing failed. A
LESSON that is neither a lesson gdtutor knows nor one with progress is bad input (exit 2, the known ones
listed), as in ``gdtutor LESSON``.
"""

from __future__ import annotations

import argparse
import sys

from gdtutor.errors import GdtutorError
from gdtutor.lessons.catalog import discover
from gdtutor.progress.stores import Store, open_store

EPILOG = """\
Starting a lesson over forgets which of its steps are done, how many attempts each took and where you
were; resetting everything also forgets skill mastery. Your record of attempts is kept either way, and
`gdtutor export` still shows all of it. On a terminal reset asks first; a script must pass --yes.
Answering no changes nothing and exits 0.

examples:
  gdtutor reset descent-on-theta-squared --yes
  gdtutor reset --yes"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("lesson", nargs="?", help="the lesson to start over; without it, everything")
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation (for scripts)")
    parser.add_argument(
        "--lessons", metavar="DIR", action="append", default=[], help="also know the lessons in DIR"
    )


def _check_lesson(lesson_id: str, extra_dirs: list[str], store: Store) -> None:
    """Bad input unless ``lesson_id`` is a lesson there is or one with progress (its file may be gone)."""
    started = store.lessons_started()
    if lesson_id in started:
        return
    known = discover(extra_dirs).ids()
    if lesson_id not in known:
        listed = ", ".join([*known, *(other for other in started if other not in known)]) or "none"
        raise GdtutorError(f"reset: no lesson {lesson_id!r} (known lessons: {listed})")


def run(args: argparse.Namespace) -> int:
    store = open_store()
    for message in store.messages:
        print(f"gdtutor: {message}", file=sys.stderr)
    if args.lesson:
        _check_lesson(args.lesson, args.lessons, store)
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
            return 0
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
