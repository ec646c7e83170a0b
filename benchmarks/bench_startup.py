"""Start-up to *usable* in a real terminal, against a bare Textual app's first paint; commands against numpy.

Run:  python benchmarks/bench_startup.py [--rounds 10]   (prints ratios, exits 0; not part of the test run)

Part 1, in detached 80×24 tmux sessions (one tmux server each), polling the pane every 5 ms:
  baseline  a bare Textual app with nothing extra (one Static), until its text shows;
  subjects  `gdtutor` until the picker shows the learner's progress ("steps done": the lessons are
            checked and the store is open, so Enter works), target ≤ 1.3× the baseline;
            `gdtutor descent-on-theta-squared` until the first step's prose shows (its opening words:
            the header's "step 1/" can show a frame before the prose is mounted), target ≤ 1.5×.
Part 2, as plain subprocesses timed to exit: `gdtutor --plain` (stdin empty: it lists the lessons and
stops), `gdtutor --plain descent-on-theta-squared` (the lesson's first step, then the end of input),
`gdtutor lessons` and `gdtutor solve --expr ...`, each against `python -c "import numpy"` in the same
interpreter, target ≤ 2× each.

Every subject is paired with its own baseline run, the order alternating, and the ratio is per pair.
Part 1 also reports the CPU time (user + system, all threads) each program had used when its text showed,
which the machine's other load moves less than the wall time. ``--only picker`` (or ``lesson``,
``paint``, ``commands``) runs only those rows.
``--attempts N`` starts the learner with a record of N attempts (as bench_progress.py's), so that opening
the store costs what it costs a learner with a long record.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pairs import Pairs, compile_gdtutor, interleave, machine_load, report, timed
from tmux_session import TmuxSession, base_env

BARE_MARKER = "Ready when you are"
BARE_APP = f"""
from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("{BARE_MARKER}")


Bare().run()
"""
LESSON = "descent-on-theta-squared"
LESSON_FIRST_WORDS = "Before fitting lines to data"  # the first step's prose (lessons/02-…yaml)
OPTIONS = argparse.Namespace()
ROWS = ("picker", "lesson", "paint", "commands")
WARMUP = 1
SOLVE = ["solve", "--expr", "theta^2", "--start", "theta=3", "--alpha", "0.1", "--iterations", "10"]


def gdtutor() -> str:
    if OPTIONS.gdtutor:
        return OPTIONS.gdtutor
    beside_python = Path(sys.executable).with_name("gdtutor")
    found = shutil.which("gdtutor") or (str(beside_python) if beside_python.exists() else None)
    if found is None:
        raise SystemExit("gdtutor is not installed in this environment")
    return found


class UntilText:
    """Runs ``command`` in tmux until ``marker`` shows: returns the wall seconds, keeps the CPU seconds."""

    def __init__(self, command: list[str], marker: str, data_dir: Path) -> None:
        self.command, self.marker, self.data_dir = command, marker, data_dir
        self.cpu: list[float] = []

    def __call__(self) -> float:
        with TmuxSession(self.command, base_env(self.data_dir)) as session:
            started = session.start()
            seen, used = session.wait_for_with_cpu(self.marker, session.program_pid(), timeout=60)
            session.send("C-q")
        self.cpu.append(used)
        return seen - started


def run_quietly(command: list[str], data_dir: Path) -> None:
    subprocess.run(
        command, env=base_env(data_dir), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=True
    )


def long_record(data_dir: Path, attempts: int) -> None:
    """The benchmark learner's store with ``attempts`` attempts, closed cleanly as a session leaves it."""
    from bench_progress import big_record

    from gdtutor.progress.store import ProgressStore

    data_dir.mkdir(parents=True, exist_ok=True)
    big_record(data_dir, "WAL", attempts).rename(data_dir / "bench.sqlite3")
    ProgressStore.open("bench", data_dir).close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--attempts", type=int, default=0)
    parser.add_argument("--gdtutor", help="the program to time (default: the installed gdtutor)")
    parser.add_argument("--only", choices=ROWS, action="append", help="only these rows (repeatable)")
    options = parser.parse_args(namespace=OPTIONS)
    rounds = options.rounds
    print(machine_load())
    compile_gdtutor()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        bare_script = work / "bare_app.py"
        bare_script.write_text(BARE_APP)
        data_dir = work / "data"
        if options.attempts:
            long_record(data_dir, options.attempts)
            print(f"the learner's record holds {options.attempts:,} attempts")

        screens = (
            ("picker", "gdtutor: the picker with progress shown", [gdtutor()], "steps done", 1.3),
            (
                "lesson",
                f"gdtutor {LESSON}: its first step's prose shown",
                [gdtutor(), LESSON],
                LESSON_FIRST_WORDS,
                1.5,
            ),
            (
                "paint",
                "gdtutor: the picker's first paint (for reference)",
                [gdtutor()],
                "Pick a lesson",
                None,
            ),
        )
        for row, what, command, marker, target in screens:
            if options.only and row not in options.only:
                continue
            bare = UntilText([sys.executable, str(bare_script)], BARE_MARKER, data_dir)
            subject = UntilText(command, marker, data_dir)
            pairs = interleave(bare, subject, rounds, warmup=WARMUP)
            report(what, "bare Textual app's first paint", pairs, target=target)
            cpu = Pairs(bare.cpu[WARMUP:], subject.cpu[WARMUP:])
            report("  the same, CPU time used by then", "the bare app's", cpu)

        if options.only and "commands" not in options.only:
            return 0
        numpy_only = timed(lambda: run_quietly([sys.executable, "-c", "import numpy"], data_dir))
        commands = (
            ("gdtutor --plain (lists the lessons, stdin empty)", [gdtutor(), "--plain"]),
            (f"gdtutor --plain {LESSON} (its first step, then stdin ends)", [gdtutor(), "--plain", LESSON]),
            ("gdtutor lessons", [gdtutor(), "lessons"]),
            ("gdtutor solve --expr", [gdtutor(), *SOLVE]),
        )
        for what, command in commands:
            subject = timed(lambda command=command: run_quietly(command, data_dir))
            pairs = interleave(numpy_only, subject, rounds)
            report(what, 'python -c "import numpy"', pairs, target=2.0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
