"""``gdtutor class migrate --class DIR --store postgresql://…``: copy a class's SQLite stores into PostgreSQL.

For a class that outgrows one server (docs/deploy.md). Safe to run again, also while the old server still
runs: each run copies only the attempts not copied before (``gdtutor.classroom.postgres_copy``). One line per
learner gives the attempts in their SQLite store and how many of exactly those are in PostgreSQL.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gdtutor.classroom.stores import UnreadableStore
from gdtutor.errors import GdtutorError
from gdtutor.plain.text import printable_for
from gdtutor.progress.stores import postgres_backend, store_url


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = "The PostgreSQL store is given with --store URL (or $GDTUTOR_STORE)."


def run(args: argparse.Namespace) -> int:
    url = store_url()
    if url is None:
        raise GdtutorError("class migrate: give the PostgreSQL store to copy into: --store postgresql://…")
    postgres_backend()
    from gdtutor.classroom.postgres_copy import copy_class

    learners = copied = 0
    incomplete: list[str] = []
    problems = 0
    for result in copy_class(Path(args.class_dir), url):
        if isinstance(result, UnreadableStore):
            problems += 1
            print(printable_for(sys.stderr, f"gdtutor: class migrate: left out {result}"), file=sys.stderr)
            continue
        learners += 1
        copied += result.copied_now
        line = (
            f"{result.learner}: {result.in_sqlite} attempts in SQLite, {result.in_postgres} of them in"
            f" PostgreSQL ({result.copied_now} copied now)"
        )
        print(printable_for(sys.stdout, line))
        if not result.complete:
            incomplete.append(result.learner)
    print(f"{learners} learners, {copied} attempts copied now.")
    if incomplete:
        names = printable_for(sys.stderr, ", ".join(incomplete))
        print(f"gdtutor: class migrate: attempts missing in PostgreSQL for {names}", file=sys.stderr)
    return 1 if incomplete or problems else 0
