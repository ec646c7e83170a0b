"""``gdtutor class export LEARNER [--class DIR] [--json|--csv] [-o FILE]``: one learner's whole record.

The same formats as the learner's own ``gdtutor export`` (``gdtutor.progress.export``), read from a
read-only snapshot of their store, so a teacher can hand a learner their data without touching it.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from gdtutor.classroom.learners import find_store
from gdtutor.classroom.stores import snapshot
from gdtutor.commands.export import write_whole
from gdtutor.progress.export import inert_json, record, write_csv


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("learner", metavar="LEARNER", help="the learner's name (as their store is named)")
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", dest="format", action="store_const", const="json", help="JSON (the default)")
    form.add_argument(
        "--csv", dest="format", action="store_const", const="csv", help="CSV, one attempt a row"
    )
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (replaced whole) instead of stdout"
    )
    parser.set_defaults(format=None)


def run(args: argparse.Namespace) -> int:
    form = args.format or ("csv" if args.output and args.output.lower().endswith(".csv") else "json")
    path = find_store(Path(args.class_dir), args.learner)
    with snapshot(path) as store:
        if form == "json":
            text = inert_json(record(store))
        else:
            buffer = io.StringIO()
            write_csv(store.attempts(), buffer)
            text = buffer.getvalue()
        count = len(store.attempts())
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_whole(Path(args.output), text, "class export")
        print(
            f"Wrote {count} attempts of {store.learner} to {args.output} ({form.upper()}).", file=sys.stderr
        )
    return 0
