"""The SSH server's side of the warm parent (``gdtutor.server.forkserver``): start it, ask it for children,
learn their exits, and have them signalled."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from gdtutor.server.forkserver import MESSAGE_LIMIT, WARM_POSTGRES_ENV, SpawnRequest

_START_TIMEOUT = 120.0


class ForkServerError(Exception):
    pass


class Child:
    """A session's process, as the server sees it: its id, its exit status once known, and signals."""

    def __init__(self, pid: int, link: socket.socket) -> None:
        self.pid = pid
        self._link = link
        self._exit: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().create_task(self._watch())

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        status = 255
        try:
            data = await loop.sock_recv(self._link, MESSAGE_LIMIT)
            if data:
                status = int(json.loads(data)["exit"])
        except (OSError, ValueError, KeyError):
            pass
        finally:
            self._link.close()
            if not self._exit.done():
                self._exit.set_result(status)

    async def wait(self) -> int:
        return await asyncio.shield(self._exit)

    @property
    def running(self) -> bool:
        return not self._exit.done()

    def signal(self, number: int) -> None:
        if self.running:
            with contextlib.suppress(OSError):
                self._link.send(json.dumps({"signal": int(number)}).encode("utf-8"))


class Spawner:
    """One warm parent at a time; ``restart`` starts a fresh one (new lessons) while the old one keeps its
    sessions until they end."""

    def __init__(self, class_dir: Path, environment: dict[str, str]) -> None:
        self.class_dir = class_dir
        self.environment = environment
        self._control: socket.socket | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._retired: list[subprocess.Popen[bytes]] = []

    async def start(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        process = subprocess.Popen(
            [sys.executable, "-m", "gdtutor.server.forkserver", str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            env=self.environment,
            cwd=self.class_dir,
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        ours.setblocking(False)
        loop = asyncio.get_running_loop()
        try:
            ready = await asyncio.wait_for(loop.sock_recv(ours, MESSAGE_LIMIT), _START_TIMEOUT)
        except asyncio.TimeoutError:
            ready = b""
        if not ready:
            process.kill()
            ours.close()
            raise ForkServerError("the session starter did not start (see the messages above)")
        previous, self._control, self._process = self._control, ours, process
        if previous is not None:
            previous.close()  # the old warm parent ends once its last session has
        self._retired = [old for old in self._retired if old.poll() is None]

    async def restart(self) -> None:
        if self._process is not None:
            self._retired.append(self._process)
        await self.start()

    async def spawn(self, request: SpawnRequest, terminal: int) -> Child:
        """A child running ``request`` on ``terminal`` (the descriptor is only lent: the caller closes it)."""
        if self._control is None:
            raise ForkServerError("the session starter is not running")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        ours.setblocking(False)
        loop = asyncio.get_running_loop()
        try:
            await _send_with_descriptors(self._control, request.encode(), [terminal, theirs.fileno()])
        finally:
            theirs.close()
        data = await loop.sock_recv(ours, MESSAGE_LIMIT)
        if not data:
            ours.close()
            raise ForkServerError("the session starter stopped")
        return Child(int(json.loads(data)["pid"]), ours)

    def close(self) -> None:
        """Stop asking for sessions: each warm parent exits once its sessions have ended."""
        if self._control is not None:
            self._control.close()
            self._control = None

    def wait_closed(self, timeout: float) -> None:
        for process in [*self._retired, *([self._process] if self._process else [])]:
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


async def _send_with_descriptors(sock: socket.socket, data: bytes, descriptors: list[int]) -> None:
    while True:
        try:
            socket.send_fds(sock, [data], descriptors)
            return
        except BlockingIOError:
            await asyncio.sleep(0.01)


def forkserver_environment(class_dir: Path, postgres: bool = False) -> dict[str, str]:
    """The warm parent's environment: the server's own minus what would change how children behave.

    ``postgres``: the sessions use the PostgreSQL store, so the warm parent imports it for them to share.
    """
    environment = {
        name: value
        for name, value in os.environ.items()
        if name in ("PATH", "PYTHONPATH", "VIRTUAL_ENV", "HOME", "LANG", "LC_ALL", "TMPDIR")
    }
    environment["PYTHONIOENCODING"] = "utf-8"
    # One BLAS thread: the lessons' arrays are tiny, and a thread pool per parent would not survive fork.
    environment["OPENBLAS_NUM_THREADS"] = "1"
    environment["OMP_NUM_THREADS"] = "1"
    environment["GDTUTOR_DATA_DIR"] = str(class_dir / "learners")
    if postgres:
        environment[WARM_POSTGRES_ENV] = "1"
    return environment
