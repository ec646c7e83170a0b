"""``gdtutor where``: the folders and files gdtutor uses, so a learner or teacher can find them.

The data folder (``$GDTUTOR_DATA_DIR`` or the platform's user data folder), the lesson folder inside it
that gdtutor reads every lesson from, the learner's progress store, the built-in course, the installed guides
and the example data files. Nothing is created: a folder or file that does not exist yet is marked so.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gdtutor.paths import (
    DATA_DIR_ENV,
    builtin_lessons_dir,
    docs_dir,
    examples_dir,
    user_data_dir,
    user_lessons_dir,
)
from gdtutor.plain.text import printable_for
from gdtutor.progress.learner import LEARNER_ENV, database_path, learner_name
from gdtutor.progress.stores import STORE_ENV, postgres_backend, store_url


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        f"${DATA_DIR_ENV} moves the data folder, ${LEARNER_ENV} names the learner (the login name by\n"
        f"default), ${STORE_ENV} (or --store URL) keeps progress in PostgreSQL instead.\n\n"
        "example:\n  gdtutor where"
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter


def _path(path: Path) -> str:
    return str(path) if path.exists() else f"{path} (not created yet)"


def rows() -> list[tuple[str, str]]:
    """(what, where) for each place gdtutor reads or writes."""
    url = store_url()
    store = (
        f"PostgreSQL at {postgres_backend().display_url(url)}" if url is not None else _path(database_path())
    )
    return [
        ("data folder", _path(user_data_dir())),
        ("your lessons", _path(user_lessons_dir())),
        ("learner", learner_name()),
        ("progress store", store),
        ("built-in course", str(builtin_lessons_dir())),
        ("guides", str(docs_dir())),
        ("example data", str(examples_dir())),
    ]


def run(args: argparse.Namespace) -> int:
    table = rows()
    width = max(len(what) for what, _ in table)
    for what, where in table:
        print(printable_for(sys.stdout, f"{what:<{width}}  {where}"))
    return 0
