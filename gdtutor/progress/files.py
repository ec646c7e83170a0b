"""The store's files on disk: private to the learner, never reached through a symlink, found under old names.

On a shared server every learner's progress sits in one folder, so the files must not be readable by others
whatever the umask: folders gdtutor makes are 0700 and the database is created 0600 (SQLite gives its
``-wal``, ``-shm`` and ``-journal`` files the database's mode). Looser modes left by an older gdtutor are
tightened on the files we own. A database path that is a symlink, not a regular file, or owned by another
user is refused: following it could make SQLite write wherever the link points.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

from gdtutor.errors import GdtutorError
from gdtutor.progress.recovery import COMPANION_SUFFIXES
from gdtutor.progress.verified import stamp_path

PRIVATE_FILE = 0o600
_OWNER_ONLY = 0o077  # the group and other bits: none may be set


class UnsafeFileError(GdtutorError):
    """The database path is a symlink, not a regular file, or someone else's."""


def companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in COMPANION_SUFFIXES]


def claim_database(path: Path) -> None:
    """Create ``path`` 0600 if missing; refuse it when unsafe; tighten its and its companions' modes.

    Raises UnsafeFileError (nothing is opened through a symlink) or OSError (the folder cannot be written).
    """
    for candidate in (path, *companions(path)):
        _check(candidate)
    flags = os.O_RDONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags, PRIVATE_FILE)
    except OSError as error:
        if path.is_symlink():  # appeared between the check and the open
            raise UnsafeFileError(f"{path} is a symbolic link: refusing to follow it") from error
        raise
    try:
        _tighten(path, os.fstat(descriptor), lambda mode: os.fchmod(descriptor, mode))
    finally:
        os.close(descriptor)
    for companion in companions(path):
        with contextlib.suppress(FileNotFoundError):
            _tighten(companion, companion.lstat(), companion.chmod)
    tighten(stamp_path(path))


def tighten(path: Path) -> None:
    """Make a file of ours (an archive moved aside, say) 0600 if looser; others' files are left alone."""
    with contextlib.suppress(OSError):
        info = path.lstat()
        if stat.S_ISREG(info.st_mode) and _ours(info):
            _tighten(path, info, path.chmod)


def _check(path: Path) -> None:
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeFileError(f"{path} is a symbolic link: refusing to follow it")
    if stat.S_ISDIR(info.st_mode):
        raise UnsafeFileError(f"cannot save progress in {path}: a folder has that name")
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeFileError(f"{path} is not a regular file")
    if not _ours(info):
        raise UnsafeFileError(f"{path} belongs to another user (uid {info.st_uid})")


def _ours(info: os.stat_result) -> bool:
    return not hasattr(os, "geteuid") or info.st_uid == os.geteuid()


def _tighten(path: Path, info: os.stat_result, chmod: Callable[[int], None]) -> None:
    if stat.S_IMODE(info.st_mode) & _OWNER_ONLY:
        chmod(PRIVATE_FILE)


def adopt_old_file(old: Path, new: Path) -> None:
    """Move a store kept under its old name (``old``) to ``new``, companions first, so nothing is lost.

    Only when ``new`` does not exist yet and ``old`` is a regular file of ours; a crash half-way is finished
    by the next open (the database moves last, and its companions follow it).
    """
    if old == new or os.path.lexists(new):
        return
    try:
        info = old.lstat()
    except FileNotFoundError:
        return
    if not stat.S_ISREG(info.st_mode) or not _ours(info):
        return
    for source, target in zip(companions(old), companions(new), strict=True):
        if os.path.lexists(source) and not os.path.lexists(target):
            os.replace(source, target)
    os.replace(old, new)
