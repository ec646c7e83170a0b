"""SIGTERM and SIGHUP sent to the installed gdtutor in a real terminal (tmux): the terminal is left sane
(canonical mode, echo, the cursor shown, the main screen, no mouse reporting), the exit status is
128 + the signal, and the learner's store is whole with every acknowledged answer."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import closing
from pathlib import Path

import pytest

from gdtutor.progress.learner import database_path

LEARNER = "signalled"
LESSON = "descent-on-theta-squared"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


class Pane:
    def __init__(self) -> None:
        self.socket = f"gdtutor-signals-{uuid.uuid4().hex[:8]}"

    def tmux(self, *args: str) -> str:
        env = {**os.environ, "LC_ALL": "C.UTF-8"}
        return subprocess.run(
            ["tmux", "-u", "-L", self.socket, *args], capture_output=True, text=True, check=False, env=env
        ).stdout

    def start_shell(self) -> None:
        self.tmux("-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24", "sh")

    def run(self, command: str) -> None:
        self.tmux("send-keys", "-l", command)
        self.tmux("send-keys", "Enter")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def flag(self, name: str) -> str:
        return self.tmux("display-message", "-p", f"#{{{name}}}").strip()

    def wait_for(self, text: str, seconds: float = 60) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never showed; the screen:\n{self.screen()}")

    def gdtutor_pid(self) -> int:
        shell = int(self.flag("pane_pid"))
        children = subprocess.run(["pgrep", "-P", str(shell)], capture_output=True, text=True).stdout.split()
        assert children, "gdtutor is not running in the pane"
        return int(children[0])

    def kill(self) -> None:
        self.tmux("kill-server")


@pytest.fixture
def pane():
    made = Pane()
    made.start_shell()
    yield made
    made.kill()


def _gdtutor() -> str:
    beside = Path(sys.executable).with_name("gdtutor")
    return str(beside) if beside.exists() else "gdtutor"


def _integrity(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("front_end", ["app", "plain"])
def test_a_signal_leaves_the_terminal_sane_and_the_store_whole(pane, tmp_path, signum, front_end):
    env = f"GDTUTOR_DATA_DIR={shlex.quote(str(tmp_path))} GDTUTOR_LEARNER={LEARNER} TERM=xterm-256color"
    plain = " --plain" if front_end == "plain" else ""
    pane.run(f"{env} {shlex.quote(_gdtutor())}{plain} {LESSON}; echo EXIT=$?")
    pane.wait_for("Step 1 of 9" if plain else "step 1/9")
    if front_end == "app":
        pane.tmux("send-keys", "Enter")  # an action: the store has written
        pane.wait_for("step 2/9")
    else:
        pane.run("")
        pane.wait_for("Step 2 of 9")
    os.kill(pane.gdtutor_pid(), signum)
    pane.wait_for(f"EXIT={128 + signum}", seconds=30)
    pane.run(
        "clear; stty -a | tr ';' '\\n' | grep -E '^ *-?(icanon|echo) ' ; stty -a | grep -o -- '-\\?icanon'"
    )
    time.sleep(0.5)
    settings = pane.screen()
    assert "-icanon" not in settings and "icanon" in settings, settings
    assert "-echo " not in settings, settings
    assert pane.flag("cursor_flag") == "1"  # the cursor is shown
    assert pane.flag("alternate_on") == "0"  # back on the main screen
    assert pane.flag("mouse_any_flag") == "0" and pane.flag("mouse_button_flag") == "0"
    path = database_path(LEARNER, tmp_path)
    assert _integrity(path) == "ok"
    with closing(sqlite3.connect(path)) as connection:
        current = connection.execute("SELECT current_step FROM lesson_state").fetchall()
    assert current and current[0][0] is not None


def test_the_app_ends_and_leaves_the_store_whole_when_its_terminal_goes_away(pane, tmp_path):
    env = f"GDTUTOR_DATA_DIR={shlex.quote(str(tmp_path))} GDTUTOR_LEARNER={LEARNER} TERM=xterm-256color"
    pane.run(f"{env} {shlex.quote(_gdtutor())} {LESSON}")
    pane.wait_for("step 1/9")
    pid = pane.gdtutor_pid()
    pane.kill()  # the terminal itself goes away: the kernel hangs up on the process
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        os.kill(pid, signal.SIGKILL)
        pytest.fail("gdtutor kept running after its terminal went away")
    assert _integrity(database_path(LEARNER, tmp_path)) == "ok"


def _threads_once_settled(pid: int, quiet_seconds: float = 2.0) -> set[str]:
    """The process's threads once none has started or ended for ``quiet_seconds``."""
    threads, since = set(os.listdir(f"/proc/{pid}/task")), time.monotonic()
    deadline = since + 60
    while time.monotonic() - since < quiet_seconds and time.monotonic() < deadline:
        time.sleep(0.1)
        now = set(os.listdir(f"/proc/{pid}/task"))
        if now != threads:
            threads, since = now, time.monotonic()
    return threads


def test_a_sigcont_the_app_did_not_ask_for_starts_nothing_and_the_app_still_quits(pane, tmp_path):
    """The kernel sends SIGCONT with every hang-up; arriving as the app quits, it used to start an input
    thread that nothing stopped, spinning on the dead terminal and keeping the process alive."""
    env = f"GDTUTOR_DATA_DIR={shlex.quote(str(tmp_path))} GDTUTOR_LEARNER={LEARNER} TERM=xterm-256color"
    pane.run(f"{env} {shlex.quote(_gdtutor())} {LESSON}; echo EXIT=$?")
    pane.wait_for("step 1/9")
    pid = pane.gdtutor_pid()
    time.sleep(2)  # the check of every lesson starts 1.5 s after the lesson shows, on a thread of its own
    threads = _threads_once_settled(pid)
    os.kill(pid, signal.SIGCONT)
    time.sleep(1)
    assert _threads_once_settled(pid, quiet_seconds=1.0) == threads  # no second input thread
    pane.tmux("send-keys", "Enter")  # the app goes on as before
    pane.wait_for("step 2/9")
    pane.tmux("send-keys", "C-q")
    pane.wait_for("EXIT=0", seconds=30)


@pytest.mark.parametrize("saving", [True, False], ids=["saving", "not-saving"])
def test_a_session_stopped_without_saving_every_answer_says_so_in_its_exit_status(tmp_path, saving):
    from processes import plain_tutor_past_the_reading, read_until

    from gdtutor.stopping import STOPPED_UNSAVED

    if not saving:  # a record from a newer gdtutor is refused: the answers are kept in memory only
        with closing(sqlite3.connect(database_path(LEARNER, tmp_path))) as connection:
            connection.execute("PRAGMA user_version = 999")
    env = {**os.environ, "GDTUTOR_DATA_DIR": str(tmp_path), "GDTUTOR_LEARNER": LEARNER}
    tutor = plain_tutor_past_the_reading(LESSON, env)  # Enter past the reading: an action to record
    read_until(tutor, "Step 2 of 9")
    tutor.send_signal(signal.SIGTERM)
    tutor.communicate(timeout=30)
    # a server tells the learner their progress is saved only for the first (see gdtutor.server.service)
    assert tutor.returncode == (128 + signal.SIGTERM if saving else STOPPED_UNSAVED)
