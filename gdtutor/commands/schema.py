"""``gdtutor schema``: the JSON Schema of lesson files, for an editor's YAML language server.

Prints the schema itself, or with ``--path`` where the installed copy is, so an editor can point at it
whether gdtutor runs from a checkout or from ``pip install``. The file sits beside the built-in lessons
(``lessons/`` in a checkout, ``gdtutor/course/`` installed), so their first line,
``# yaml-language-server: $schema=lesson.schema.json``, finds it in both.
"""

from __future__ import annotations

import argparse
import sys

from gdtutor.paths import builtin_lessons_dir

SCHEMA_NAME = "lesson.schema.json"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--path", action="store_true", help="print where the schema file is instead of the schema"
    )


def run(args: argparse.Namespace) -> int:
    schema_file = builtin_lessons_dir() / SCHEMA_NAME
    if args.path:
        print(schema_file.resolve())
    else:
        sys.stdout.write(schema_file.read_text(encoding="utf-8"))
    return 0
