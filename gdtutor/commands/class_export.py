"""``gdtutor class export LEARNER [--class DIR] [--json|--csv] [-o FILE]``: one learner's whole record.

The same formats as the learner's own ``gdtutor export`` (``gdtutor.progress.export``), read from a
read-only snapshot of their store, so a teacher can hand a learner their data without touching it. With a
PostgreSQL store (``--store``), the snapshot is taken from the database in one read-only transaction.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gdtutor.classroom.learners import find_store
from gdtutor.classroom.stores import snapshot
from gdtutor.commands import export
from gdtutor.progress.store import ProgressStore
from gdtutor.progress.stores import postgres_backend, store_url


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("learner", metavar="LEARNER", help="the learner's name (as their store is named)")
    export.configure(parser)


def run(args: argparse.Namespace) -> int:
    form = export.chosen_format(args)
    with learner_snapshot(Path(args.class_dir), args.learner) as store:
        text = export.record_text(store, form)
        count = len(store.attempts())
    if args.output is None:
        sys.stdout.write(text)
    else:
        export.write_whole(Path(args.output), text, "class export")
        print(
            f"Wrote {count} attempts of {store.learner} to {args.output} ({form.upper()}).", file=sys.stderr
        )
    return 0


def learner_snapshot(folder: Path, learner: str) -> ProgressStore:
    """``learner``'s record, copied into memory from the PostgreSQL store in force, else from ``folder``."""
    url = store_url()
    if url is None:
        return snapshot(find_store(folder, learner))
    postgres_backend()
    from gdtutor.progress.postgres_class import learner_snapshot as from_postgres

    return from_postgres(url, learner)
