"""A 1,000,000-row data file: gdtutor's reader against numpy.loadtxt, and a whole solve against the read.

Run:  python benchmarks/bench_data.py [--rounds 5] [--rows 1000000]   (not part of the test run)

Writes a CSV file (a header, then x1,x2,y on each line) to a temporary folder and runs, each as its own
process, in interleaved pairs:
  1. baseline `numpy.loadtxt` on the file; subject gdtutor.core.data.load_table on the same file.
     Target: ≤ 1.2× in wall time and in peak memory (the process's maximum resident set, from wait4;
     this script imports no numpy, so what each child had from it before its exec is small). CPU time
     (user + system, from wait4) is printed too: on a loaded machine it says more than wall time.
  2. baseline load_table alone; subject `gdtutor solve --data FILE --iterations 1500` (read, descend,
     print the trace). Target: ≤ 1.5× in wall time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pairs import Pairs, compile_gdtutor, interleave, machine_load, report

LOADTXT = "import sys, numpy; numpy.loadtxt(sys.argv[1], delimiter=',', skiprows=1)"
LOAD_TABLE = "import sys; from gdtutor.core.data import load_table; load_table(sys.argv[1])"


WRITE_DATA = """
import sys
import numpy as np
rows = int(sys.argv[2])
rng = np.random.default_rng(7)
X = rng.uniform(0, 10, size=(rows, 2))
y = 3.0 + X @ [2.0, -1.5] + rng.normal(size=rows)
np.savetxt(sys.argv[1], np.column_stack([X, y]), delimiter=",", fmt="%.6f", header="x1,x2,y", comments="")
"""


def write_data(path: Path, rows: int) -> None:
    # In a process of its own: this one stays small, since a child's peak memory counts what it had
    # from this process before its exec.
    subprocess.run([sys.executable, "-c", WRITE_DATA, str(path), str(rows)], check=True)


def measured(command: list[str], peaks: list[float], cpu: list[float] | None = None) -> Callable[[], float]:
    """Runs the command to its end; returns its wall seconds and appends its peak resident MB to ``peaks``
    and its CPU seconds (user + system) to ``cpu``."""

    def run() -> float:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"{command} failed with {process.returncode}")
        peaks.append(usage.ru_maxrss / 1024)
        if cpu is not None:
            cpu.append(usage.ru_utime + usage.ru_stime)
        return seconds

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    print(machine_load())
    compile_gdtutor()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data.csv"
        write_data(data, args.rows)
        print(f"{data.stat().st_size / 1e6:.0f} MB, {args.rows:,} rows of x1,x2,y")
        python = sys.executable
        gdtutor = str(Path(python).with_name("gdtutor"))
        solve = [gdtutor, "solve", "--data", str(data), "--iterations", "1500", "--alpha", "0.01"]

        loadtxt_peaks: list[float] = []
        reader_peaks: list[float] = []
        loadtxt_cpu: list[float] = []
        reader_cpu: list[float] = []
        pairs = interleave(
            measured([python, "-c", LOADTXT, str(data)], loadtxt_peaks, loadtxt_cpu),
            measured([python, "-c", LOAD_TABLE, str(data)], reader_peaks, reader_cpu),
            args.rounds,
        )
        report("gdtutor's reader, wall time", "numpy.loadtxt in its own process", pairs, unit="s", target=1.2)
        cpu = Pairs(loadtxt_cpu[1:], reader_cpu[1:])  # without the warm-up pair
        report("gdtutor's reader, CPU time (user + system)", "numpy.loadtxt", cpu, unit="s", target=1.2)
        memory = Pairs(loadtxt_peaks[1:], reader_peaks[1:])  # without the warm-up pair
        report("gdtutor's reader, peak resident memory", "numpy.loadtxt", memory, unit="MB", target=1.2)

        solve_peaks: list[float] = []
        pairs = interleave(
            measured([python, "-c", LOAD_TABLE, str(data)], []),
            measured(solve, solve_peaks),
            args.rounds,
        )
        report("gdtutor solve --data, 1,500 iterations, wall time", "load_table alone", pairs, "s", 1.5)
        print(f"  solve's peak resident memory: median {sorted(solve_peaks)[len(solve_peaks) // 2]:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
