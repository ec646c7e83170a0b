"""``gdtutor class forget LEARNER [--class DIR] [--yes]``: move a learner's record out of the class.

Asks first at a terminal; ``--yes`` answers for scripts (without it, and without a terminal, nothing moves).
The store goes to the class's ``archive/`` and is never deleted (``gdtutor.classroom.learners``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gdtutor.classroom.learners import archive_folder, find_store, forget
from gdtutor.classroom.stores import learner_of
from gdtutor.errors import GdtutorError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("learner", metavar="LEARNER", help="the learner's name (as their store is named)")
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")


def run(args: argparse.Namespace) -> int:
    folder = Path(args.class_dir)
    path = find_store(folder, args.learner)
    name = learner_of(path)
    if not args.yes:
        if not sys.stdin.isatty():
            raise GdtutorError("class forget: not asked at a terminal; add --yes to move the record")
        question = (
            f"Move {name}'s record out of the class, to {archive_folder(folder)}? It is kept there, not"
            " deleted. [y/N] "
        )
        try:
            answer = input(question)
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing moved.", file=sys.stderr)
            return 1
    target = forget(folder, path)
    print(f"Moved {name}'s record to {target}.", file=sys.stderr)
    return 0
