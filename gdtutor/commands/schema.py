"""``gdtutor schema``: the JSON Schema of lesson files, for an editor's YAML language server.

Prints the schema itself, or with ``--path`` where the installed copy is, so an editor can point at it
whether gdtutor runs from a checkout or from ``pip install``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import gdtutor.lessons

SCHEMA_FILE = Path(gdtutor.lessons.__file__).parent / "lesson.schema.json"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--path", action="store_true", help="print where the schema file is instead of the schema"
    )


def run(args: argparse.Namespace) -> int:
    if args.path:
        print(SCHEMA_FILE.resolve())
    else:
        sys.stdout.write(SCHEMA_FILE.read_text(encoding="utf-8"))
    return 0
