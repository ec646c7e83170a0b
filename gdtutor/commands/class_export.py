"""``gdtutor class export LEARNER [--class DIR] [--json|--csv] [-o FILE]``: one learner's whole record.

The same formats as the learner's own ``gdtutor export`` (``gdtutor.progress.export``), read from a
read-only snapshot of their store, so a teacher can hand a learner their data without touching it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gdtutor.classroom.learners import find_store
from gdtutor.classroom.stores import snapshot
from gdtutor.commands import export


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("learner", metavar="LEARNER", help="the learner's name (as their store is named)")
    export.configure(parser)


def run(args: argparse.Namespace) -> int:
    form = export.chosen_format(args)
    path = find_store(Path(args.class_dir), args.learner)
    with snapshot(path) as store:
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
