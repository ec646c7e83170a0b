"""``gdtutor class watch [--class DIR]``: the live dashboard (``gdtutor.tui.dashboard``).

Textual is imported only here, in ``run``, so the other class commands stay light.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gdtutor.classroom.stores import store_paths
from gdtutor.errors import GdtutorError
from gdtutor.progress.stores import store_url

NO_TERMINAL = "class watch: the dashboard needs a terminal (over SSH: ssh -t); for text, gdtutor class report"


def configure(parser: argparse.ArgumentParser) -> None:
    """Only ``--class DIR``, which ``gdtutor class`` adds to every subcommand."""


def run(args: argparse.Namespace) -> int:
    folder = Path(args.class_dir)
    url = store_url()  # a class kept in PostgreSQL (--store): the folder is not read
    if url is None:
        store_paths(folder)  # a missing folder is a one-line error before the screen opens
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise GdtutorError(NO_TERMINAL)
    from gdtutor.tui.dashboard import DashboardApp

    if url is None:
        DashboardApp(folder).run()
    else:
        from gdtutor.classroom.live_postgres import PostgresClassWatch

        DashboardApp(folder, watch=PostgresClassWatch(url, folder)).run()
    return 0
