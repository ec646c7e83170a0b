"""Memory of a gdtutor session in a real terminal as PSS, against a bare Textual app in the same run.

Run:  python benchmarks/bench_memory.py [--rounds 2]   (prints ratios, exits 0; not part of the test run)

Runs ``gdtutor`` in an 80×24 tmux session, opens the lesson on θ², answers five questions (one wrong),
goes back to the list and opens the first lesson (a data set with its fitted-line plot), and reads the
process's proportional set size (PSS: shared pages split among the processes that share them, so shared
libraries are not counted whole) from /proc/PID/smaps_rollup. Baseline: the bare Textual app of
bench_startup.py, measured the same way once its screen shows. Target: at most 80 MB.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench_startup import BARE_APP, BARE_MARKER, gdtutor
from pairs import compile_gdtutor, interleave, pss_mb, report
from tmux_session import TmuxSession, base_env

FIRST_LESSON = "descent-on-theta-squared"


def bare_app(data_dir: Path, script: Path) -> float:
    with TmuxSession([sys.executable, str(script)], base_env(data_dir)) as session:
        session.start()
        session.wait_for(BARE_MARKER, timeout=60)
        time.sleep(0.5)
        return pss_mb(session.program_pid())


def gdtutor_session(data_dir: Path) -> float:
    with TmuxSession([gdtutor(), FIRST_LESSON], base_env(data_dir)) as session:
        session.start()
        session.wait_for("step 1/", timeout=60)
        session.send("Enter")  # past the reading
        session.wait_for("step 2/")
        for answer in ("2*theta", "6", "0.6", "3.6", "2.4"):  # right, right, right, a mistake, right
            session.type(answer)
            session.send("Enter")
            time.sleep(0.4)
        session.send("Escape")  # back to the lessons; open the first one, a data set with its plot
        session.wait_for("Pick a lesson")
        session.send("Home")
        session.send("Enter")
        session.wait_for("step ")
        time.sleep(1.0)
        return pss_mb(session.program_pid())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    rounds = parser.parse_args().rounds
    compile_gdtutor()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        script = work / "bare_app.py"
        script.write_text(BARE_APP)
        counter = iter(range(1_000_000))
        pairs = interleave(
            lambda: bare_app(work / f"bare-{next(counter)}", script),
            lambda: gdtutor_session(work / f"data-{next(counter)}"),
            rounds,
            warmup=0,
        )
    ours = report("gdtutor after two lessons with plots, PSS", "bare Textual app, PSS", pairs, unit="MB")
    print(f"  gdtutor's PSS: {max(pairs.subject):.1f} MB at most (target: at most 80 MB); ratio {ours:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
