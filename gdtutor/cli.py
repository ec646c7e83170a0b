"""Command-line entry point.

``gdtutor [LESSON]`` opens the Textual app, ``gdtutor --plain [LESSON]`` the line-oriented tutor, and
``gdtutor COMMAND ...`` runs one of the commands below. Each command lives in ``gdtutor/commands/NAME.py``
with ``configure(parser)`` and ``run(args) -> int``; it is imported only when it is the one asked for, so
that ``gdtutor solve`` never loads textual and the app never loads what it does not need.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from gdtutor import __version__
from gdtutor.errors import GdtutorError

COMMANDS: dict[str, str] = {
    "solve": "run gradient descent (or the normal equation) and print the trace",
    "validate": "check lesson files and run their self-tests",
    "lessons": "list the available lessons",
    "progress": "show your progress per lesson",
    "reset": "forget your progress (all of it, or one lesson's)",
    "export": "write your record of attempts as JSON or CSV",
    "practice": "practise the skills you have not mastered yet",
}


class OneLineParser(argparse.ArgumentParser):
    """Reports a usage mistake as one line (``gdtutor: ...``, exit 2) instead of argparse's usage block."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("gdtutor").strip()
        raise GdtutorError(f"{command}: {message}" if command else message)


def _tutor_parser() -> argparse.ArgumentParser:
    commands = "\n".join(f"  {name:<10} {text}" for name, text in COMMANDS.items())
    parser = OneLineParser(
        prog="gdtutor",
        description="A terminal tutor for gradient descent on linear regression.",
        epilog=f"commands (gdtutor COMMAND --help for more):\n{commands}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("lesson", nargs="?", help="open this lesson (an id from `gdtutor lessons`)")
    parser.add_argument("--plain", action="store_true", help="line-oriented tutor on stdin/stdout")
    parser.add_argument(
        "--lessons", metavar="DIR", action="append", default=[], help="also load lessons from DIR"
    )
    parser.add_argument("--version", action="version", version=f"gdtutor {__version__}")
    return parser


def _command_parser(name: str) -> tuple[argparse.ArgumentParser, object]:
    module = importlib.import_module(f"gdtutor.commands.{name}")
    parser = OneLineParser(prog=f"gdtutor {name}", description=COMMANDS[name])
    module.configure(parser)
    return parser, module


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] in COMMANDS:
            parser, module = _command_parser(args_list[0])
            args = parser.parse_args(args_list[1:])
            return module.run(args)
        args = _tutor_parser().parse_args(args_list)
        front_end = "plain" if args.plain else "tui"
        module = importlib.import_module(f"gdtutor.commands.{front_end}")
        return module.run(args)
    except GdtutorError as error:
        print(f"gdtutor: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
