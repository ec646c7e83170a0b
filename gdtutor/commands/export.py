"""``gdtutor export [--json|--csv] [--output FILE]``: the learner's record, e.g. to hand in.

JSON (the default) holds the attempts, each lesson's state, skill mastery and resets; CSV holds the attempts,
one per row under a header (see ``gdtutor.progress.export``). Without ``--output`` the record goes to stdout.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from pathlib import Path

from gdtutor.errors import GdtutorError
from gdtutor.progress.export import inert_json, record, write_csv
from gdtutor.progress.stores import Store, open_store


def configure(parser: argparse.ArgumentParser) -> None:
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", dest="format", action="store_const", const="json", help="JSON (the default)")
    form.add_argument(
        "--csv", dest="format", action="store_const", const="csv", help="CSV, one attempt a row"
    )
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (replaced whole) instead of stdout"
    )
    parser.set_defaults(format=None)


def chosen_format(args: argparse.Namespace) -> str:
    """``--json`` or ``--csv`` as given; else CSV for an ``--output`` ending in .csv, JSON otherwise."""
    return args.format or ("csv" if args.output and args.output.lower().endswith(".csv") else "json")


def record_text(store: Store, form: str) -> str:
    """The store's record as ``form`` ("json" or "csv"), every learner-typed character made inert."""
    if form == "json":
        return inert_json(record(store))
    buffer = io.StringIO()
    write_csv(store.attempts(), buffer)
    return buffer.getvalue()


def run(args: argparse.Namespace) -> int:
    form = chosen_format(args)
    store = open_store()
    for message in store.messages:
        print(f"gdtutor: {message}", file=sys.stderr)
    if not store.record_readable:
        store.close()
        raise GdtutorError("export: your saved record cannot be read this session, so nothing was exported")
    text = record_text(store, form)
    count = len(store.attempts())
    store.close()
    if args.output is None:
        sys.stdout.write(text)
        return 0
    write_whole(Path(args.output), text)
    print(f"Wrote {count} attempts to {args.output} ({form.upper()}).", file=sys.stderr)
    return 0


def write_whole(path: Path, text: str, command: str = "export") -> None:
    """Write ``text`` to ``path`` so that a reader never sees half a file, even if the write fails."""
    folder = path.parent if str(path.parent) else Path(".")
    temporary = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", newline="", dir=folder, prefix=f".{path.name}.", delete=False
        ) as stream:
            temporary = Path(stream.name)
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise GdtutorError(f"{command}: cannot write {path}: {error.strerror or error}") from None
