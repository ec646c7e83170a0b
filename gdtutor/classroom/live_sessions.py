"""Who is connected now: one marker file per running session, in the class folder's ``live/``.

``gdtutor serve`` writes ``live/<server pid>-<session pid>.json`` when a learner's session starts and removes
it when the session ends. A server killed with SIGKILL removes nothing, so a marker counts only while

- the server that wrote it still runs: on this machine, its process id is alive *and* started at the time
  the marker records (a reused pid has another start time);
- and its heartbeat is fresh: the server touches its markers every ``HEARTBEAT_SECONDS``, so a marker not
  touched for ``STALE_AFTER_SECONDS`` is stale whichever machine wrote it (a folder shared by servers).

Readers (``class watch``, ``class report``) only read ``live/``; a starting server clears the stale markers.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from gdtutor.classroom.folder import ClassFolder
from gdtutor.paths import write_private_file
from gdtutor.progress.learner import file_stem

HEARTBEAT_SECONDS = 10.0
STALE_AFTER_SECONDS = 3 * HEARTBEAT_SECONDS
MARKER_SUFFIX = ".json"
MARKER_BYTES = 4096  # a marker is a few hundred bytes; anything longer is not one of ours


class LiveRecord(Protocol):
    """Where a server keeps who is connected: ``LiveMarkers`` here, or ``gdtutor.progress.postgres_live``'s
    rows in a PostgreSQL store. None of its methods may make a learner wait."""

    def clear_stale(self) -> object: ...  # at the server's start
    def begin(self, learner: str, session_pid: int) -> Any: ...  # a handle for end
    def end(self, handle: Any) -> None: ...
    def heartbeat(self) -> None: ...  # called every second or so
    def end_all(self) -> None: ...  # at the server's stop


@dataclass(frozen=True)
class LiveSession:
    learner: str
    host: str
    server_pid: int
    server_started: int | None  # the process's start time in clock ticks since boot (Linux); None if unknown
    session_pid: int


def process_start(pid: int) -> int | None:
    """When process ``pid`` started (clock ticks since boot); None if there is no such process.

    Where ``/proc`` is missing, 0 for a process that exists: then only the pid and the heartbeat are checked.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except OSError:
            pass
        return 0
    return int(stat.rsplit(")", 1)[1].split()[19])


class LiveMarkers:
    """The server's side: a marker per running session, kept fresh, removed when the session ends."""

    def __init__(self, class_dir: Path) -> None:
        self.folder = ClassFolder(class_dir).live
        self.host = socket.gethostname()
        self.pid = os.getpid()
        self.started = process_start(self.pid)
        self._mine: set[Path] = set()
        self._last_beat = time.monotonic()

    def begin(self, learner: str, session_pid: int) -> Path | None:
        """Mark ``learner``'s session as connected; the marker's path (None if it could not be written)."""
        path = self.folder / f"{self.pid}-{session_pid}{MARKER_SUFFIX}"
        record = {
            "learner": learner,
            "host": self.host,
            "server_pid": self.pid,
            "server_started": self.started,
            "session_pid": session_pid,
        }
        try:
            write_private_file(path, json.dumps(record))
        except OSError:
            return None  # a full disk costs the dashboard a "connected", never the learner their session
        self._mine.add(path)
        return path

    def end(self, path: Path | None) -> None:
        if path is None:
            return
        self._mine.discard(path)
        with contextlib.suppress(OSError):
            path.unlink()

    def heartbeat(self) -> None:
        """Touch this server's markers once every ``HEARTBEAT_SECONDS`` (call it as often as you like)."""
        now = time.monotonic()
        if now - self._last_beat < HEARTBEAT_SECONDS:
            return
        self._last_beat = now
        for path in list(self._mine):
            with contextlib.suppress(OSError):
                os.utime(path)

    def clear_stale(self) -> int:
        """Remove the markers of servers that are gone (a SIGKILL leaves them); how many were removed."""
        removed = 0
        for path, session in _markers(self.folder):
            if session is None or not _is_live(path, session, self.host):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed

    def end_all(self) -> None:
        for path in list(self._mine):
            self.end(path)


def connected_learners(class_dir: Path) -> frozenset[str]:
    """Every learner with a session running now, each by name and by store file stem (either may be looked
    up: a folder of SQLite stores names learners by stem, PostgreSQL by name). Empty when no server has run
    in ``class_dir``."""
    host = socket.gethostname()
    names: set[str] = set()
    for path, session in _markers(ClassFolder(class_dir).live):
        if session is not None and _is_live(path, session, host):
            names.update((session.learner, file_stem(session.learner)))
    return frozenset(names)


def is_served(class_dir: Path) -> bool:
    """Whether ``gdtutor serve`` has run in ``class_dir`` (then "connected" is known, not guessed)."""
    return ClassFolder(class_dir).live.is_dir()


def _markers(folder: Path) -> list[tuple[Path, LiveSession | None]]:
    try:
        paths = [path for path in folder.iterdir() if path.name.endswith(MARKER_SUFFIX)]
    except OSError:
        return []
    return [(path, _read(path)) for path in sorted(paths)]


def _read(path: Path) -> LiveSession | None:
    try:
        with path.open("rb") as stream:
            record = json.loads(stream.read(MARKER_BYTES))
        session = LiveSession(
            str(record["learner"]),
            str(record["host"]),
            int(record["server_pid"]),
            None if record["server_started"] is None else int(record["server_started"]),
            int(record["session_pid"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # removed while read, half written, or not ours: not a session
    return session


def _is_live(path: Path, session: LiveSession, host: str) -> bool:
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        return False
    if age > STALE_AFTER_SECONDS:
        return False
    if session.host != host:
        return True  # another machine's server: its heartbeat is all we can see
    started = process_start(session.server_pid)
    return started is not None and (session.server_started is None or started == session.server_started)
