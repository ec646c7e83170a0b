"""The connection log, ``server.log`` in the class folder: one line per connection or refusal.

A line holds the time (UTC), the learner, the address, how long the session lasted and how it ended; never
what was typed. Anything the client chose (a refused user name, an ignored variable's name) is quoted with
its control characters escaped, so no line can drive the terminal of whoever reads the log.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from gdtutor.checking.plaintext import quote


class ConnectionLog:
    def __init__(self, path: Path) -> None:
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self._file: TextIO = os.fdopen(descriptor, "a", encoding="utf-8", buffering=1)

    def write(self, event: str, **fields: object) -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        parts = [stamp, event, *(f"{name}={_shown(value)}" for name, value in fields.items())]
        self._file.write(" ".join(parts) + "\n")

    def close(self) -> None:
        self._file.close()


def untrusted(text: str) -> str:
    """A client's text for the log: quoted, control characters escaped, cut short."""
    return quote(text, limit=64)


def _shown(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1f}s"
    text = str(value)
    return text if text and " " not in text else quote(text, limit=200)
