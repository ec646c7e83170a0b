"""``gdtutor class watch [--class DIR]``: the live dashboard (``gdtutor.tui.dashboard``).

Textual is imported only here, in ``run``, so the other class commands stay light.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from gdtutor.classroom.stores import store_paths


def configure(parser: argparse.ArgumentParser) -> None:
    """Only ``--class DIR``, which ``gdtutor class`` adds to every subcommand."""


def run(args: argparse.Namespace) -> int:
    folder = Path(args.class_dir)
    store_paths(folder)  # a missing folder is a one-line error before the screen opens
    from gdtutor.tui.dashboard import DashboardApp

    DashboardApp(folder).run()
    return 0
