"""Speed of the expression engine on what the answer checker does: parse a learner's formula, then
evaluate it at a handful of random points.

Run:  python benchmarks/bench_expr.py        (prints times and ratios, exits 0; not part of the test run)

Baselines measured in the same run:
- parsing: Python's own parser (``ast.parse``) on the same formula written in Python syntax; the ratio is
  gdtutor's time ÷ ast's time (gdtutor also normalises Unicode, expands h and checks names);
- evaluation: a hand-written numpy function of the same formula; the ratio is tree walk ÷ hand-written.
- a check: parse + 5 evaluations, as a fraction of the checker's 2 ms budget (target well under 1).
Every time is the best of several repeats, since the machine may be shared.
"""

from __future__ import annotations

import ast
import timeit

import numpy as np

from gdtutor.core.expr import parse

FORMULAS = [
    # (as typed, in Python syntax, hand-written numpy)
    (
        "2(θ − 1)² + 3θ·exp(θ/2)",
        "2*(t - 1)**2 + 3*t*np.exp(t/2)",
        lambda t: 2 * (t - 1) ** 2 + 3 * t * np.exp(t / 2),
    ),
    ("(1/(2m))·Σ (θ₀ + θ₁x − y)²", "(1/(2*m))*np.sum((a + b*x - y)**2)", None),
    ("theta1^2 + 4*theta0*theta1 - 3", "b**2 + 4*a*b - 3", lambda a, b: b**2 + 4 * a * b - 3),
]


def best(function, number: int) -> float:
    return min(timeit.repeat(function, number=number, repeat=5)) / number


def _check(text: str, points: list[dict]) -> list:
    expr = parse(text)
    return [expr.evaluate(point) for point in points]


def main() -> None:
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=50), rng.normal(size=50)
    for text, python_text, hand_written in FORMULAS:
        parse_time = best(lambda text=text: parse(text), 2000)
        ast_time = best(lambda python_text=python_text: ast.parse(python_text, mode="eval"), 2000)
        expr = parse(text)
        points = [{"theta": t, "theta0": t, "theta1": -t, "x": x, "y": y} for t in rng.uniform(-2, 2, size=5)]
        eval_time = best(lambda expr=expr, env=points[0]: expr.evaluate(env), 5000)
        check_time = best(lambda text=text, points=points: _check(text, points), 500)
        print(f"{text}  ({len(text)} characters)")
        print(f"  parse      {parse_time * 1e6:7.1f} µs   ratio to ast.parse {parse_time / ast_time:5.1f}")
        line = f"  evaluate   {eval_time * 1e6:7.1f} µs"
        if hand_written is not None:
            args = (0.7,) if hand_written.__code__.co_argcount == 1 else (0.7, -0.7)
            hand_time = best(lambda hand_written=hand_written, args=args: hand_written(*args), 5000)
            line += f"   ratio to hand-written numpy {eval_time / hand_time:5.1f}"
        print(line)
        print(f"  check (parse + 5 evaluations) {check_time * 1e6:7.1f} µs = {check_time / 2e-3:.2f} of 2 ms")


if __name__ == "__main__":
    main()
