"""Peak memory of ``gdtutor solve`` as the number of iterations grows: it must stay flat.

Runs ``gdtutor solve --expr "theta^2" --start theta=3 --alpha 0.1 --iterations N --json`` (and the text
table) as a child process for N = 10,000 (the baseline) and N = 1,000,000, output thrown away, and reads
each child's peak resident set from ``os.wait4``. Rounds alternate between the sizes so that machine load
hits both alike. Prints the peaks and the ratio peak(1e6) ÷ peak(1e4) as min/median/max over the rounds;
flat means a ratio near 1.0 (before streaming, the JSON of a million rows held about 880 MB: ratio ≈ 25).

    python benchmarks/bench_solve_memory.py [--rounds 3] [--large 1000000]

A million iterations of the expression objective take one to five minutes per run on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

BASELINE_ITERATIONS = 10_000


def peak_mib(iterations: int, json_output: bool, data_dir: str) -> float:
    """The peak resident set of one solve run, in MiB."""
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


def spread(values: list[float]) -> str:
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--large", type=int, default=1_000_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        for label, json_output in (("--json", True), ("table", False)):
            small: list[float] = []
            large: list[float] = []
            for _ in range(options.rounds):
                small.append(peak_mib(BASELINE_ITERATIONS, json_output, data_dir))
                large.append(peak_mib(options.large, json_output, data_dir))
            ratios = [big / base for big, base in zip(large, small, strict=True)]
            print(f"solve {label}: peak MiB min / median / max")
            print(f"  {BASELINE_ITERATIONS:>9,} iterations: {spread(small)}")
            print(f"  {options.large:>9,} iterations: {spread(large)}")
            print(f"  ratio {options.large:,} / {BASELINE_ITERATIONS:,}: {spread(ratios)} (flat: about 1.0)")


if __name__ == "__main__":
    main()
