"""Command-line entry point.

``gdtutor [LESSON]`` opens the Textual app, ``gdtutor --plain [LESSON]`` the line-oriented tutor, and
``gdtutor COMMAND ...`` runs one of the commands below. ``--store URL`` anywhere on the line chooses the
progress store for everything the command does (it sets ``$GDTUTOR_STORE``, so processes it starts use the
same store). Each command lives in ``gdtutor/commands/NAME.py``
with ``configure(parser)`` and ``run(args) -> int``; it is imported only when it is the one asked for, so
that ``gdtutor solve`` never loads textual and the app never loads what it does not need.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType, SimpleNamespace
from typing import TYPE_CHECKING

from gdtutor import __version__
from gdtutor.errors import GdtutorError
from gdtutor.safe_text import escape_controls

if TYPE_CHECKING:
    import argparse

STORE_OPTION = "--store"
STORE_ENV = "GDTUTOR_STORE"  # gdtutor.progress.stores reads it; not imported here to keep startup light

COMMANDS: dict[str, str] = {
    "solve": "run gradient descent (or the normal equation) and print the trace",
    "validate": "check lesson files and run their self-tests",
    "preview": "open a lesson file as its author, reloading it whenever the file is saved",
    "schema": "print the JSON Schema of lesson files (or --path: where it is), for an editor",
    "lessons": "list the available lessons",
    "progress": "show your progress per lesson",
    "reset": "start over (everything, or one lesson); your record of attempts is kept",
    "export": "write your record of attempts as JSON or CSV",
    "practice": "practise the skills you have not mastered yet",
    "where": "show the data folder, your lesson folder and your progress store",
    "serve": "serve the tutor over SSH to a whole class (pip install 'gdtutor[server]')",
    "class": "for teachers: enrol a class, its report, live dashboard and learners' records",
}
# A command whose name is a Python keyword lives in a module with a trailing underscore.
MODULES: dict[str, str] = {"class": "class_"}


EPILOG = """\
commands (gdtutor COMMAND --help for more):
{commands}

environment:
  GDTUTOR_DATA_DIR  the data folder: progress files and your own lessons (default: the platform's
                    user data folder; `gdtutor where` prints it)
  GDTUTOR_LEARNER   the learner's name, one progress file each (default: the login name)
  GDTUTOR_STORE     a postgresql:// URL to keep progress in PostgreSQL (same as --store URL)

exit codes:
  0  success (also: declining a confirmation, which changes nothing)
  1  a check failed (`gdtutor validate` found problems)
  2  bad usage or bad input (one line on stderr, no traceback)
  130  interrupted (ctrl+c)

examples:
  gdtutor lessons
  gdtutor --plain descent-on-theta-squared
  gdtutor where"""


def _tutor_parser() -> argparse.ArgumentParser:
    import argparse

    from gdtutor.one_line_parser import OneLineParser

    commands = "\n".join(f"  {name:<10} {text}" for name, text in COMMANDS.items())
    parser = OneLineParser(
        prog="gdtutor",
        description="A terminal tutor for gradient descent on linear regression.",
        epilog=EPILOG.format(commands=commands),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("lesson", nargs="?", help="open this lesson (an id from `gdtutor lessons`)")
    parser.add_argument("--plain", action="store_true", help="line-oriented tutor on stdin/stdout")
    parser.add_argument(
        "--lessons", metavar="DIR", action="append", default=[], help="also load lessons from DIR"
    )
    parser.add_argument(
        STORE_OPTION,
        metavar="URL",
        help="keep progress in the PostgreSQL database at URL (postgresql://...), for several servers"
        f" sharing one record; any command takes it; default: ${STORE_ENV}, else SQLite in the data folder",
    )
    parser.add_argument("--version", action="version", version=f"gdtutor {__version__}")
    return parser


def no_arguments(lesson: str | None = None) -> SimpleNamespace:
    """What ``_tutor_parser`` makes of an empty command line, or of one that names only ``lesson`` (a word
    that does not start with a dash); a test holds the two equal."""
    return SimpleNamespace(lesson=lesson, plain=False, lessons=[], store=None)


def _without_options(args: list[str]) -> SimpleNamespace | None:
    """The usual starts, ``gdtutor`` and ``gdtutor LESSON``, have nothing for argparse to parse (it and the
    gettext it loads cost a few milliseconds of each start); None for any other command line."""
    if not args:
        return no_arguments()
    if len(args) == 1 and not args[0].startswith("-"):
        return no_arguments(args[0])
    return None


def take_store_option(args: list[str]) -> list[str]:
    """``args`` without ``--store URL`` (or ``--store=URL``), which goes into ``$GDTUTOR_STORE``.

    The option may come before or after the command, so that every command takes it without declaring it.
    """
    rest: list[str] = []
    position = 0
    while position < len(args):
        arg = args[position]
        if arg == "--":
            rest.extend(args[position:])
            break
        if arg == STORE_OPTION:
            if position + 1 == len(args):
                raise GdtutorError(f"{STORE_OPTION}: expected a URL after it")
            os.environ[STORE_ENV] = args[position + 1]
            position += 2
            continue
        if arg.startswith(STORE_OPTION + "="):
            os.environ[STORE_ENV] = arg.partition("=")[2]
        else:
            rest.append(arg)
        position += 1
    return rest


def _command_parser(name: str) -> tuple[argparse.ArgumentParser, ModuleType]:
    from gdtutor.one_line_parser import OneLineParser

    module = importlib.import_module(f"gdtutor.commands.{MODULES.get(name, name)}")
    parser = OneLineParser(prog=f"gdtutor {name}", description=COMMANDS[name])
    module.configure(parser)
    return parser, module


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args_list = take_store_option(list(sys.argv[1:] if argv is None else argv))
        if args_list and args_list[0] in COMMANDS:
            parser, module = _command_parser(args_list[0])
            return module.run(parser.parse_args(args_list[1:]))
        args = _without_options(args_list) or _tutor_parser().parse_args(args_list)
        front_end = "plain" if args.plain else "tui"
        # A front-end starts by building much that lives as long as the process (modules, classes, the
        # lesson): the collector would rescan it all for nothing. Each front-end freezes what start-up made
        # and enables the collector again once it is ready for the learner.
        gc.disable()
        try:
            module = importlib.import_module(f"gdtutor.commands.{front_end}")
            return module.run(args)
        finally:
            gc.enable()
    except GdtutorError as error:
        # A message may quote a file name or an argument: it passes the escaping boundary like all such text.
        print(f"gdtutor: {escape_controls(str(error))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
