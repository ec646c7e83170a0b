"""Who the learner is, where their database lives, and the variant seed each lesson gets for them.

The learner is ``$GDTUTOR_LEARNER`` if set, else the operating-system user. The name becomes a file name,
and two different names must never share a file on any file system: a name that is already canonical
(lower-case letters, digits, ``.``, ``_`` and ``-``, not hidden, at most 64 characters) is its own stem; any
other name gets a lower-cased, sanitised beginning, ``~`` and a digest of the whole name. ``~`` never appears
in a canonical stem, so an escaped name cannot meet a canonical one, and no two stems differ by case alone
(case-insensitive file systems). Seeds come from SHA-256, never from Python's ``hash()``, which changes
between runs, and include the learner's secret salt, so no one can work out a classmate's numbers.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import re
from pathlib import Path

from gdtutor.paths import user_data_dir

LEARNER_ENV = "GDTUTOR_LEARNER"
DATABASE_SUFFIX = ".sqlite3"
FALLBACK_NAME = "learner"
_MAX_NAME_LENGTH = 64
_CANONICAL = re.compile(r"[a-z0-9_][a-z0-9._-]{0,63}")
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_OLD_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def learner_name() -> str:
    """The learner's name as given: ``$GDTUTOR_LEARNER``, else the OS user, else ``learner``."""
    name = os.environ.get(LEARNER_ENV, "").strip()
    if name:
        return name
    try:
        return getpass.getuser() or FALLBACK_NAME
    except (OSError, KeyError):  # no login name in the environment and no passwd entry (some containers)
        return FALLBACK_NAME


def file_stem(learner: str) -> str:
    """A file-name stem for ``learner``, different for every name even where case is ignored."""
    if _CANONICAL.fullmatch(learner):
        return learner
    readable = _UNSAFE.sub("_", learner.casefold()).lstrip(".")[:_MAX_NAME_LENGTH] or FALLBACK_NAME
    return f"{readable}~{_digest(learner)[:16]}"


def database_path(learner: str | None = None, data_dir: Path | None = None) -> Path:
    """``<data dir>/<stem>.sqlite3`` for ``learner`` (default: the current learner)."""
    folder = user_data_dir() if data_dir is None else data_dir
    return folder / f"{file_stem(learner_name() if learner is None else learner)}{DATABASE_SUFFIX}"


def old_database_path(learner: str, data_dir: Path) -> Path:
    """Where gdtutor before 0.x kept ``learner``'s database (its stems could collide), to move it on open."""
    safe = _OLD_UNSAFE.sub("_", learner).lstrip(".")[:_MAX_NAME_LENGTH] or FALLBACK_NAME
    if safe != learner:
        safe = f"{safe}-{_digest(learner)[:8]}"
    return data_dir / f"{safe}{DATABASE_SUFFIX}"


def derive_seed(*parts: object) -> int:
    """A deterministic seed in ``[0, 2**31)`` from ``parts`` (salt, learner, lesson id, round, ...)."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") >> 1


def lesson_seed(salt: str, learner: str, lesson_id: str) -> int:
    """The variant seed ``learner`` works ``lesson_id`` with: the same every time they come back.

    ``salt`` is the learner's secret (``store.seed_salt()``), so the seed cannot be worked out from names.
    """
    return derive_seed("lesson", salt, learner, lesson_id)


def new_salt() -> str:
    """A fresh secret for a new learner's seeds (128 bits from the operating system's generator)."""
    return os.urandom(16).hex()  # what secrets.token_hex(16) returns, without importing random


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
