"""One gradient-descent iteration at m = 1,000,000 against a read-only pass over the same bytes.

Run:  python benchmarks/bench_descent.py [--rounds 9]   (prints ratios, exits 0; not part of the test run)

Baseline: a read-only pass (np.max) over X and y, 88 MB at n = 10: no iteration that reads the data can
be faster. Subjects, each interleaved with the baseline:
  - the direct path (LinearRegression(gram=False)): one evaluation of the cost and gradient, X and y
    read once, a tile of [1, x1 … xn, y] at a time (gdtutor.core.tiles: no copy of the data is kept);
  - gdtutor as it runs a descent: 1,500 iterations of gradient_descent on the Gram matrix
    (gdtutor.core.gram), building G included, per iteration.
Target for a descent past the bandwidth limit: an iteration well under one read of the data (< 1).

If OPENBLAS_CORETYPE or OPENBLAS_L2_SIZE is set (they force an older OpenBLAS kernel on some machines),
the script runs itself again with both unset for that run only; each run prints the kernel it used.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import numpy as np
from pairs import blas_description, interleave, machine_load, report, timed

from gdtutor.core.descent import gradient_descent
from gdtutor.core.objectives import LinearRegression

M, N = 1_000_000, 10
ITERATIONS = 1_500
OPENBLAS_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--as-is-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    print(blas_description())
    print(machine_load())
    rng = np.random.default_rng(2014)
    X = rng.normal(size=(M, N))
    y = X @ rng.normal(size=N) + rng.normal(size=M)
    theta = rng.normal(size=N + 1)

    def read_pass() -> None:
        X.max()
        y.max()

    direct = LinearRegression(X, y, gram=False)
    pairs = interleave(timed(read_pass), timed(lambda: direct.cost_and_gradient(theta)), args.rounds)
    report(f"m = {M:,}, n = {N}: one direct evaluation (X and y read once)", "np.max over X and y", pairs)

    alpha = 0.1

    def descent_per_iteration() -> float:
        regression = LinearRegression(X, y)  # not timed
        seconds = timed(lambda: gradient_descent(regression, np.zeros(N + 1), alpha, ITERATIONS))()
        return seconds / ITERATIONS

    pairs = interleave(timed(read_pass), descent_per_iteration, max(3, args.rounds // 3))
    report(
        f"m = {M:,}, n = {N}: one iteration of {ITERATIONS:,} (Gram path, G's build included)",
        "np.max over X and y",
        pairs,
        target=1.0,
    )

    if not args.as_is_only and any(name in os.environ for name in OPENBLAS_VARIABLES):
        print("\nagain with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, for this run only:")
        environment = {key: value for key, value in os.environ.items() if key not in OPENBLAS_VARIABLES}
        again = [sys.executable, __file__, "--as-is-only", "--rounds", str(args.rounds)]
        subprocess.run(again, env=environment, check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
