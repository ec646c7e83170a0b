"""Peak memory of ``gdtutor solve`` as the number of iterations grows: it must stay flat.

Runs ``gdtutor solve --expr "theta^2" --start theta=3 --alpha 0.1 --iterations N --json`` (and the text
table) as a child process for N = 10,000 (the baseline) and N = 1,000,000, output thrown away, and reads
each child's peak resident set from ``os.wait4``. Rounds alternate between the sizes so that machine load
hits both alike (benchmarks/pairs.py). Prints both medians and the ratio peak(1e6) ÷ peak(1e4) per pair
as min/median/max; flat means a ratio near 1.0, target ≤ 1.1 (before streaming: 880 MB against 42 MB
for --json, a ratio of 21, and 101 MB against 31 MB for the table).

    python benchmarks/bench_solve_memory.py [--rounds 3] [--large 1000000]

A million iterations of the expression objective take one to five minutes per run on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

from pairs import interleave, report

BASELINE_ITERATIONS = 10_000
TARGET = 1.1  # flat: a million rows may cost at most a tenth more than ten thousand


def peak_mb(iterations: int, json_output: bool, data_dir: str) -> float:
    """The peak resident set of one solve run, in MB (MiB)."""
    command = [sys.executable, "-m", "gdtutor", "solve", "--expr", "theta^2", "--start", "theta=3"]
    command += ["--alpha", "0.1", "--iterations", str(iterations)]
    command += ["--json"] if json_output else []
    env = {**os.environ, "GDTUTOR_DATA_DIR": data_dir}
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {child.returncode}")
    return usage.ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--large", type=int, default=1_000_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        for label, json_output in (("--json", True), ("the table", False)):
            pairs = interleave(
                lambda json_output=json_output: peak_mb(BASELINE_ITERATIONS, json_output, data_dir),
                lambda json_output=json_output: peak_mb(options.large, json_output, data_dir),
                options.rounds,
                warmup=0,
            )
            report(
                f"solve {label}: peak memory at {options.large:,} iterations against {BASELINE_ITERATIONS:,}",
                f"{BASELINE_ITERATIONS:,} iterations",
                pairs,
                unit="MB",
                target=TARGET,
            )


if __name__ == "__main__":
    main()
