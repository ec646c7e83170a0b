"""Speed of a full formula check: parse the learner's answer, evaluate it and the reference at the sample
points, and diagnose it against every mistaken formula the library derives from the reference.

Each case is timed twice: as an answer to a question already asked (the tutor keeps one ``FormulaCheck``
per question, and the step's prompt has checked example formulas with it before the learner types, so the
reference's and the mistakes' values at the sample points are already there), and as a first answer
(``check_formula``, which works all of that out again).

Run:  python benchmarks/bench_check.py        (prints times and ratios, exits 0; not part of the test run)

Targets: median ≤ 1 ms and p90 ≤ 2 ms per check, absolute times. So that load on a shared
machine shows, each check runs paired with its baseline, back to back, and the pair's ratio is kept:
the baseline is gdtutor's own parse of the same answer (the least any check does: a check parses the
answer, evaluates it, the reference and the mistaken formulas at the sample points, and grades). The
answers are wrong ones that match a mistake late in the library, so every mistaken formula is valued
(the slowest path), plus a correct answer for comparison.

A second part times a numeric check of a descent step (``GDQuestion.check``: the expected θ, every mistaken
value of the library with its explanation, reading and grading the typed vector) on linear regression with
m = 50, paired with reading the typed vector alone (``read_vector``).
"""

from __future__ import annotations

import statistics
import time

import numpy as np
from pairs import interleave, machine_load, summary

from gdtutor.checking import FormulaCheck, GDQuestion, NumberRule, check_formula, read_vector
from gdtutor.core.expr import parse
from gdtutor.core.objectives import LinearRegression

MEDIAN_TARGET, P90_TARGET = 1e-3, 2e-3
RUNS = 400

CASES = [
    # (what is asked, reference, answer typed)
    ("∂J/∂θ₁, wrong: missing-x", "(1/m)*sum((h - y)*x)", "1/m*sum(h - y)"),
    ("∂J/∂θ₁, right", "(1/m)*sum((h - y)*x)", "sum(x*(theta0 + theta1 x - y))/m"),
    ("update rule, wrong: missing-x", "theta1 - alpha*(1/m)*sum((h - y)*x)", "θ₁ − α/m·Σ(h − y)"),
    ("dJ/dθ of θ², wrong: factor-two", "2*theta", "theta"),
]


def timed(function):
    def run() -> float:
        start = time.perf_counter()
        function()
        return time.perf_counter() - start

    return run


def show(label: str, pairs) -> None:
    checks = pairs.subject
    median, p90 = statistics.median(checks), statistics.quantiles(checks, n=10)[-1]
    met = "met" if median <= MEDIAN_TARGET and p90 <= P90_TARGET else "NOT met"
    print(label)
    print(
        f"  check median {median * 1e3:.3f} ms, p90 {p90 * 1e3:.3f} ms"
        f" (targets 1 ms and 2 ms: {met}); baseline median {statistics.median(pairs.baseline) * 1e6:.1f} µs"
    )
    print(f"  check/baseline per pair ({len(checks)} pairs): {summary(pairs.ratios)}")


def main() -> None:
    print(machine_load())
    for label, reference_text, answer in CASES:
        reference = parse(reference_text)
        verdict = check_formula(answer, reference)
        question = FormulaCheck(reference)
        assert question.check(answer) == verdict
        print(f"{label}  ->  {verdict.status} {verdict.mistake or ''} (baseline: parsing the answer)")
        pairs = interleave(
            timed(lambda answer=answer: parse(answer)),
            timed(lambda answer=answer, question=question: question.check(answer)),
            RUNS,
            20,
        )
        show("  an answer to a question (FormulaCheck.check)", pairs)
        pairs = interleave(
            timed(lambda answer=answer: parse(answer)),
            timed(lambda answer=answer, reference=reference: check_formula(answer, reference)),
            RUNS,
            warmup=20,
        )
        show("  a first answer (check_formula)", pairs)
    numeric_check(np.random.default_rng(0))


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

    pairs = interleave(timed(lambda: read_vector("0.777, 1.2", 2)), timed(check), RUNS, warmup=20)
    show("numeric check of a descent step (regression, m = 50, a wrong answer; baseline: reading it)", pairs)


if __name__ == "__main__":
    main()
