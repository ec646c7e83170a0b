"""How close one gradient-descent iteration comes to the memory-bandwidth limit, and how much numpy buys.

Run:  python benchmarks/bench_descent.py        (prints ratios, exits 0; not part of the test run)

1. One iteration of batch gradient descent on linear regression at m = 1,000,000 rows, n = 10 features.
   The iteration must read X (8·m·n bytes) and y (8·m bytes) at least once: 88 MB. The ideal time is
   those bytes divided by the copy bandwidth measured in the same run (np.copyto of an array as large
   as X, best of several, counting the bytes copied once), and the ratio reported is ideal ÷ actual
   (target ≥ 0.8). A stricter ratio against a read-only pass (np.max over the same bytes) is printed
   too, since a copy also writes. gdtutor reads its tiles of [1, x1 … xn, y] once (gdtutor.core.tiles):
   (n + 2)·8·m = 96 MB. For comparison the script times layouts gdtutor did not choose: whole-array
   passes over row-major X and over feature-major X (each reads X twice; the big BLAS calls may use
   several threads, which helps on an idle machine and hurts on a busy one), and row-major X in blocks.
2. The speed-up of gdtutor's vectorised iteration over a plain-Python loop doing the same work (cost,
   gradient, update) at m = 10,000 (target ≥ 100×).

OPENBLAS_CORETYPE may be set on this machine, which forces a slower OpenBLAS kernel for numpy. When it
is set, the script measures as-is and then runs itself again with it unset (for that run only) and prints
both. The machine may be shared: every time is the best of several runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable

import numpy as np

from gdtutor.core import tiles
from gdtutor.core.descent import gradient_descent
from gdtutor.core.objectives import LinearRegression

M_BIG, N_BIG = 1_000_000, 10
M_LOOP = 10_000
REPEATS = 7


def best_time(action: Callable[[], object], repeats: int = REPEATS) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def time_per_iteration(regression: LinearRegression, theta: np.ndarray, iterations: int) -> float:
    """Seconds per update of gradient_descent: a run of N updates minus a run of none (the start)."""
    run = best_time(lambda: gradient_descent(regression, theta, 1e-3, iterations))
    start_only = best_time(lambda: gradient_descent(regression, theta, 1e-3, 0))
    return (run - start_only) / iterations


def copy_bandwidth(nbytes: int) -> float:
    source = np.random.default_rng(0).random(nbytes // 8)
    target = np.empty_like(source)
    np.copyto(target, source)
    return source.nbytes / best_time(lambda: np.copyto(target, source))


def row_major_two_passes(X: np.ndarray, y: np.ndarray, theta: np.ndarray) -> np.ndarray:
    r = X @ theta[1:] + theta[0] - y
    return np.concatenate([[r.sum()], X.T @ r])


def feature_major_two_passes(features: np.ndarray, y: np.ndarray, theta: np.ndarray) -> np.ndarray:
    r = theta[1:] @ features + theta[0] - y
    return np.concatenate([[r.sum()], features @ r])


def row_major_blocked(X: np.ndarray, y: np.ndarray, theta: np.ndarray, rows: int = 4096) -> np.ndarray:
    gradient = np.zeros(theta.size)
    for start in range(0, len(y), rows):
        block = X[start : start + rows]
        r = block @ theta[1:] + theta[0] - y[start : start + rows]
        gradient[0] += r.sum()
        gradient[1:] += block.T @ r
    return gradient


def python_loop_iteration(
    rows: list[list[float]], ys: list[float], theta: list[float]
) -> tuple[float, list[float]]:
    """The same work as one traced iteration (cost, gradient, update), one example at a time."""
    m = len(ys)
    squares = 0.0
    gradient = [0.0] * len(theta)
    for features, y in zip(rows, ys, strict=True):
        h = theta[0]
        for weight, x in zip(theta[1:], features, strict=True):
            h += weight * x
        error = h - y
        squares += error * error
        gradient[0] += error
        for j, x in enumerate(features, start=1):
            gradient[j] += error * x
    return squares / (2 * m), [theta_j - 0.01 * g / m for theta_j, g in zip(theta, gradient, strict=True)]


def bandwidth_part(rng: np.random.Generator) -> None:
    X = rng.normal(size=(M_BIG, N_BIG))
    y = rng.normal(size=M_BIG)
    theta = rng.normal(size=N_BIG + 1)
    must_read = X.nbytes + y.nbytes
    bandwidth = copy_bandwidth(X.nbytes)
    read_bandwidth = X.nbytes / best_time(X.max)
    ideal = must_read / bandwidth
    strict_ideal = must_read / read_bandwidth
    tiles_read = (N_BIG + 2) * 8 * M_BIG
    print(f"m = {M_BIG:,}, n = {N_BIG}: one iteration must read X and y once = {must_read / 1e6:.0f} MB")
    print(
        f"copy bandwidth (np.copyto of {X.nbytes / 1e6:.0f} MB, best of {REPEATS}): "
        f"{bandwidth / 1e9:.2f} GB/s  -> ideal time {ideal * 1e3:.2f} ms"
    )
    print(
        f"read bandwidth (np.max over the same bytes): {read_bandwidth / 1e9:.2f} GB/s"
        f"  -> strict ideal time {strict_ideal * 1e3:.2f} ms"
    )

    regression = LinearRegression(X, y)
    actual = time_per_iteration(regression, theta, iterations=5)
    print(f"gdtutor (tiles read once, {tiles_read / 1e6:.0f} MB): {actual * 1e3:.2f} ms per iteration")
    print(
        f"  ideal/actual = {ideal / actual:.2f} (target >= 0.80);"
        f"  strict ideal/actual = {strict_ideal / actual:.2f}"
    )
    features = np.ascontiguousarray(X.T)
    for name, method, data in (
        ("row-major, two passes", row_major_two_passes, X),
        ("feature-major, two passes", feature_major_two_passes, features),
        ("row-major, blocked", row_major_blocked, X),
    ):
        seconds = best_time(lambda method=method, data=data: method(data, y, theta))
        print(f"  for comparison, {name}: {seconds * 1e3:.2f} ms  (ideal/actual = {ideal / seconds:.2f})")
    extended = np.append(theta, -1.0)
    print(f"  tile size (gdtutor uses {tiles.TILE_BYTES // 1024} KiB):", end="")
    for tile_bytes in (1 << 17, 1 << 18, 1 << 19, 1 << 20, 1 << 21):
        grid = tiles.Tiles(X, y, tile_bytes)
        seconds = best_time(lambda grid=grid: grid.squares_and_products(extended), repeats=5)
        print(f"  {tile_bytes // 1024} KiB {seconds * 1e3:.2f} ms", end="")
    print()


def loop_part(rng: np.random.Generator) -> None:
    for n in (1, N_BIG):
        X = rng.normal(size=(M_LOOP, n))
        y = rng.normal(size=M_LOOP)
        theta = rng.normal(size=n + 1)
        regression = LinearRegression(X, y)
        numpy_time = time_per_iteration(regression, theta, iterations=50)
        rows, ys, start = X.tolist(), y.tolist(), theta.tolist()
        loop_time = best_time(
            lambda rows=rows, ys=ys, start=start: python_loop_iteration(rows, ys, start), repeats=3
        )
        loop_cost, loop_theta = python_loop_iteration(rows, ys, start)
        trace = gradient_descent(regression, theta, 0.01, 1)
        np.testing.assert_allclose([loop_cost, *loop_theta], [trace.costs[0], *trace.thetas[1]])
        print(
            f"m = {M_LOOP:,}, n = {n:>2}: python loop {loop_time * 1e3:8.2f} ms,"
            f" gdtutor {numpy_time * 1e3:6.3f} ms"
            f"  -> speed-up {loop_time / numpy_time:,.0f}x  (target >= 100x)"
        )


def main() -> int:
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    print(f"OPENBLAS_CORETYPE = {coretype!r}")
    rng = np.random.default_rng(2014)
    bandwidth_part(rng)
    loop_part(rng)
    if coretype is not None and "--as-is-only" not in sys.argv:
        print("\nagain with OPENBLAS_CORETYPE unset, for this run only:")
        environment = {key: value for key, value in os.environ.items() if key != "OPENBLAS_CORETYPE"}
        subprocess.run([sys.executable, __file__, "--as-is-only"], env=environment, check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
