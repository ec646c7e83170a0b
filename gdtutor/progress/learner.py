"""Who the learner is, where their database lives, and the variant seed each lesson gets for them.

The learner is ``$GDTUTOR_LEARNER`` if set, else the operating-system user. The name becomes a file name, so
it is sanitised; when sanitising changed it, a short digest of the original is appended so that two different
names never share a file. Seeds come from SHA-256, never from Python's ``hash()``, which changes between runs.
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
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


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
    """A file-name-safe stem for ``learner``: letters, digits, ``.``, ``_`` and ``-`` only, never hidden."""
    safe = _UNSAFE.sub("_", learner).lstrip(".")[:_MAX_NAME_LENGTH] or FALLBACK_NAME
    if safe != learner:
        safe = f"{safe}-{_digest(learner)[:8]}"
    return safe


def database_path(learner: str | None = None, data_dir: Path | None = None) -> Path:
    """``<data dir>/<learner>.sqlite3`` for ``learner`` (default: the current learner)."""
    folder = user_data_dir() if data_dir is None else data_dir
    return folder / f"{file_stem(learner_name() if learner is None else learner)}{DATABASE_SUFFIX}"


def derive_seed(*parts: object) -> int:
    """A deterministic seed in ``[0, 2**31)`` from ``parts`` (learner, lesson id, round, ...)."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") >> 1


def lesson_seed(learner: str, lesson_id: str) -> int:
    """The variant seed ``learner`` works ``lesson_id`` with: the same every time they come back."""
    return derive_seed("lesson", learner, lesson_id)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
