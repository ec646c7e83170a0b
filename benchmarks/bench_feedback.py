"""Enter to feedback in a real terminal: gdtutor's lesson screen beside a bare echo app of the same size.

Run:  python benchmarks/bench_feedback.py [--rounds 3] [--gdtutor PROGRAM]   (prints ratios, exits 0; not
part of the test run; --gdtutor times another tree's program, for a before/after)

Both programs run in detached 80×24 tmux sessions, side by side. Baseline: a bare Textual app whose
Enter copies an Input into a Static. Subject: `gdtutor descent-on-theta-squared`, answering the
lesson's questions (a derivative, values of θ and of the step; one answer is a mistake). For each
answer, typed first and then Enter sent, the script measures
  - wall: from Enter until the pane shows something new (the feedback, or the echo);
  - CPU: the process's CPU time (all its threads, from /proc/PID/task/*/schedstat) from just before
    Enter until the screen has not changed for SETTLE seconds, so a plot redrawn after the feedback is
    counted. Target: CPU per answer ≤ 2× the bare app's.
Each answer is typed a key at a time first, and the CPU of each key until the screen settles is taken too
(typing is most of what a class of learners does on a served tutor; the issue sets no target for it).
The two programs take turns answer by answer, the order alternating; ratios are per pair. The answers
start once gdtutor is idle: the check of every lesson, which starts 1.5 s after start-up in a thread, would
otherwise land in the first answers' CPU.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import bench_startup
from bench_startup import gdtutor
from pairs import Pairs, compile_gdtutor, machine_load, report
from tmux_session import TmuxSession, base_env, cpu_seconds

LESSON = "descent-on-theta-squared"
ANSWERS = ("2*theta", "6", "0.6", "3.6", "2.4")  # right, right, right, a mistake, right
SETTLE = 0.3
KEY_SETTLE = 0.15  # a key changes the answer box alone: it is drawn within a frame or two
CHECK_STARTED = 2.5  # s after the lesson showed: the check of every lesson has started by then
ECHO_APP = """
from textual.app import App
from textual.widgets import Input, Static


class Echo(App):
    def compose(self):
        yield Static("Ready", id="echo")
        yield Input(id="answer")

    def on_input_submitted(self, event):
        self.query_one("#echo", Static).update("You said " + event.value)
        event.input.value = ""


Echo().run()
"""


def wait_until_idle(pid: int, quiet: float = 0.01, window: float = 0.5, timeout: float = 30.0) -> None:
    """Until the process uses less than ``quiet`` s of CPU in ``window`` s (at least one window)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        before = cpu_seconds(pid)
        time.sleep(window)
        if cpu_seconds(pid) - before < quiet:
            return


def settled(session: TmuxSession, screen: str, quiet: float) -> None:
    """Until the pane has not changed for ``quiet`` seconds (``screen``: what it showed last)."""
    last_change = time.perf_counter()
    while time.perf_counter() - last_change < quiet:
        time.sleep(0.01)
        current = session.screen()
        if current != screen:
            screen, last_change = current, time.perf_counter()


def type_keys(session: TmuxSession, pid: int, text: str) -> list[float]:
    """Type ``text`` a key at a time; the CPU of each key until the pane has shown it and settled."""
    cpus = []
    for key in text:
        before, cpu_before = session.screen(), cpu_seconds(pid)
        session.type(key)
        deadline = time.perf_counter() + 10
        while (screen := session.screen()) == before and time.perf_counter() < deadline:
            time.sleep(0.002)
        settled(session, screen, KEY_SETTLE)
        cpus.append(cpu_seconds(pid) - cpu_before)
    return cpus


def answer(session: TmuxSession, pid: int, text: str) -> tuple[float, float, list[float]]:
    """Type ``text`` a key at a time, press Enter; returns (wall to the first change, CPU until settled, the
    CPU of each key)."""
    keys = type_keys(session, pid, text)
    deadline = time.perf_counter() + 10
    while text not in session.screen() and time.perf_counter() < deadline:
        time.sleep(0.005)
    time.sleep(SETTLE)
    before = session.screen()
    cpu_before = cpu_seconds(pid)
    started = time.perf_counter()
    session.send("Enter")
    while (screen := session.screen()) == before:
        time.sleep(0.002)
    wall = time.perf_counter() - started
    settled(session, screen, SETTLE)
    return wall, cpu_seconds(pid) - cpu_before, keys


def one_round(
    echo_script: Path, data_dir: Path, walls: Pairs, cpus: Pairs, keys: Pairs, round_number: int
) -> None:
    env = base_env(data_dir)
    with (
        TmuxSession([sys.executable, str(echo_script)], env) as bare,
        TmuxSession([gdtutor(), LESSON], env) as ours,
    ):
        bare.start()
        ours.start()
        bare.wait_for("Ready", timeout=60)
        shown = ours.wait_for("step 1/", timeout=60)
        ours.send("Enter")  # past the first step, which is reading
        ours.wait_for("step 2/", timeout=30)
        bare_pid, our_pid = bare.program_pid(), ours.program_pid()
        # The start-up's own work (the check of every lesson, started CHECK_UNDER_A_LESSON_SECONDS after the
        # lesson opens) is not an answer's: quiet is waited for once it has started. A gdtutor idle sooner
        # after step 2 would otherwise have that check (about 0.2 s of CPU) land on its first answer.
        time.sleep(max(0.0, shown + CHECK_STARTED - time.perf_counter()))
        wait_until_idle(our_pid)
        for index, text in enumerate(ANSWERS):
            if (index + round_number) % 2:
                our_wall, our_cpu, our_keys = answer(ours, our_pid, text)
                bare_wall, bare_cpu, bare_keys = answer(bare, bare_pid, text)
            else:
                bare_wall, bare_cpu, bare_keys = answer(bare, bare_pid, text)
                our_wall, our_cpu, our_keys = answer(ours, our_pid, text)
            keys.baseline.extend(bare_keys)
            keys.subject.extend(our_keys)
            walls.baseline.append(bare_wall)
            walls.subject.append(our_wall)
            cpus.baseline.append(bare_cpu)
            cpus.subject.append(our_cpu)
        bare.send("C-q")
        ours.send("C-q")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--gdtutor", help="the program to time (default: the installed gdtutor)")
    options = parser.parse_args()
    rounds = options.rounds
    bench_startup.OPTIONS.gdtutor = options.gdtutor
    print(machine_load())
    compile_gdtutor()
    walls, cpus, keys = Pairs([], []), Pairs([], []), Pairs([], [])
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        echo_script = work / "echo_app.py"
        echo_script.write_text(ECHO_APP)
        for round_number in range(rounds):
            one_round(echo_script, work / f"data-{round_number}", walls, cpus, keys, round_number)
    report("Enter to feedback visible (80×24, tmux), wall", "bare echo app, Enter to echo", walls)
    report("CPU per answer, until the screen settles", "bare echo app", cpus, target=2.0)
    report("CPU per key typed, until the screen settles", "bare echo app", keys)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
