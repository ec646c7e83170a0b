"""``gdtutor lessons``: the lessons there are (id, title, where each comes from).

Files with problems are not listed; each problem is reported on stderr (``gdtutor validate`` explains more).
"""

from __future__ import annotations

import argparse
import sys

from gdtutor.lessons.catalog import discover
from gdtutor.plain.text import printable_for


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lessons", metavar="DIR", action="append", default=[], help="also list the lessons in DIR"
    )


def run(args: argparse.Namespace) -> int:
    catalog = discover(args.lessons)
    rows = [
        tuple(printable_for(sys.stdout, text) for text in (entry.id, entry.title, entry.source))
        for entry in catalog.entries
    ]
    if not rows:
        print("No lessons found.", file=sys.stderr)
    id_width = max((len(row[0]) for row in rows), default=0)
    title_width = max((len(row[1]) for row in rows), default=0)
    for lesson_id, title, source in rows:
        print(f"{lesson_id:<{id_width}}  {title:<{title_width}}  {source}".rstrip())
    for problem in catalog.problems:
        print(printable_for(sys.stderr, str(problem)), file=sys.stderr)
    return 0
