"""A program running in a detached tmux session of a fixed size, for benchmarks that need a real terminal.

Each session uses its own tmux server (``-L``), which is killed on exit, so runs never share state.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path


class TmuxSession:
    def __init__(
        self,
        command: Sequence[str],
        env: Mapping[str, str],
        width: int = 80,
        height: int = 24,
        term: str = "xterm-256color",
    ) -> None:
        self.socket = f"gdtutor-bench-{uuid.uuid4().hex[:10]}"
        self.command = command
        self.env = dict(env)
        self.size = (width, height)
        self.term = term

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-u", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=False,
            env={**self.env, "LC_ALL": "C.UTF-8"},
        )
        return result.stdout

    def start(self) -> float:
        """Start the program; returns the moment it was started (``time.perf_counter``)."""
        passed = ("GDTUTOR_", "NO_COLOR", "COLORTERM", "PATH")
        exports = " ".join(
            f"{name}={shlex.quote(value)}" for name, value in self.env.items() if name.startswith(passed)
        )
        program = " ".join(shlex.quote(part) for part in self.command)
        width, height = self.size
        started = time.perf_counter()
        self._tmux(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            str(width),
            "-y",
            str(height),
            f"exec env TERM={self.term} {exports} {program}",
        )
        return started

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p")

    def wait_for(self, text: str, timeout: float = 20.0, poll: float = 0.005) -> float:
        """Poll the pane until ``text`` shows; returns the moment it was seen."""
        return self.wait_for_with_cpu(text, None, timeout, poll)[0]

    def wait_for_with_cpu(
        self, text: str, pid: int | None, timeout: float = 20.0, poll: float = 0.005
    ) -> tuple[float, float]:
        """``wait_for``, also giving the CPU seconds process ``pid`` had used just before the look at the
        pane that found ``text`` (at most one poll before it showed; 0.0 when ``pid`` is None)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            used = 0.0 if pid is None else cpu_seconds(pid)
            if text in self.screen():
                return time.perf_counter(), used
            time.sleep(poll)
        raise TimeoutError(f"{text!r} did not appear within {timeout} s; the screen shows:\n{self.screen()}")

    def send(self, *keys: str) -> None:
        self._tmux("send-keys", *keys)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-l", text)

    def program_pid(self) -> int:
        return int(self._tmux("list-panes", "-F", "#{pane_pid}").split()[0])

    def kill(self) -> None:
        self._tmux("kill-server")

    def __enter__(self) -> TmuxSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.kill()


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process's live threads, from /proc/PID/task/*/schedstat (nanoseconds)."""
    total = 0
    for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):  # a thread that ended meanwhile
            total += int(stat.read_text().split()[0])
    return total / 1e9


def rss_kib(pid: int) -> int:
    """Resident memory of a process in KiB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def base_env(data_dir: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name != "NO_COLOR"}
    env.update(GDTUTOR_DATA_DIR=str(data_dir), GDTUTOR_LEARNER="bench")
    return env
