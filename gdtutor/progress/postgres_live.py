"""Who is connected now, kept in the PostgreSQL store, so that the teacher sees every server sharing it.

Each ``gdtutor serve`` on a PostgreSQL store has a row in ``live_servers`` (a fresh id, its host, process id,
start time and heartbeat) and a row in ``live_sessions`` per learner session it runs. ``LiveRows`` writes
them from a thread of its own: when a session begins or ends, and at every heartbeat, which the server's
event loop asks for every ``BEAT_SECONDS`` (a server whose loop is stuck stops beating too).

A reader counts a session only while its server has not said it stopped and its heartbeat is under
``STALE_AFTER_BEATS`` of that server's beats old, by the database's clock (so the machines' clocks do not
matter): the sessions of a server killed with SIGKILL stop counting within a few seconds, and the next
server to start deletes them. A server that stops cleanly deletes its sessions and marks itself stopped.

The learner never waits on any of this: when the database cannot be reached, the thread tries again at the
next change or heartbeat, and the server's exit waits for it at most ``STOP_WAIT_SECONDS``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import uuid
from datetime import datetime, timezone
from typing import Any

import psycopg

from gdtutor.progress import postgres_schema
from gdtutor.progress.postgres import CONNECT_TIMEOUT_SECONDS, CONNECTION_SETTINGS, display_url, first_line
from gdtutor.progress.schema import FutureSchemaError

BEAT_SECONDS = 5.0
STALE_AFTER_BEATS = 3
FORGET_SERVERS_AFTER = "1 day"  # a server gone that long: its row is deleted, not just ignored
STOP_WAIT_SECONDS = CONNECT_TIMEOUT_SECONDS + 2.0  # the last write at exit: one connection attempt, one write
LIVE_VERSION = 3  # the schema version that made the live tables

CONNECTED_NOW = (
    "SELECT DISTINCT s.learner FROM live_sessions s JOIN live_servers v ON v.id = s.server_id"
    " WHERE v.stopped IS NULL AND v.heartbeat >= now() - make_interval(secs => v.beat_seconds * %s)"
)
STALE_SERVERS = (
    "SELECT id FROM live_servers"
    " WHERE stopped IS NOT NULL OR heartbeat < now() - make_interval(secs => beat_seconds * %s)"
)


def connected_now(cursor: Any, version: int) -> frozenset[str] | None:
    """The learners with a session running now on any server, by name; None when no server has run on
    this database (then "connected" is not known: nobody is serving from it)."""
    if version < LIVE_VERSION:
        return None
    if not cursor.execute("SELECT EXISTS (SELECT 1 FROM live_servers)").fetchone()[0]:
        return None
    return frozenset(name for (name,) in cursor.execute(CONNECTED_NOW, (STALE_AFTER_BEATS,)).fetchall())


class LiveRows:
    """The server's side: its heartbeat row and a row per running learner session, written by a thread."""

    def __init__(self, url: str, beat_seconds: float = BEAT_SECONDS) -> None:
        self.url = url
        self.where = display_url(url)
        self.id = uuid.uuid4()
        self.host = socket.gethostname()
        self.pid = os.getpid()
        self.started = datetime.now(timezone.utc)
        self.beat_seconds = beat_seconds
        self.problem: str | None = None  # why the last write failed; None once one succeeds
        self._sessions: dict[int, tuple[str, datetime]] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = False
        self._clear = True  # the first write also deletes what killed servers left
        self._refused = False  # a database from a newer gdtutor: never written
        self._last_beat = time.monotonic()
        self._connection: psycopg.Connection | None = None
        self._thread = threading.Thread(target=self._run, name="gdtutor-live-rows", daemon=True)

    # ------------------------------------------------------------ what the server calls (never blocks)

    def clear_stale(self) -> None:
        """Start writing: register this server and delete the sessions of servers that are gone."""
        if not self._thread.is_alive():
            self._thread.start()
        self._wake.set()

    def begin(self, learner: str, session_pid: int) -> int:
        """Mark ``learner``'s session as connected; the handle ``end`` takes."""
        with self._lock:
            self._sessions[session_pid] = (learner, datetime.now(timezone.utc))
        self._wake.set()
        return session_pid

    def end(self, session_pid: int | None) -> None:
        if session_pid is None:
            return
        with self._lock:
            self._sessions.pop(session_pid, None)
        self._wake.set()

    def heartbeat(self) -> None:
        """Ask for a heartbeat once every ``beat_seconds`` (call it as often as you like)."""
        now = time.monotonic()
        if now - self._last_beat >= self.beat_seconds:
            self._last_beat = now
            self._wake.set()

    def end_all(self) -> None:
        """Stop: delete this server's sessions and mark it stopped, waiting at most ``STOP_WAIT_SECONDS``."""
        with self._lock:
            self._sessions.clear()
            self._stopping = True
        if self._thread.is_alive():
            self._wake.set()
            self._thread.join(STOP_WAIT_SECONDS)

    # ------------------------------------------------------------ the writing thread

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            with self._lock:
                stopping = self._stopping
                sessions = [(pid, *session) for pid, session in self._sessions.items()]
            if not self._refused:
                self._write(sessions, stopping)
            if stopping:
                self._disconnect()
                return

    def _write(self, sessions: list[tuple[int, str, datetime]], stopping: bool) -> None:
        """This server's rows as they stand, in one transaction; a failure is kept in ``problem``."""
        try:
            connection = self._connect()
            with connection.transaction():
                cursor = connection.cursor()
                if self._clear:
                    _clear_stale(cursor)
                cursor.execute(
                    "INSERT INTO live_servers (id, host, pid, started, beat_seconds, heartbeat, stopped)"
                    " VALUES (%s, %s, %s, %s, %s, now(), CASE WHEN %s THEN now() END)"
                    " ON CONFLICT (id) DO UPDATE SET heartbeat = now(), stopped = EXCLUDED.stopped",
                    (self.id, self.host, self.pid, self.started, self.beat_seconds, stopping),
                )
                cursor.execute("DELETE FROM live_sessions WHERE server_id = %s", (self.id,))
                cursor.executemany(
                    "INSERT INTO live_sessions (server_id, session_pid, learner, since)"
                    " VALUES (%s, %s, %s, %s)",
                    [(self.id, *session) for session in sessions],
                )
        except FutureSchemaError as error:
            self._refused, self.problem = True, error.message
            self._disconnect()
        except psycopg.Error as error:
            self.problem = f"cannot write who is connected to {self.where} ({first_line(error)})"
            self._disconnect()
        else:
            self.problem, self._clear = None, False

    def _connect(self) -> psycopg.Connection:
        """The thread's connection, opened (and the schema brought up to date) when there is none."""
        if self._connection is None:
            connection = psycopg.connect(self.url, **CONNECTION_SETTINGS)
            try:
                with connection.transaction():
                    postgres_schema.migrate(connection.cursor(), self.where)
            except BaseException:
                connection.close()
                raise
            self._connection = connection
        return self._connection

    def _disconnect(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(psycopg.Error):
                self._connection.close()
            self._connection = None


def _clear_stale(cursor: Any) -> None:
    """Delete the sessions of servers that are gone (a SIGKILL leaves them), and servers gone for long."""
    cursor.execute("DELETE FROM live_servers WHERE heartbeat < now() - %s::interval", (FORGET_SERVERS_AFTER,))
    cursor.execute(f"DELETE FROM live_sessions WHERE server_id IN ({STALE_SERVERS})", (STALE_AFTER_BEATS,))
