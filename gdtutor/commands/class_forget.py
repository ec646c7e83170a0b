"""``gdtutor class forget LEARNER [--class DIR] [--yes]``: move a learner's record out of the class.

Asks first at a terminal; ``--yes`` answers for scripts (without it, and without a terminal, nothing moves).
The store goes to the class's ``archive/`` and is never deleted (``gdtutor.classroom.learners``). With a
PostgreSQL store (``--store``), the learner's rows are renamed to an archive name instead, in one
transaction, as the database's owner (``gdtutor.progress.postgres_class.forget_learner``).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

from gdtutor.checking.plaintext import escape_controls
from gdtutor.classroom.learners import archive_folder, find_store, forget
from gdtutor.classroom.stores import learner_of
from gdtutor.errors import GdtutorError
from gdtutor.progress.stores import postgres_backend, store_url


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("learner", metavar="LEARNER", help="the learner's name (as their store is named)")
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")


def run(args: argparse.Namespace) -> int:
    url = store_url()
    if url is not None:
        return _forget_in_postgres(url, args)
    folder = Path(args.class_dir)
    path = find_store(folder, args.learner)
    name = learner_of(path)
    if not _confirmed(
        args,
        f"Move {name}'s record out of the class, to {archive_folder(folder)}? It is kept there, not deleted.",
    ):
        return 1
    target = forget(folder, path)
    print(f"Moved {name}'s record to {target}.", file=sys.stderr)
    return 0


def _forget_in_postgres(url: str, args: argparse.Namespace) -> int:
    postgres_backend()
    from gdtutor.progress.postgres import display_url
    from gdtutor.progress.postgres_class import forget_learner, learner_snapshot

    learner_snapshot(url, args.learner).close()  # an unknown learner is an error before the question
    name = escape_controls(args.learner)
    if not _confirmed(
        args, f"Archive {name}'s record in {display_url(url)}? Its rows are renamed, not deleted."
    ):
        return 1
    archived_as, attempts = forget_learner(url, args.learner, datetime.now(timezone.utc))
    print(
        f"Archived {name}'s record ({attempts} attempts) as {escape_controls(archived_as)}.", file=sys.stderr
    )
    return 0


def _confirmed(args: argparse.Namespace, question: str) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise GdtutorError("class forget: not asked at a terminal; add --yes to move the record")
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() not in ("y", "yes"):
        print("Nothing moved.", file=sys.stderr)
        return False
    return True
