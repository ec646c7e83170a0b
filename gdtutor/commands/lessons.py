"""``gdtutor lessons``: the lessons there are (id, title, where each comes from).

Read from each file's header only (id and title, as the app's lesson list reads them), so listing costs
no YAML parser, validator or numpy. A file without a readable id and title, or whose id an earlier file
already has, is not listed and is named on stderr; ``gdtutor validate`` checks the files in full.
"""

from __future__ import annotations

import argparse
import sys

from gdtutor.lessons.folders import lesson_paths
from gdtutor.lessons.headers import read_header
from gdtutor.plain.text import printable_for

EPILOG = """\
Lessons come from the built-in course, your own lesson folder (`gdtutor where` shows it) and each
--lessons DIR. A file whose id or title cannot be read is named on stderr; `gdtutor validate FILE`
checks a file in full.

examples:
  gdtutor lessons"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "--lessons", metavar="DIR", action="append", default=[], help="also list the lessons in DIR"
    )


def run(args: argparse.Namespace) -> int:
    rows: list[tuple[str, str, str]] = []
    problems: list[str] = []
    first_with: dict[str, str] = {}
    for path, source in lesson_paths(args.lessons):
        header = read_header(path)
        if header is None:
            problems.append(f"{path}: no id and title at the head of the file; gdtutor validate says more")
        elif header.id in first_with:
            problems.append(f'{path}: lesson id "{header.id}" is already defined in {first_with[header.id]}')
        else:
            first_with[header.id] = str(path)
            shown = [printable_for(sys.stdout, text) for text in (header.id, header.title, source)]
            rows.append((shown[0], shown[1], shown[2]))
    if not rows:
        print("No lessons found.", file=sys.stderr)
    id_width = max((len(row[0]) for row in rows), default=0)
    title_width = max((len(row[1]) for row in rows), default=0)
    for lesson_id, title, source in rows:
        print(f"{lesson_id:<{id_width}}  {title:<{title_width}}  {source}".rstrip())
    for problem in problems:
        print(printable_for(sys.stderr, problem), file=sys.stderr)
    return 0
