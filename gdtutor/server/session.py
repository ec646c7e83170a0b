"""One SSH session: a child process on its own terminal, with the bytes relayed both ways.

The session asks the warm parent for a child on a fresh PTY (or, when the client asked for no PTY, on a
socket, which gets the plain front-end), copies the client's keys to it and its screen back, sets the PTY's
window size whenever the client's changes (the kernel then sends the child SIGWINCH), and closes the
channel with the child's exit status. When the connection is lost the child is hung up (SIGHUP: it saves and
exits); one still running ``hangup_grace`` seconds later is killed, so a stuck session never keeps its slot
(a learner's sessions are capped). Anything else the client asks the session for (a command, a
subsystem such as sftp, agent forwarding) is answered with one line saying why not, and nothing runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import signal
import socket
import struct
import termios
import time
from typing import TYPE_CHECKING

import asyncssh

from gdtutor.checking.plaintext import quote
from gdtutor.classroom.roster import RosterError
from gdtutor.server.environment import client_variables, session_environment
from gdtutor.server.forkserver import SpawnRequest
from gdtutor.server.spawner import Child, ForkServerError

if TYPE_CHECKING:
    from gdtutor.server.service import ClassService, Identity

# Whatever state a killed app left the student's terminal in: main screen, cursor shown, lines wrapping,
# no mouse reports, no bracketed paste, default colours.
_RESTORE_CODES = (b"?1049l", b"?1000l", b"?1002l", b"?1003l", b"?1006l", b"?2004l", b"?25h", b"?7h", b"0m")
RESTORE_TERMINAL = b"".join(b"\x1b[" + code for code in _RESTORE_CODES)
_READ_SIZE = 65_536
_MAX_CODE_LENGTH = 64
_MAX_PENDING_INPUT = 1 << 20
AGENT_REQUEST_HANDLER = "_process_auth_agent_req_at_openssh_dot_com_request"
AGENT_REFUSED = "agent forwarding (ssh -A) is switched off here; your keys stay on your computer"


class TutorSession(asyncssh.SSHServerSession):
    def __init__(self, service: ClassService, identity: Identity) -> None:
        self.service = service
        self.identity = identity
        self.channel: asyncssh.SSHServerChannel | None = None
        self.term_type: str | None = None
        self.window = (80, 24, 0, 0)
        self.refusal: str | None = None
        self.agent_refused = False  # the client asked for agent forwarding (ssh -A)
        self.child: Child | None = None
        self.terminal: int | None = None  # our side: the PTY's master, or our end of the socket pair
        self.is_pty = False
        self.last_input = time.monotonic()
        self.warned = False
        self.ending: str | None = None  # why the server ended the session ("idle", "shutdown", "killed")
        self._kill_timer: asyncio.TimerHandle | None = None
        self.started = time.monotonic()
        self._pending_input = bytearray()
        self._typed: asyncio.Queue[bytes] | None = None  # input while the join code is asked
        self._reading = False
        self._closed = False
        self._input_ended = False

    # ------------------------------------------------------------ what the client asks for

    def connection_made(self, chan: asyncssh.SSHServerChannel) -> None:
        self.channel = chan
        # OpenSSH asks for agent forwarding without wanting a reply, so a refusal reaches the client only
        # if we say it: note the request (asyncssh has no public hook; this is the handler it looks up by
        # the request's name) and refuse it, and run() tells the client in one line.
        setattr(chan, AGENT_REQUEST_HANDLER, self._agent_requested)

    def _agent_requested(self, packet: object) -> bool:
        self.agent_refused = True
        return False

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], term_modes: object) -> bool:
        self.term_type = term_type
        self.window = term_size
        self.is_pty = True
        return True

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self.window = (width, height, pixwidth, pixheight)
        if self.is_pty and self.terminal is not None:
            set_window_size(self.terminal, self.window)

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self.refusal = f"this server runs only the tutor; commands such as {quote(command)} are not run"
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        self.refusal = f"this server runs only the tutor; the {quote(subsystem)} subsystem is not offered"
        return True

    def session_started(self) -> None:
        asyncio.get_running_loop().create_task(self.run())

    def data_received(self, data: bytes, datatype: object) -> None:
        self.last_input = time.monotonic()
        self.warned = False
        if self._typed is not None:
            self._typed.put_nowait(data)
            return
        if len(self._pending_input) < _MAX_PENDING_INPUT:  # typed before the child runs: kept for it
            self._pending_input += data
        self._flush_input()

    def eof_received(self) -> bool:
        if self._typed is not None:
            self._typed.put_nowait(b"")
        self._input_ended = True
        self._flush_input()
        return True  # keep our half open: the child may still be writing

    def connection_lost(self, exc: Exception | None) -> None:
        self._closed = True
        if self._typed is not None:
            self._typed.put_nowait(b"")
        if self.child is not None and self.child.running:
            self._hang_up()

    def pause_writing(self) -> None:
        self._stop_reading()

    def resume_writing(self) -> None:
        self._start_reading()

    # ------------------------------------------------------------ the session's life

    async def run(self) -> None:
        status = 1
        outcome = "refused"
        try:
            if self.agent_refused:
                self._say(AGENT_REFUSED)
            reason = self.refusal or await self._admit()
            if reason is not None:
                self._say(reason)
                self.service.log.write(
                    "refused", learner=self.identity.name, address=self.identity.address, reason=reason
                )
            else:
                status = await self._run_child()
                outcome = self.ending or "exit"
        except ForkServerError as error:
            self._say(f"the tutor could not start ({error}); tell your teacher")
            outcome = "failed"
        finally:
            if outcome != "refused":
                self.service.log.write(
                    "session",
                    learner=self.identity.name,
                    address=self.identity.address,
                    duration=time.monotonic() - self.started,
                    end=outcome,
                    status=status,
                )
            self._exit(status)

    async def _admit(self) -> str | None:
        """None when the session may start, else the one-line reason it may not."""
        if self.identity.pending_key is not None:
            reason = await self._enrol()
            if reason is not None:
                return reason
        return self.service.admission(self.identity, self.is_pty)

    async def _enrol(self) -> str | None:
        name = self.identity.name
        self._typed = asyncio.Queue()
        if self._pending_input:  # typed before the question: the code is read from it first
            self._typed.put_nowait(bytes(self._pending_input))
            self._pending_input.clear()
        if self._input_ended:
            self._typed.put_nowait(b"")
        self._write_line(f"gdtutor: {name} is not enrolled in this class yet. To enrol this key as {name},")
        self._write(b"type the class's join code and press Enter: ")
        try:
            code = await asyncio.wait_for(self._read_code(), self.service.settings.join_timeout)
        except asyncio.TimeoutError:
            code = None
        finally:
            self._typed = None
            self._write(b"\r\n")
        if code is None:
            return "no join code typed; nothing was enrolled"
        try:
            self.service.enrol(name, self.identity.pending_key, code, self.identity.address)
        except RosterError as error:
            return error.message
        self.identity.pending_key = None
        return None

    async def _read_code(self) -> str | None:
        """One line typed without echo; what follows it is kept for the tutor."""
        assert self._typed is not None
        code = bytearray()
        while True:
            data = await self._typed.get()
            if not data:
                return None
            for index, byte in enumerate(data):
                if byte in (0x0D, 0x0A):
                    rest = data[index + 1 :]
                    self._pending_input += rest[1:] if byte == 0x0D and rest[:1] == b"\n" else rest
                    return code.decode("utf-8", "replace")
                if byte in (0x03, 0x04):
                    return None
                if byte in (0x7F, 0x08):
                    del code[-1:]
                elif byte >= 0x20 and len(code) < _MAX_CODE_LENGTH:
                    code.append(byte)

    async def _run_child(self) -> int:
        client, ignored = client_variables(
            self._client_environment(), self.term_type if self.is_pty else None
        )
        if ignored:
            names = ", ".join(ignored[:5])
            self.service.log.write("ignored-environment", learner=self.identity.name, names=names)
        learner_dir = str(self.service.folder.learners)
        request = SpawnRequest(
            learner=self.identity.name,
            mode=self.service.mode_for(self.identity, self.is_pty),
            class_dir=str(self.service.folder.root),
            environment=session_environment(
                client, self.identity.name, learner_dir, self.service.settings.store
            ),
            memory_bytes=self.service.settings.memory_mb * 1024 * 1024,
            cpu_seconds=self.service.settings.cpu_seconds,
        )
        if self.is_pty:
            ours, theirs = os.openpty()
            set_window_size(theirs, self.window)
        else:
            ours_socket, theirs_socket = socket.socketpair()
            ours, theirs = ours_socket.detach(), theirs_socket.detach()
        os.set_blocking(ours, False)
        self.terminal = ours
        try:
            self.child = await self.service.spawner.spawn(request, theirs)
        except BaseException:
            os.close(ours)
            self.terminal = None
            raise
        finally:
            os.close(theirs)
        self.service.sessions.add(self)
        learner = request.mode != "teacher"
        marker = self.service.live.begin(self.identity.name, self.child.pid) if learner else None
        self.service.log.write(
            "begin",
            learner=self.identity.name,
            address=self.identity.address,
            pid=self.child.pid,
            mode=request.mode,
        )
        try:
            if self._closed:
                self._hang_up()
            self._start_reading()
            self._flush_input()
            status = await self.child.wait()
            self._drain_output()
        finally:
            if self._kill_timer is not None:
                self._kill_timer.cancel()
            self.service.sessions.discard(self)
            self.service.live.end(marker)
            self._stop_reading()
            os.close(self.terminal)
            self.terminal = None
        if self.is_pty:
            self._write(RESTORE_TERMINAL)
        if self.ending is not None:
            self._say(self.service.ending_message(self.ending, status))
        return status

    def _client_environment(self) -> dict[str, str]:
        assert self.channel is not None
        return dict(self.channel.get_environment())

    # ------------------------------------------------------------ what the server does to a session

    def end(self, why: str, number: int = signal.SIGHUP) -> None:
        """End the session for the server's reason (``idle``, ``shutdown``): the child saves and exits."""
        self.ending = why
        if self.child is not None:
            self.child.signal(number)

    def _hang_up(self) -> None:
        """The connection is gone: the child saves and exits on SIGHUP, or is killed after the grace time."""
        assert self.child is not None
        self.child.signal(signal.SIGHUP)
        if self._kill_timer is None:
            grace = self.service.settings.hangup_grace
            self._kill_timer = asyncio.get_running_loop().call_later(grace, self._kill_hung_child, grace)

    def _kill_hung_child(self, grace: float) -> None:
        if self.child is None or not self.child.running:
            return
        self.ending = "killed"
        self.service.log.write(
            "killed",
            learner=self.identity.name,
            address=self.identity.address,
            pid=self.child.pid,
            reason=f"still running {grace:g} s after its connection was lost",
        )
        self.child.signal(signal.SIGKILL)
        # Its slot is free now, even if the kernel takes a while to end a process stuck in a disk wait.
        self.service.sessions.discard(self)

    def warn_idle(self) -> None:
        self.warned = True
        if self.child is not None:
            self.child.signal(signal.SIGUSR1)

    # ------------------------------------------------------------ bytes both ways

    def _start_reading(self) -> None:
        if self.terminal is not None and not self._reading:
            asyncio.get_running_loop().add_reader(self.terminal, self._on_output)
            self._reading = True

    def _stop_reading(self) -> None:
        if self.terminal is not None and self._reading:
            asyncio.get_running_loop().remove_reader(self.terminal)
        self._reading = False

    def _on_output(self) -> None:
        if self.terminal is None:  # closed while the event was queued
            return
        try:
            data = os.read(self.terminal, _READ_SIZE)
        except BlockingIOError:
            return
        except OSError:  # EIO: the child closed its terminal
            data = b""
        if not data:
            self._stop_reading()
            return
        self._write(data)

    def _drain_output(self) -> None:
        while self.terminal is not None:
            try:
                data = os.read(self.terminal, _READ_SIZE)
            except OSError:
                return
            if not data:
                return
            self._write(data)

    def _flush_input(self) -> None:
        loop = asyncio.get_running_loop()
        if self.terminal is None:
            return
        try:
            while self._pending_input:
                written = os.write(self.terminal, self._pending_input)
                del self._pending_input[:written]
        except BlockingIOError:
            loop.add_writer(self.terminal, self._on_writable)
            return
        except OSError:
            self._pending_input.clear()
        loop.remove_writer(self.terminal)
        if self._input_ended and not self.is_pty:
            # The client's end of input becomes the child's: the plain tutor then ends cleanly.
            with contextlib.suppress(OSError):
                socket.socket(fileno=os.dup(self.terminal)).shutdown(socket.SHUT_WR)

    def _on_writable(self) -> None:
        self._flush_input()

    # ------------------------------------------------------------ to the client

    def _write(self, data: bytes) -> None:
        if self.channel is not None and not self._closed:
            with contextlib.suppress(OSError, asyncssh.Error):
                self.channel.write(data)

    def _write_line(self, text: str) -> None:
        self._write(text.encode("utf-8") + b"\r\n")

    def _say(self, text: str) -> None:
        """A one-line message to the client's error stream."""
        if self.channel is not None and not self._closed:
            with contextlib.suppress(OSError, asyncssh.Error):
                self.channel.write_stderr(f"gdtutor: {text}\r\n".encode())

    def _exit(self, status: int) -> None:
        if self.channel is not None and not self._closed:
            with contextlib.suppress(OSError, asyncssh.Error):
                self.channel.exit(status)


def set_window_size(descriptor: int, window: tuple[int, int, int, int]) -> None:
    width, height, pixwidth, pixheight = window
    size = struct.pack("HHHH", max(1, min(height, 1000)), max(1, min(width, 1000)), pixwidth, pixheight)
    with contextlib.suppress(OSError):
        fcntl.ioctl(descriptor, termios.TIOCSWINSZ, size)
