"""One pass over the regression tiles with BLAS bounded to one thread, against OpenBLAS's own choice.

Run:  python benchmarks/bench_threads.py [--rounds 15]   (prints ratios, exits 0; not part of the test run)

At m = 100,000 rows and n = 1, 2 and 10 features, with a busy loop holding the other core (as another
learner's process or a test run would), each round times PASSES passes of gdtutor.core.tiles (the
residuals and Σx⁺·r, the work of one direct iteration) twice: the baseline with BLAS free to use its
threads (as before the bound), the subject as gdtutor ships it (gdtutor.core.threads bounds BLAS to one
thread around the per-tile calls). There is no target number: the bound must win at n = 1 and 2 and cost
next to nothing at n = 10, where OpenBLAS stays on one thread anyway.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

import numpy as np
from pairs import blas_description, interleave, machine_load, report, timed

from gdtutor.core import tiles

M = 100_000
PASSES = 20
BUSY_SECONDS = 600  # the busy loop ends by itself even if this script is killed


def passes(grid: tiles.Tiles, extended: np.ndarray, bounded: bool) -> None:
    saved = tiles.THREADED_TILE_SIZE
    tiles.THREADED_TILE_SIZE = saved if bounded else 1 << 62
    try:
        for _ in range(PASSES):
            grid.squares_and_products(extended)
    finally:
        tiles.THREADED_TILE_SIZE = saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    print(blas_description())
    print(machine_load())
    loop = f"import time\nend = time.time() + {BUSY_SECONDS}\nwhile time.time() < end: pass"
    busy = subprocess.Popen([sys.executable, "-c", loop])
    try:
        rng = np.random.default_rng(5)
        for n in (1, 2, 10):
            X = rng.normal(size=(M, n))
            y = X.sum(axis=1) + rng.normal(size=M)
            grid = tiles.Tiles(X, y)
            extended = np.append(rng.normal(size=n + 1), -1.0)
            pairs = interleave(
                timed(lambda grid=grid, extended=extended: passes(grid, extended, bounded=False)),
                timed(lambda grid=grid, extended=extended: passes(grid, extended, bounded=True)),
                rounds,
            )
            report(
                f"m = {M:,}, n = {n}: {PASSES} passes over the tiles, other core busy",
                "BLAS threads left to OpenBLAS",
                pairs,
            )
    finally:
        busy.kill()
        busy.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
