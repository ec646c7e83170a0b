"""A real terminal for end-to-end tests (tests/e2e, tests/server): a program in a detached tmux session
with its own tmux server (``-L`` with a unique name); the ``terminal`` fixture kills it at the end."""

import os
import shlex
import subprocess
import time


class Terminal:
    """One program in an 80×24 tmux pane: type into it and read the screen."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        return self._run(*args).stdout

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        # -u and a UTF-8 locale: the screen holds θ, ✓ and box drawing whatever the CI locale is.
        env = {**os.environ, "LC_ALL": "C.UTF-8"}
        return subprocess.run(
            ["tmux", "-u", "-L", self.socket, *args], capture_output=True, text=True, check=False, env=env
        )

    def start(self, argv: list[str], env: dict[str, str], width: int = 80, height: int = 24) -> None:
        """Run ``argv`` in a new pane; a program started before in this terminal is ended first."""
        self.stop()
        exports = " ".join(f"{name}={shlex.quote(value)}" for name, value in env.items())
        command = f"exec env {exports} {' '.join(shlex.quote(part) for part in argv)}"
        started = self._run(
            "-f", "/dev/null", "new-session", "-d", "-x", str(width), "-y", str(height), command
        )
        if started.returncode != 0:
            raise AssertionError(f"tmux could not start {argv[0]}: {started.stderr.strip()}")

    def stop(self) -> None:
        """End this terminal's tmux server and wait until it is gone.

        ``kill-server`` returns before the server has exited, and a session asked of a server still
        exiting dies with it: the next ``start`` would show an empty screen."""
        self.tmux("kill-server")
        deadline = time.monotonic() + 10
        while self._run("list-sessions").returncode == 0 and time.monotonic() < deadline:
            time.sleep(0.05)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        return self.wait_until(lambda screen: text in screen, f"{text!r} showing", timeout)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-l", "--", text)  # "--": an answer such as -2 is not an option

    def wait_until(self, condition, what: str, timeout: float = 30.0) -> str:
        """Poll the screen until ``condition(screen)`` holds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if condition(screen):
                return screen
            time.sleep(0.05)
        ended = "" if self.running() else " (the program in the terminal had ended)"
        raise AssertionError(f"{what} never happened{ended}; the screen was:\n{self.screen()}")

    def running(self) -> bool:
        return bool(self.tmux("list-panes", "-F", "#{pane_pid}").strip())

    def answer(self, text: str) -> None:
        """In the tutor: clear the answer box, type ``text``, wait until it shows there, press Enter.

        ctrl+u goes only to a box that holds text, and typing waits until the box shows empty: a ctrl+u
        still queued behind the keystrokes would otherwise wipe them on a loaded machine."""
        if "your answer, then Enter" not in self.screen():
            self.keys("C-u")
            self.wait_for("your answer, then Enter")
        self.type(text)
        self.wait_for(f"▊  {text}")
        self.keys("Enter")

    def wait_for_exit(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while self.running():
            if time.monotonic() > deadline:
                raise AssertionError(f"the program did not exit; the screen was:\n{self.screen()}")
            time.sleep(0.05)
