"""The warm parent: one process that has imported textual, numpy, plotext and the course, and forks a child
for every session.

A new tutor process would spend about a second importing before its first screen, and each would hold its
own copy of those modules. Forked from here, a child starts with all of it loaded and shares those pages with
its siblings copy-on-write. The SSH server never forks itself (it runs an event loop with open connections);
it talks to this process over a Unix socket pair (``python -m gdtutor.server.forkserver FD``):

- the server sends a spawn request: a JSON object (``SpawnRequest``) with two descriptors attached, the
  session's terminal (a PTY's slave side, or a socket when no PTY was asked for) and the session's link,
  a socket pair end this process keeps for that session;
- on the link this process answers ``{"pid": N}`` once the child runs and ``{"exit": STATUS}`` when it ends
  (128 + the signal's number when a signal ended it); the server may send ``{"signal": N}`` to have the child
  signalled: only this process, its parent, can do that without racing a reused process id. SIGKILL goes to
  the child's whole process group (the session it started), so nothing it started outlives it;
- when the server closes the control socket (it exits, or reloads the lessons) no new session starts here;
  this process waits for its children and then exits. A link closed early hangs up its child (SIGHUP).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import selectors
import signal
import socket
import sys
from dataclasses import asdict, dataclass, field

MESSAGE_LIMIT = 65_536
WARM_POSTGRES_ENV = "GDTUTOR_WARM_POSTGRES"  # set when the server's sessions use the PostgreSQL store


@dataclass(frozen=True)
class SpawnRequest:
    """What a session's child needs: who, which front-end, its environment and its limits."""

    learner: str
    mode: str  # "tui" | "plain" | "teacher" | "MODULE:FUNCTION" (an app served for benchmarks)
    class_dir: str
    environment: dict[str, str] = field(default_factory=dict)
    memory_bytes: int = 0  # RLIMIT_AS; 0 leaves it unlimited
    cpu_seconds: int = 0  # RLIMIT_CPU; 0 leaves it unlimited

    def encode(self) -> bytes:
        return json.dumps(asdict(self)).encode("utf-8")

    @classmethod
    def decode(cls, data: bytes) -> SpawnRequest:
        return cls(**json.loads(data))


def warm_up() -> None:
    """Import what every session uses, load the course, and run the app once off-screen, so each child
    starts with all of it loaded (and its caches filled) and shares it with its siblings."""
    import numpy  # noqa: F401
    import plotext  # noqa: F401

    if os.environ.get(WARM_POSTGRES_ENV):  # psycopg and libpq: about 18 MB a session would load on its own
        import gdtutor.progress.postgres

    import gdtutor.commands.plain
    import gdtutor.commands.tui
    import gdtutor.plain.session  # the plain command imports it only once a lesson is chosen
    import gdtutor.server.child  # noqa: F401
    from gdtutor.lessons.folders import lesson_paths
    from gdtutor.tui import course
    from gdtutor.tui.widgets.prose import shared_parser

    course.preload(lesson_paths(()))
    for linkify in (True, False):  # the rehearsal's prose may need only one of them; sessions share both
        shared_parser(linkify)
    _rehearse()


def _rehearse() -> None:
    """Open the app and a lesson off-screen with a throwaway learner: the first run imports the lesson
    screen's modules and fills the caches every run uses, so sessions share them instead of each
    making its own."""
    import asyncio
    import tempfile

    from gdtutor.tui.app import GdtutorApp
    from gdtutor.tui.course import Course

    saved = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="gdtutor-warm-") as scratch:
        # The theme most clients get (ssh sends TERM, and xterm-256color is the usual one): the CSS parsed
        # for it here is every session's (gdtutor.tui.parsed_css).
        os.environ.update(
            {"GDTUTOR_DATA_DIR": scratch, "GDTUTOR_LEARNER": "rehearsal", "TERM": "xterm-256color"}
        )
        rehearsal = Course.open()

        async def run() -> None:
            app = GdtutorApp(rehearsal)
            # With tooltips and notifications as a session has them: their widgets' CSS is parsed here too.
            async with app.run_test(size=(80, 24), tooltips=True, notifications=True) as pilot:
                await app.workers.wait_for_complete()
                await pilot.pause()
                for _ in range(3):  # into the first lesson and on to its first question: its screen, its plot
                    await pilot.press("enter")
                    await app.workers.wait_for_complete()
                    await pilot.pause()

        try:
            asyncio.run(run())
        finally:
            rehearsal.close()
            os.environ.clear()
            os.environ.update(saved)


class ForkServer:
    """The loop of the warm parent: spawn requests in, children out, exits reported."""

    def __init__(self, control: socket.socket) -> None:
        self.control = control
        self.selector = selectors.DefaultSelector()
        self.links: dict[int, socket.socket] = {}  # pid -> that session's link
        self.accepting = True
        self.wakeup_read, self.wakeup_write = os.pipe()
        os.set_blocking(self.wakeup_read, False)
        os.set_blocking(self.wakeup_write, False)

    def run(self) -> None:
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.set_wakeup_fd(self.wakeup_write)
        self.selector.register(self.control, selectors.EVENT_READ, "control")
        self.selector.register(self.wakeup_read, selectors.EVENT_READ, "wakeup")
        self.control.send(b'{"ready": true}')
        while self.accepting or self.links:
            for key, _ in self.selector.select(timeout=5.0):
                if key.data == "control":
                    self.on_control()
                elif key.data == "wakeup":
                    os.read(self.wakeup_read, 4096)
                else:
                    self.on_link(key.data)
            self.reap()

    def on_control(self) -> None:
        try:
            data, descriptors, _, _ = socket.recv_fds(self.control, MESSAGE_LIMIT, 2)
        except OSError:
            data, descriptors = b"", []
        if not data:
            self.accepting = False
            self.selector.unregister(self.control)
            self.control.close()
            for descriptor in descriptors:
                os.close(descriptor)
            return
        if len(descriptors) != 2:
            for descriptor in descriptors:
                os.close(descriptor)
            return
        terminal, link_descriptor = descriptors
        link = socket.socket(fileno=link_descriptor)
        try:
            request = SpawnRequest.decode(data)
        except (ValueError, TypeError):
            os.close(terminal)
            link.close()
            return
        pid = os.fork()
        if pid == 0:
            self.become_child(request, terminal, link)
        os.close(terminal)
        self.links[pid] = link
        self.selector.register(link, selectors.EVENT_READ, pid)
        _send(link, {"pid": pid})

    def become_child(self, request: SpawnRequest, terminal: int, link: socket.socket) -> None:
        """In the forked child: drop the parent's sockets and signal set-up, then run the session."""
        status = 70
        try:
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            self.selector.close()
            for descriptor in (self.wakeup_read, self.wakeup_write):
                os.close(descriptor)
            self.control.close()
            link.close()
            for other in self.links.values():
                other.close()
            gc.enable()
            # Full collections after every other young one, not one in a hundred: a session's garbage cycles
            # (the virtual nodes Textual makes each time it styles a widget's parts, replaced widgets) are
            # freed before they pile up. The collector never scans the parent's frozen objects, so this
            # costs no measurable CPU (benchmarks/README.md, bench_server.py).
            gc.set_threshold(700, 1, 1)
            from gdtutor.server.child import run_session

            status = run_session(request, terminal)
        finally:
            os._exit(status)

    def on_link(self, pid: int) -> None:
        link = self.links[pid]
        try:
            data = link.recv(MESSAGE_LIMIT)
        except OSError:
            data = b""
        if not data:
            self.selector.unregister(link)
            _signal(pid, signal.SIGHUP)
            return
        try:
            number = int(json.loads(data)["signal"])
        except (ValueError, KeyError, TypeError):
            return
        if number in (signal.SIGHUP, signal.SIGTERM, signal.SIGKILL, signal.SIGUSR1):
            _signal(pid, number)

    def reap(self) -> None:
        while self.links:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            link = self.links.pop(pid, None)
            if link is None:
                continue
            code = os.waitstatus_to_exitcode(status)
            _send(link, {"exit": code if code >= 0 else 128 - code})
            if link.fileno() >= 0:
                with contextlib.suppress(KeyError, ValueError):
                    self.selector.unregister(link)
                link.close()


def _send(link: socket.socket, message: dict[str, object]) -> None:
    with contextlib.suppress(OSError):  # the server has gone: nobody left to tell
        link.send(json.dumps(message).encode("utf-8"))


def _signal(pid: int, number: int) -> None:
    if number == signal.SIGKILL:
        with contextlib.suppress(ProcessLookupError):  # before its setsid() the group does not exist yet
            os.killpg(pid, number)
            return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, number)


def main(argv: list[str]) -> int:
    control = socket.socket(fileno=int(argv[1]))
    control.setblocking(True)
    gc.disable()
    warm_up()
    gc.collect()
    # Children share the warm-up's objects copy-on-write; freezing keeps their collectors off those pages.
    gc.freeze()
    gc.enable()
    ForkServer(control).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
