"""Is a folder on a network filesystem? If so the database uses a rollback journal instead of WAL.

WAL keeps its index in shared memory (the ``-shm`` file), which only works when every process sharing the
database runs on one machine with a filesystem that supports shared-memory mapping and POSIX locks. Home
directories on classroom servers are often NFS or SMB mounts, where WAL can corrupt the database
(https://www.sqlite.org/wal.html, "WAL does not work over a network filesystem"). There SQLite's rollback
journal (``journal_mode=DELETE``) is the safe choice.

The filesystem type is read from ``/proc/self/mountinfo`` (or ``/proc/mounts``): the mount whose mount point
is the longest prefix of the folder's real path decides. Where neither file exists (macOS, Windows) the folder
is treated as local. The mount table text is injectable so tests need no real network mount.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "smb2", "ncpfs", "afs", "9p", "ceph", "glusterfs", "lustre",
        "gpfs", "beegfs", "orangefs", "pvfs2", "ocfs2", "gfs2", "davfs", "coda",
        "fuse.sshfs", "fuse.glusterfs", "fuse.cephfs", "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse",
        "fuse.davfs2",
    }
)  # fmt: skip
WAL = "WAL"
ROLLBACK = "DELETE"

MOUNT_TABLES = (Path("/proc/self/mountinfo"), Path("/proc/mounts"))


@dataclass(frozen=True)
class Mount:
    mount_point: str
    fstype: str


def _unescape(field: str) -> str:
    """Mount tables write space, tab, newline and backslash in paths as octal escapes (``\\040``)."""
    for escaped, plain in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(escaped, plain)
    return field


def parse_mountinfo(text: str) -> list[Mount]:
    """Mounts from ``/proc/self/mountinfo``: the mount point is field 5, the type follows the ``-``."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if "-" not in fields[6:]:
            continue
        separator = fields.index("-", 6)
        if len(fields) > separator + 1:
            mounts.append(Mount(_unescape(fields[4]), fields[separator + 1]))
    return mounts


def parse_mounts(text: str) -> list[Mount]:
    """Mounts from ``/proc/mounts``: ``source mount-point type options dump pass``."""
    return [
        Mount(_unescape(fields[1]), fields[2])
        for fields in map(str.split, text.splitlines())
        if len(fields) >= 3
    ]


def read_mount_table() -> list[Mount]:
    """This machine's mounts, or an empty list where the kernel does not publish them."""
    for table, parse in zip(MOUNT_TABLES, (parse_mountinfo, parse_mounts), strict=True):
        try:
            return parse(table.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
    return []


def filesystem_type(folder: Path, mounts: list[Mount]) -> str | None:
    """The type of the filesystem holding ``folder``, by the longest matching mount point; None if unknown."""
    path = os.path.realpath(folder)  # resolves the part that exists, keeps the rest as written
    best: Mount | None = None
    for mount in mounts:
        point = mount.mount_point.rstrip("/") or "/"
        inside = path == point or path.startswith(point if point == "/" else point + "/")
        if inside and (best is None or len(point) >= len(best.mount_point.rstrip("/") or "/")):
            best = mount  # a later mount on the same point hides the earlier one, so >= keeps the last
    return None if best is None else best.fstype


def is_network_filesystem(folder: Path, mount_table: Callable[[], list[Mount]] = read_mount_table) -> bool:
    fstype = filesystem_type(folder, mount_table())
    return fstype is not None and (
        fstype in NETWORK_FILESYSTEMS or fstype.split(".", 1)[-1] in NETWORK_FILESYSTEMS
    )


def journal_mode_for(folder: Path, mount_table: Callable[[], list[Mount]] = read_mount_table) -> str:
    """``WAL`` on a local filesystem, ``DELETE`` (the rollback journal) on a network one."""
    return ROLLBACK if is_network_filesystem(folder, mount_table) else WAL
