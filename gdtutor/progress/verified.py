"""Whether a progress file is byte for byte one this gdtutor checked, so opening it can skip the full check.

``PRAGMA integrity_check`` reads every page and index of the file: at 20,000 attempts it costs about 100 ms,
on the start path of every command that opens the store. Yet a file can only become damaged by a change
SQLite did not make: a disk or a copy that loses bytes, a tool that writes into it. So when a session
closes the file cleanly (the last connection gone, no journal or WAL left behind, everything saved), the
store writes the file's SHA-256 beside it (``<file>-checked``); the next open skips the full check when
the file still has that digest, which costs a read of the file (about a tenth of the check). Any other
file gets the full check: one changed by anything else, one left with a WAL or a hot journal by a session
that was killed or is still running, one without a digest, and one whose digest file cannot be read.

A session that wrote nothing leaves the file as its open found it (same size, same modification time), and
the digest recorded beside it still describes it: its close does not read the file again. Should bytes
change without the modification time moving, the next open's digest no longer matches and the full check
runs, so the shortcut can cost a check, never skip one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

from gdtutor.files import FileRefused, read_limited
from gdtutor.paths import write_private_file
from gdtutor.progress.recovery import COMPANION_SUFFIXES

STAMP_SUFFIX = "-checked"
STAMP_BYTES = 4096
_LEFT_BEHIND = tuple(suffix for suffix in COMPANION_SUFFIXES if suffix != "-shm")  # a WAL or a journal


def stamp_path(database: Path) -> Path:
    return database.with_name(database.name + STAMP_SUFFIX)


FileState = tuple[int, int]  # size in bytes, modification time in nanoseconds


def checked_state(database: Path) -> FileState | None:
    """When ``database`` is exactly the file a clean close last recorded, with nothing left beside it: its
    size and modification time as found before reading it; otherwise None."""
    try:
        if _left_behind(database):
            return None
        state = _state(database)
        recorded = json.loads(read_limited(stamp_path(database), STAMP_BYTES, "progress check"))
        if not isinstance(recorded, dict) or recorded.get("size") != state[0]:
            return None
        return state if recorded.get("sha256") == _digest(database) else None
    except (OSError, FileRefused, ValueError):
        return None


def record_checked(database: Path, opened_as: FileState | None = None) -> None:
    """After a clean close: remember ``database`` as it is now, unless it is still as ``opened_as`` found it
    (then the recorded digest still holds). Nothing is recorded while another connection still holds the
    file (its WAL or journal is there); a write that fails is let go, as the next open then runs the full
    check."""
    with contextlib.suppress(OSError):
        if _left_behind(database):
            return
        state = _state(database)
        if state == opened_as:
            return
        write_private_file(stamp_path(database), json.dumps({"size": state[0], "sha256": _digest(database)}))


def _state(database: Path) -> FileState:
    status = database.stat()
    return status.st_size, status.st_mtime_ns


def _left_behind(database: Path) -> bool:
    for suffix in _LEFT_BEHIND:
        companion = database.with_name(database.name + suffix)
        with contextlib.suppress(FileNotFoundError):
            if companion.stat().st_size > 0:
                return True
    return False


def _digest(database: Path) -> str:
    digest = hashlib.sha256()
    with database.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
