"""A damaged database is moved aside, never deleted, so the learner can start fresh and nothing is lost.

``alice.sqlite3`` becomes ``alice.sqlite3.damaged-20261126T063012Z`` together with its ``-wal``, ``-shm`` and
``-journal`` companions (a hot journal or an uncheckpointed WAL belongs to the damaged file and may hold the
very pages a recovery tool needs).
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
_DAMAGE_MESSAGES = ("file is not a database", "malformed", "database corrupt", "file is encrypted")


def is_damage(error: sqlite3.Error) -> bool:
    """True when SQLite says the file's content is broken (not when it could not be opened or written)."""
    text = str(error).lower()
    return isinstance(error, sqlite3.DatabaseError) and any(message in text for message in _DAMAGE_MESSAGES)


def aside_path(path: Path, now: datetime | None = None) -> Path:
    """A free name beside ``path``: ``<name>.damaged-<UTC timestamp>`` (with ``-2``, ``-3`` ... if taken)."""
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
        counter += 1
    return candidate


def move_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename ``path`` and its companions to the damaged name; returns the new path of the database.

    Raises OSError when the rename is impossible (the caller then leaves the file where it is).
    """
    target = aside_path(path, now)
    os.replace(path, target)
    for suffix in COMPANION_SUFFIXES:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    return target
