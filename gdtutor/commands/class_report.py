"""``gdtutor class report [--class DIR] [--csv [TABLE] | --json | --gradebook [--scheme FILE]] [-o FILE]``.

Reads every learner's store in the class read-only (see ``gdtutor.classroom.stores``) and prints the report
(``gdtutor.classroom.report`` defines each figure). ``--csv`` writes one table (lessons, steps or mastery),
``--json`` everything, ``--gradebook`` a score per learner and lesson by the teacher's scheme
(``gdtutor.classroom.gradebook``). A store that cannot be read is named (on stderr, and in the text and
JSON) and left out; it never stops the report.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from gdtutor.checking.plaintext import escape_controls
from gdtutor.classroom.gradebook import Scheme, gradebook_rows, load_scheme
from gdtutor.classroom.report import report_on
from gdtutor.classroom.tables import CSV_TABLES, csv_table, report_data, text_lines, write_rows
from gdtutor.commands.export import write_whole
from gdtutor.plain.text import printable_for
from gdtutor.progress.export import inert_json


def configure(parser: argparse.ArgumentParser) -> None:
    form = parser.add_mutually_exclusive_group()
    form.add_argument(
        "--csv",
        nargs="?",
        const="lessons",
        choices=CSV_TABLES,
        metavar="TABLE",
        help=f"one table as CSV: {', '.join(CSV_TABLES)} (default lessons: one row per learner and lesson)",
    )
    form.add_argument("--json", action="store_true", help="the whole report as JSON")
    form.add_argument(
        "--gradebook", action="store_true", help="CSV of scores: a name column, then one column per lesson"
    )
    parser.add_argument(
        "--scheme", metavar="FILE", help="the gradebook's scoring (YAML; see docs/classroom.md)"
    )
    parser.add_argument(
        "--lessons",
        metavar="DIR",
        action="append",
        default=[],
        help="also find lessons (titles, sizes) in DIR",
    )
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (replaced whole) instead of stdout"
    )


def run(args: argparse.Namespace) -> int:
    scheme = load_scheme(Path(args.scheme)) if args.scheme else Scheme()
    if args.scheme and not args.gradebook:
        print("gdtutor: class report: --scheme only matters with --gradebook", file=sys.stderr)
    report, course = report_on(Path(args.class_dir), args.lessons, scheme.lessons)
    if not report.learners and not report.unreadable:
        folder = printable_for(sys.stderr, str(args.class_dir))
        print(
            f"gdtutor: class report: no progress files in {folder} (nobody has answered yet?)",
            file=sys.stderr,
        )
    for problem in report.unreadable:
        print(printable_for(sys.stderr, f"gdtutor: class report: left out {problem}"), file=sys.stderr)
    if args.json:
        text = inert_json(report_data(report))
    elif args.csv or args.gradebook:
        if args.gradebook:
            for lesson_id in scheme.lessons or report.lesson_order:
                if lesson_id not in course.outlines and lesson_id not in scheme.sizes:
                    unknown = escape_controls(lesson_id)
                    print(
                        f"gdtutor: class report: lesson {unknown} not found: it scores 0 (give its size"
                        " under steps: in the scheme)",
                        file=sys.stderr,
                    )
            rows = gradebook_rows(report, scheme, course.outlines, course.titles)
        else:
            rows = csv_table(report, args.csv)
        buffer = io.StringIO()
        write_rows(rows, buffer)
        text = buffer.getvalue()
    else:
        text = "".join(printable_for(sys.stdout, line) + "\n" for line in text_lines(report))
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_whole(Path(args.output), text, "class report")
        print(f"Wrote the report on {len(report.learners)} learners to {args.output}.", file=sys.stderr)
    return 0
