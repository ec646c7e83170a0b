"""``gdtutor class SUBCOMMAND --class DIR``: the teacher's commands for a class folder.

Each subcommand lives in ``gdtutor/commands/class_NAME.py`` (``-`` in a name becomes ``_``) with
``configure(parser)`` and ``run(args) -> int``, and is registered by one line in ``SUBCOMMANDS``; only the one
asked for is imported.
"""

from __future__ import annotations

import argparse
import importlib

SUBCOMMANDS: dict[str, str] = {
    "add": "enrol a learner (or, with --teacher, a teacher) by their SSH public key",
    "import": "enrol everyone in a roster file (lines of NAME and public key)",
    "join-code": "open enrolment with a new join code, or close it",
    "report": "the class's progress: learners × lessons, steps and mistakes, mastery; CSV, JSON, gradebook",
    "watch": "a live dashboard: who is working, who needs help, mistakes per step",
    "export": "one learner's whole record as JSON or CSV",
    "forget": "move one learner's record to the class's archive/ (never deleted)",
    "migrate": "copy the class's SQLite stores into the PostgreSQL store (--store); again: only what is new",
}


def configure(parser: argparse.ArgumentParser) -> None:
    subparsers = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
    for name, description in SUBCOMMANDS.items():
        subparser = subparsers.add_parser(name, help=description, description=description)
        subparser.add_argument(
            "--class",
            dest="class_dir",
            metavar="DIR",
            default=".",
            help="the class folder (report, watch, export and forget also read any folder of learner stores)",
        )
        _module(name).configure(subparser)


def run(args: argparse.Namespace) -> int:
    return _module(args.subcommand).run(args)


def _module(name: str):
    return importlib.import_module(f"gdtutor.commands.class_{name.replace('-', '_')}")
