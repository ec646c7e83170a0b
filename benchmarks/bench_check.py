"""Speed of a full formula check: parse the learner's answer, evaluate it and the reference at the sample
points, and diagnose it against every mistaken formula the library derives from the reference.

Run:  python benchmarks/bench_check.py        (prints times and ratios, exits 0; not part of the test run)

Target: median ≤ 2 ms per check. Baseline measured in the same run: one bare numpy evaluation of the same
reference formula, written by hand, on one data set; the ratio check ÷ baseline says how many such
evaluations a whole check costs. The answers are wrong ones that match a mistake late in the library, so
every mistaken formula is evaluated (the slowest path), plus a correct answer for comparison.

A second part times a numeric check of a descent step (``GDQuestion.check``: the expected θ, every mistaken
value of the library with its explanation, reading and grading the typed vector) on linear regression with
m = 50, against one bare numpy update θ − α·∇J written by hand.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from gdtutor.checking import GDQuestion, NumberRule, check_formula
from gdtutor.core.expr import parse
from gdtutor.core.objectives import LinearRegression

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
    numeric_check(rng)


def numeric_check(rng: np.random.Generator) -> None:
    X, y = rng.uniform(-3, 3, size=(50, 1)), rng.uniform(-3, 3, size=50)
    regression = LinearRegression(X, y)
    rule = NumberRule(decimals=3)
    theta = np.array([0.5, 1.0])

    def check() -> None:
        question = GDQuestion(
            regression, theta, 0.1, "theta", start=[0.0, 0.0], previous=[0.2, 0.4], iteration=3
        )
        question.check("0.777, 1.2", rule)

    def bare_update() -> np.ndarray:
        residuals = theta[0] + theta[1] * X[:, 0] - y
        return theta - 0.1 * np.array([residuals.mean(), (residuals * X[:, 0]).mean()])

    times = timings(check, RUNS)
    base = statistics.median(timings(bare_update, RUNS * 5))
    median, p90 = statistics.median(times), statistics.quantiles(times, n=10)[-1]
    print("numeric check of a descent step (regression, m = 50, both parameters, a wrong answer)")
    print(
        f"  check median {median * 1e3:6.3f} ms   p90 {p90 * 1e3:6.3f} ms   "
        f"median/target {median / TARGET_SECONDS:5.2f}   "
        f"bare numpy update {base * 1e6:6.2f} µs   check/bare {median / base:6.0f}"
    )


if __name__ == "__main__":
    main()
