"""Network filesystem detection decides the journal: WAL locally, the rollback journal on NFS and friends."""

from pathlib import Path

import pytest

from gdtutor.progress.filesystem import (
    Mount,
    filesystem_type,
    journal_mode_for,
    parse_mountinfo,
    parse_mounts,
)
from gdtutor.progress.store import ProgressStore

MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
30 22 0:40 / /home rw,relatime shared:20 - nfs4 server:/export/home rw,vers=4.2
31 30 8:2 / /home/disk2 rw,relatime shared:21 - ext4 /dev/sda2 rw
32 22 0:41 / /mnt/my\\040share rw,relatime - cifs //nas/share rw
33 22 0:42 / /srv/remote rw,nosuid,nodev shared:5 master:3 - fuse.sshfs alice@host:/srv rw
34 22 0:43 / /homes rw - tmpfs tmpfs rw
"""


def test_mountinfo_is_parsed_with_optional_fields_and_escaped_spaces():
    mounts = parse_mountinfo(MOUNTINFO)
    assert Mount("/home", "nfs4") in mounts
    assert Mount("/mnt/my share", "cifs") in mounts
    assert Mount("/srv/remote", "fuse.sshfs") in mounts  # two optional fields before the separator


def test_proc_mounts_is_parsed():
    mounts = parse_mounts("server:/home /home nfs rw,vers=3 0 0\n/dev/sda1 / ext4 rw 0 0\n")
    assert mounts == [Mount("/home", "nfs"), Mount("/", "ext4")]


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("/home/student7/.local/share/gdtutor", "nfs4"),
        ("/home/disk2/alice", "ext4"),  # the longer mount point wins
        ("/homes/alice", "tmpfs"),  # a prefix of the name is not a prefix of the path
        ("/mnt/my share/gdtutor", "cifs"),
        ("/srv/remote/x", "fuse.sshfs"),
        ("/var/lib", "ext4"),
    ],
)
def test_the_longest_mount_point_decides(folder, expected):
    assert filesystem_type(Path(folder), parse_mountinfo(MOUNTINFO)) == expected


@pytest.mark.parametrize(
    ("folder", "mode"),
    [
        ("/home/student7", "DELETE"),
        ("/mnt/my share", "DELETE"),
        ("/srv/remote", "DELETE"),
        ("/home/disk2", "WAL"),
    ],
)
def test_network_filesystems_get_the_rollback_journal(folder, mode):
    assert journal_mode_for(Path(folder), lambda: parse_mountinfo(MOUNTINFO)) == mode


def test_without_a_mount_table_the_folder_counts_as_local():
    assert journal_mode_for(Path("/anything"), list) == "WAL"


def test_the_store_uses_the_rollback_journal_on_a_network_folder(isolated_data_dir):
    on_nfs = [Mount("/", "ext4"), Mount(str(isolated_data_dir), "nfs")]
    with ProgressStore.open("ada", isolated_data_dir, mount_table=lambda: on_nfs) as store:
        assert store.journal_mode == "DELETE"
    with ProgressStore.open("bob", isolated_data_dir, mount_table=lambda: [Mount("/", "ext4")]) as store:
        assert store.journal_mode == "WAL"


def test_a_wal_database_moved_to_a_network_folder_switches_to_the_rollback_journal(isolated_data_dir):
    ProgressStore.open("ada", isolated_data_dir, mount_table=list).close()
    on_nfs = [Mount(str(isolated_data_dir), "nfs4")]
    with ProgressStore.open("ada", isolated_data_dir, mount_table=lambda: on_nfs) as store:
        assert store.journal_mode == "DELETE"


def test_the_journal_stays_wal_while_another_process_has_the_database_open(isolated_data_dir, monkeypatch):
    import sqlite3
    from contextlib import closing

    import gdtutor.progress.store as store_module

    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", 0.05)
    ProgressStore.open("ada", isolated_data_dir, mount_table=list).close()
    on_nfs = [Mount(str(isolated_data_dir), "nfs4")]
    with closing(sqlite3.connect(isolated_data_dir / "ada.sqlite3")) as other:
        other.execute("SELECT count(*) FROM attempts").fetchone()
        with ProgressStore.open("ada", isolated_data_dir, mount_table=lambda: on_nfs) as store:
            assert store.journal_mode == "WAL" and store.saving and store.messages == []
    with ProgressStore.open("ada", isolated_data_dir, mount_table=lambda: on_nfs) as store:
        assert store.journal_mode == "DELETE"
