"""Reading a file someone else wrote (a lesson, a data set) without trusting its size or its kind.

A FIFO blocks whoever opens it, ``/dev/zero`` never ends, and a sparse file can claim gigabytes: so the
kind is checked before opening (``os.stat``), the open never blocks (``O_NONBLOCK``), the opened file is
checked again (it may have been swapped since), and at most ``limit`` + 1 bytes are ever read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

from gdtutor.errors import GdtutorError

if TYPE_CHECKING:
    # The functions that make paths import pathlib themselves: the data reader needs none of them, and
    # pathlib (with urllib.parse and ipaddress) is about 5 ms of its start.
    from pathlib import Path


class FileRefused(GdtutorError):
    """The file is missing, not a regular file, unreadable or too large; the message says which."""


def read_limited(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of the regular file ``path``; ``FileRefused`` when it is anything else or over ``limit``."""
    return b"".join(read_limited_chunks(path, limit, what, chunk_bytes=limit + 1))


def read_limited_chunks(path: str | Path, limit: int, what: str, chunk_bytes: int) -> Iterator[bytes]:
    """``read_limited`` a piece at a time (pieces of at most ``chunk_bytes``), so that a large file is
    never held whole; the checks come before the first piece, the size check again after the last."""
    with open_limited(path, limit, what) as stream:
        yield from limited_chunks(stream, limit, what, chunk_bytes)


def open_limited(path: str | Path, limit: int, what: str) -> BinaryIO:
    """The regular file ``path`` opened for reading (never blocking); ``FileRefused`` when it is anything
    else or over ``limit`` bytes. Read it with ``limited_chunks``, which checks the size again."""
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise FileRefused("no such file") from None
    except OSError as error:
        raise FileRefused(f"cannot read the {what} ({error.strerror or error})") from None
    _check_kind(before.st_mode, what)
    if before.st_size > limit:
        raise FileRefused(f"the {what} is larger than {limit:,} bytes")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise FileRefused(f"cannot read the {what} ({error.strerror or error})") from None
    stream = os.fdopen(descriptor, "rb")
    try:
        _check_kind(os.fstat(descriptor).st_mode, what)
    except FileRefused:
        stream.close()
        raise
    return stream


def limited_chunks(stream: BinaryIO, limit: int, what: str, chunk_bytes: int) -> Iterator[bytes]:
    """The rest of ``stream`` in pieces of at most ``chunk_bytes``; ``FileRefused`` past ``limit`` bytes."""
    total = 0
    while piece := stream.read(min(chunk_bytes, limit + 1 - total)):
        total += len(piece)
        if total > limit:
            raise FileRefused(f"the {what} is larger than {limit:,} bytes")
        yield piece


def _check_kind(mode: int, what: str) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise FileRefused(f"is a directory, not a {what}")
    kind = (
        "a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else None
    )
    raise FileRefused(f"is {kind or 'not a regular file'}, not a {what}")


NOT_OURS = 0o022  # writable by the group or by others


def owned_privately(path: Path) -> bool:
    """Whether ``path`` (not followed if a symlink) is this user's and writable by no one else: a cache in
    a data folder shared by a class is read only then. OSError when it cannot be looked at."""
    if not hasattr(os, "geteuid"):
        return True
    status = path.lstat()
    return status.st_uid == os.geteuid() and not status.st_mode & NOT_OURS


def inside(folder: str | Path, name: str) -> Path:
    """``name`` (relative, as a lesson writes it) resolved inside ``folder``; ``FileRefused`` when it is
    absolute, climbs out with ``..``, or is a link that leads out of the folder."""
    from pathlib import Path

    relative = Path(name)
    if relative.is_absolute() or relative.drive:
        raise FileRefused("must be a path relative to the lesson's folder, not an absolute path")
    if ".." in relative.parts:
        raise FileRefused("must stay inside the lesson's folder (no ..)")
    return stays_inside(Path(folder) / relative, folder)


def stays_inside(path: Path, folder: str | Path) -> Path:
    """``path`` resolved, when that is inside ``folder`` (links followed); ``FileRefused`` otherwise."""
    from pathlib import Path

    base = Path(folder).resolve()
    target = path.resolve()
    if target != base and base not in target.parents:
        raise FileRefused("is a link to a file outside its folder")
    return target


def display_path(path: Path) -> str:
    """The path as a person wrote it: relative to the working folder when it is inside it."""
    from pathlib import Path

    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
