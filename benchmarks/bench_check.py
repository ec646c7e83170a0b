"""Speed of a full formula check: parse the learner's answer, evaluate it and the reference at the sample
points, and diagnose it against every mistaken formula the library derives from the reference.

Run:  python benchmarks/bench_check.py        (prints times and ratios, exits 0; not part of the test run)

Target: median ≤ 2 ms per check. Baseline measured in the same run: one bare numpy evaluation of the same
reference formula, written by hand, on one data set; the ratio check ÷ baseline says how many such
evaluations a whole check costs. The answers are wrong ones that match a mistake late in the library, so
every mistaken formula is evaluated (the slowest path), plus a correct answer for comparison.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from gdtutor.checking import check_formula
from gdtutor.core.expr import parse

TARGET_SECONDS = 2e-3
RUNS = 400

CASES = [
    # (what is asked, reference, answer typed, hand-written numpy reference)
    ("∂J/∂θ₁, wrong: missing-x", "(1/m)*sum((h - y)*x)", "1/m*sum(h - y)", "gradient"),
    ("∂J/∂θ₁, right", "(1/m)*sum((h - y)*x)", "sum(x*(theta0 + theta1 x - y))/m", "gradient"),
    ("update rule, wrong: missing-x", "theta1 - alpha*(1/m)*sum((h - y)*x)", "θ₁ − α/m·Σ(h − y)", "update"),
    ("dJ/dθ of θ², wrong: factor-two", "2*theta", "theta", "square"),
]


def bare(kind: str, theta0: float, theta1: float, alpha: float, x: np.ndarray, y: np.ndarray) -> float:
    if kind == "gradient":
        return float(np.sum((theta0 + theta1 * x - y) * x) / x.size)
    if kind == "update":
        return float(theta1 - alpha * np.sum((theta0 + theta1 * x - y) * x) / x.size)
    return 2 * theta1


def timings(function, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    rng = np.random.default_rng(0)
    x, y = rng.uniform(-3, 3, size=6), rng.uniform(-3, 3, size=6)
    print(f"full formula check, median of {RUNS} runs (target ≤ {TARGET_SECONDS * 1e3:.0f} ms)")
    for label, reference_text, answer, kind in CASES:
        reference = parse(reference_text)
        verdict = check_formula(answer, reference)
        check = timings(lambda answer=answer, reference=reference: check_formula(answer, reference), RUNS)
        baseline = timings(lambda kind=kind: bare(kind, 0.5, -1.2, 0.1, x, y), RUNS * 5)
        median, p90 = statistics.median(check), statistics.quantiles(check, n=10)[-1]
        base = statistics.median(baseline)
        print(f"{label}  ->  {verdict.status} {verdict.mistake or ''}")
        print(
            f"  check median {median * 1e3:6.3f} ms   p90 {p90 * 1e3:6.3f} ms   "
            f"median/target {median / TARGET_SECONDS:5.2f}   "
            f"bare numpy evaluation {base * 1e6:6.2f} µs   check/bare {median / base:6.0f}"
        )


if __name__ == "__main__":
    main()
