"""argparse's parser with usage mistakes in one line, for every command line of gdtutor.

A module of its own so that plain ``gdtutor``, which has nothing to parse, starts without argparse (and the
gettext it loads): gdtutor.cli imports this only when there are arguments.
"""

from __future__ import annotations

import argparse
from typing import NoReturn

from gdtutor.errors import GdtutorError


class OneLineParser(argparse.ArgumentParser):
    """Reports a usage mistake as one line (``gdtutor: ...``, exit 2) instead of argparse's usage block."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("gdtutor").strip()
        raise GdtutorError(f"{command}: {message}" if command else message)
