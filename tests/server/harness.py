"""What the server's tests drive: ``gdtutor serve`` for real, on 127.0.0.1 with a free port and a temporary
class folder, and the real OpenSSH client (Debian's openssh-client) with keys made by ssh-keygen.

The client checks the host key strictly against the class folder's own key, reads no user configuration
(``-F /dev/null``) and offers only the key it is given. A test that needs its own count of failed sign-ins
connects from its own loopback address (``fresh_address``: ``BindAddress=127.0.0.N``), since they are
counted per address.
"""

from __future__ import annotations

import itertools
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

LISTENING = re.compile(r"listening on (\S+) port (\d+)")
_addresses = itertools.count(2)


def gdtutor(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdtutor", *args], capture_output=True, text=True, input=stdin, timeout=60
    )


def make_key(folder: Path, name: str) -> Path:
    """A new Ed25519 key pair; the private key's path (the public one is beside it, ``.pub``)."""
    path = folder / f"{name}_key"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"{name}@test", "-f", str(path)], check=True
    )
    return path


def fresh_address() -> str:
    """A loopback address of its own, so a test's failed sign-ins count against no other test."""
    return f"127.0.0.{next(_addresses)}"


class Server:
    """``gdtutor serve`` in a subprocess, stopped (and its warm parent with it) at the end of the test."""

    def __init__(self, class_dir: Path, home: Path, *options: str, environment: dict | None = None) -> None:
        self.class_dir = class_dir
        self.home = home
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gdtutor", "serve", "--class", str(class_dir), "--port", "0", *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(environment or {})},
        )
        self.port = self._wait_until_listening()
        self.known_hosts = home / "known_hosts"
        public = subprocess.run(
            ["ssh-keygen", "-y", "-f", str(class_dir / "host_key")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        self.known_hosts.write_text(f"[127.0.0.1]:{self.port} {public}\n")

    def _wait_until_listening(self) -> int:
        assert self.process.stdout is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            found = LISTENING.search(line)
            if found:
                return int(found.group(2))
        self.process.kill()
        raise AssertionError(
            f"the server did not start: {self.process.stderr.read() if self.process.stderr else ''}"
        )

    def ssh_argv(
        self,
        user: str,
        key: Path | None,
        *extra: str,
        address: str = "127.0.0.1",
        command: str | None = None,
        port: int | None = None,
    ) -> list[str]:
        """The client's command line: options, then ``extra``, then the destination and ``command``.

        ``port``: another port that leads to this server (a balancer's); its host key is trusted too."""
        if port is not None and f"]:{port} " not in self.known_hosts.read_text():
            key_line = self.known_hosts.read_text().splitlines()[0].split(" ", 1)[1]
            with self.known_hosts.open("a") as known:
                known.write(f"[127.0.0.1]:{port} {key_line}\n")
        argv = [
            "ssh",
            "-F", "/dev/null",
            "-p", str(port or self.port),
            "-o", f"UserKnownHostsFile={self.known_hosts}",
            "-o", "StrictHostKeyChecking=yes",
            "-o", "IdentitiesOnly=yes",
            "-o", "BatchMode=yes",
            "-o", f"BindAddress={address}",
            "-o", "ConnectTimeout=20",
        ]  # fmt: skip
        argv += ["-i", str(key)] if key is not None else ["-o", "PubkeyAuthentication=no"]
        return [*argv, *extra, f"{user}@127.0.0.1", *([command] if command is not None else [])]

    def ssh(self, user: str, key: Path | None, *extra: str, stdin: str = "", timeout: float = 30, **kwargs):
        """Run the client without a terminal; its exit status and output."""
        return subprocess.run(
            self.ssh_argv(user, key, *extra, **kwargs),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=self.client_environment(),
        )

    def client_environment(self) -> dict[str, str]:
        return {"PATH": os.environ.get("PATH", ""), "HOME": str(self.home), "LC_ALL": "C.UTF-8"}

    def log(self) -> str:
        return (self.class_dir / "server.log").read_text(encoding="utf-8")

    def session_pid(self, learner: str, timeout: float = 20) -> int:
        """The process id of ``learner``'s latest session, once it has begun."""
        begun = re.compile(rf"begin learner={learner} \S+ pid=(\d+)")
        return int(
            wait_until(lambda: begun.findall(self.log()), f"{learner}'s session beginning", timeout)[-1]
        )

    def wait_for_log(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            log = self.log()
            if text in log:
                return log
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never reached the log:\n{self.log()}")

    def stop(self, number: int = signal.SIGTERM, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.send_signal(number)
        try:
            return self.process.wait(timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            for stream in (self.process.stdout, self.process.stderr):
                if stream is not None:
                    stream.close()


def stop_all(servers: list[Server]) -> None:
    for server in servers:
        server.stop(signal.SIGKILL if server.process.poll() is None else signal.SIGTERM, timeout=10)
        _kill_leftover_sessions(server.class_dir)


def _kill_leftover_sessions(class_dir: Path) -> None:
    """A warm parent or session left by a killed server (whose own sessions end on hang-up): stop it."""
    for process in Path("/proc").iterdir():
        if not process.name.isdigit():
            continue
        try:
            if Path(process, "cwd").resolve() == class_dir.resolve():
                os.kill(int(process.name), signal.SIGKILL)
        except (OSError, ValueError):
            continue


def enrol_into(class_dir: Path, home: Path, name: str, teacher: bool = False) -> Path:
    """A new key enrolled with ``gdtutor class add``; its private key's path."""
    key = make_key(home, name)
    teacher_flag = ["--teacher"] if teacher else []
    result = gdtutor("class", "add", "--class", str(class_dir), name, f"{key}.pub", *teacher_flag)
    assert result.returncode == 0, result.stderr
    return key


def wait_until(condition, what: str, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"{what} never happened")
