"""The class server as a whole: the roster, the sessions, their limits, and the server's own signals.

- The roster is read again whenever ``roster.yaml`` changes (``gdtutor class add`` while the server runs)
  and on SIGHUP, which also starts a fresh warm parent so new sessions get edited lessons.
- SIGTERM drains: no new connections, every session is told and its child asked to save and exit, and
  whatever is still running after ``drain_timeout`` is killed.
- A running learner session has a marker in ``live/`` (``gdtutor.classroom.live_sessions``), touched every
  few seconds, so the dashboard knows who is connected now; on a PostgreSQL store, a row in the database
  instead (``gdtutor.progress.postgres_live``), so that every server sharing it is seen.
- Once a second the idle clock is checked: a session without a key pressed for ``idle_timeout`` minus
  ``idle_warning`` seconds is warned, and at ``idle_timeout`` ended (its child saves and exits).
"""

from __future__ import annotations

import asyncio
import signal
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gdtutor.classroom.folder import ClassFolder
from gdtutor.classroom.live_sessions import LiveMarkers, LiveRecord
from gdtutor.classroom.roster import PublicKey, Roster, RosterError, load_roster, save_roster
from gdtutor.server.connlog import ConnectionLog
from gdtutor.server.ratelimit import FailureLimiter
from gdtutor.server.settings import ServeSettings
from gdtutor.server.spawner import Spawner, forkserver_environment
from gdtutor.stopping import is_stopped

if TYPE_CHECKING:
    from gdtutor.server.session import TutorSession


@dataclass
class Identity:
    """Who a connection signed in as. ``pending_key`` is set while a new key waits for the join code."""

    name: str
    role: str
    address: str
    pending_key: PublicKey | None = None


def live_record(settings: ServeSettings) -> LiveRecord:
    """Where this server keeps who is connected: where the class's progress is."""
    if settings.store is None:
        return LiveMarkers(settings.class_dir)
    from gdtutor.progress.postgres_live import LiveRows

    return LiveRows(settings.store)


class ClassService:
    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self.folder = ClassFolder(settings.class_dir)
        self.folder.learners.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.log = ConnectionLog(self.folder.log)
        self.limiter = FailureLimiter(settings.auth_failures, settings.auth_window)
        warm = forkserver_environment(self.folder.root, postgres=settings.store is not None)
        self.spawner = Spawner(self.folder.root, warm)
        self.sessions: set[TutorSession] = set()
        self.live = live_record(settings)  # who is connected now, for the teacher's dashboard
        self.draining = False
        self._roster = load_roster(self.folder.roster)
        self._roster_stamp = self._stamp()
        self._idle_task: asyncio.Task[None] | None = None

    # ------------------------------------------------------------ roster

    def roster(self) -> Roster:
        """The roster, read again if the file changed; a broken edit keeps the last good one (logged)."""
        stamp = self._stamp()
        if stamp != self._roster_stamp:
            self.reload_roster()
        return self._roster

    def reload_roster(self) -> None:
        self._roster_stamp = self._stamp()
        try:
            self._roster = load_roster(self.folder.roster)
        except RosterError as error:
            self.log.write("roster-problem", problem=error.message)

    def enrol(self, name: str, key: PublicKey | None, code: str, address: str) -> None:
        """Enrol ``key`` as learner ``name`` when ``code`` is the class's join code; RosterError if not."""
        roster = self.roster()
        if roster.join_code is None:
            raise RosterError("enrolment is closed; ask your teacher to enrol your key")
        if key is None or not roster.join_code.matches(code):
            self.limiter.record_failure(address)
            raise RosterError("that is not the class's join code; nothing was enrolled")
        if roster.get(name) is not None:
            raise RosterError(f"{name} has just been taken; connect again with another name")
        save_roster(self.folder.roster, roster.with_person(name, key))
        self.reload_roster()
        self.log.write("enrolled", learner=name, address=address, key=key.fingerprint)

    def _stamp(self) -> tuple[int, int] | None:
        try:
            status = self.folder.roster.stat()
        except OSError:
            return None
        return (status.st_mtime_ns, status.st_size)

    # ------------------------------------------------------------ sessions

    def admission(self, identity: Identity, has_pty: bool) -> str | None:
        """None when ``identity`` may open one more session, else the one-line reason not."""
        name = identity.name
        if identity.role == "teacher" and not has_pty and not self.settings.session_app:
            return "the class dashboard needs a terminal: connect with ssh -t"
        if self.draining:
            return "the server is shutting down; try again in a minute"
        mine = sum(1 for session in self.sessions if session.identity.name == name)
        if mine >= self.settings.max_per_learner:
            return f"{name} already has {mine} session(s) open, the most allowed; close one first"
        if len(self.sessions) >= self.settings.max_sessions:
            return f"the class is full ({len(self.sessions)} sessions); try again in a minute"
        return None

    def mode_for(self, identity: Identity, has_pty: bool) -> str:
        if self.settings.session_app:
            return self.settings.session_app
        if identity.role == "teacher":
            return "teacher"
        return "tui" if has_pty and not self.settings.plain else "plain"

    def ending_message(self, why: str, status: int) -> str:
        """What the learner is told when the server ended their session (``why``) and it exited with
        ``status``: their progress is said to be saved only if the session stopped as asked, saving
        everything (see ``gdtutor.stopping``)."""
        saved = "your progress is saved" if is_stopped(status) else "your last answers may not be saved"
        if why == "idle":
            minutes = self.settings.idle_timeout / 60
            shown = f"{minutes:g} minute(s)" if minutes >= 1 else f"{self.settings.idle_timeout:g} seconds"
            return f"disconnected after {shown} idle; {saved}"
        return f"the server is shutting down; {saved}"

    async def watch_idle(self) -> None:
        settings = self.settings
        tick = min(1.0, settings.idle_timeout / 4)
        while True:
            await asyncio.sleep(tick)
            self.live.heartbeat()
            now = time.monotonic()
            for session in list(self.sessions):
                if session.ending is not None:
                    continue
                quiet = now - session.last_input
                if quiet >= settings.idle_timeout:
                    session.end("idle")
                elif quiet >= settings.idle_timeout - settings.idle_warning and not session.warned:
                    session.warn_idle()

    # ------------------------------------------------------------ the server's own life

    async def start(self) -> None:
        self.live.clear_stale()  # left by a server that was killed
        await self.spawner.start()
        self._idle_task = asyncio.get_running_loop().create_task(self.watch_idle())

    async def reload(self) -> None:
        """SIGHUP: the roster and the lessons again (sessions already running keep theirs)."""
        self.reload_roster()
        await self.spawner.restart()
        self.log.write("reloaded", sessions=len(self.sessions))

    async def drain(self) -> None:
        """SIGTERM: tell every session, let each child save and exit, kill what is left after the timeout."""
        self.draining = True
        for session in list(self.sessions):
            session.end("shutdown", signal.SIGTERM)
        deadline = time.monotonic() + self.settings.drain_timeout
        while self.sessions and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        for session in list(self.sessions):
            session.end("shutdown", signal.SIGKILL)
        while self.sessions and time.monotonic() < deadline + 5:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)  # let the last exit statuses and closing lines reach the clients

    def close(self) -> None:
        if self._idle_task is not None:
            self._idle_task.cancel()
        self.live.end_all()
        self.spawner.close()
        self.spawner.wait_closed(timeout=10)
        self.log.write("stopped")
        self.log.close()
