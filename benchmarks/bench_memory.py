"""Resident memory of a gdtutor session in a real terminal, against a bare Textual app in the same run.

Runs ``gdtutor`` in an 80×24 tmux session, opens a lesson, works through a few steps (so numpy, plotext,
the engine and the progress store are all loaded and plots drawn), opens a second lesson with a data set,
and reads VmRSS and VmHWM (the peak) of the process from /proc. The bare app (Header, Markdown, Input,
Footer) is measured the same way once its screen shows. Target: at most 80 MB.

    python benchmarks/bench_memory.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench_startup import BARE_APP, MARKER, gdtutor_command
from tmux_session import TmuxSession, base_env

FIRST_LESSON = "descent-on-theta-squared"


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for process {pid}")


def resident(pid: int) -> tuple[float, float]:
    from tmux_session import rss_kib

    return rss_kib(pid) / 1024, peak_kib(pid) / 1024


def bare_app(data_dir: Path, script: Path) -> tuple[float, float]:
    with TmuxSession([sys.executable, str(script)], base_env(data_dir)) as session:
        session.start()
        session.wait_for(MARKER)
        time.sleep(0.5)
        return resident(session.program_pid())


def gdtutor_session(data_dir: Path) -> tuple[float, float]:
    with TmuxSession([*gdtutor_command(), FIRST_LESSON], base_env(data_dir)) as session:
        session.start()
        session.wait_for("step 1/")
        session.send("Enter")  # past the reading
        session.wait_for("step 2/")
        for answer in ("2*theta", "6", "0.6", "3.6", "2.4"):  # right, right, right, a mistake, right
            session.type(answer)
            session.send("Enter")
            time.sleep(0.4)
        session.send("Escape")  # back to the lessons; open the first one, a data set with its plot
        session.wait_for(MARKER)
        session.send("Home")
        session.send("Enter")
        session.wait_for("step ")
        time.sleep(1.0)
        return resident(session.program_pid())


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        script = work / "bare_app.py"
        script.write_text(BARE_APP)
        bare_rss, bare_peak = bare_app(work / "bare-data", script)
        rss, peak = gdtutor_session(work / "data")
    print(
        f"bare Textual app (Header, Markdown, Input, Footer): RSS {bare_rss:.1f} MB, peak {bare_peak:.1f} MB"
    )
    print(f"gdtutor after two lessons with plots:               RSS {rss:.1f} MB, peak {peak:.1f} MB")
    print(f"ratio gdtutor / bare (RSS): {rss / bare_rss:.2f}; target: at most 80 MB")


if __name__ == "__main__":
    main()
