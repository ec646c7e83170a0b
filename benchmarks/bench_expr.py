"""The expression engine against Python's own parser and hand-written numpy, in interleaved pairs.

Run:  python benchmarks/bench_expr.py [--rounds 15]   (prints ratios, exits 0; not part of the test run)

For three typical learner formulas:
  - parsing: gdtutor's parser (Unicode normalised, h expanded, names checked) against ``ast.parse`` of
    the same formula written in Python syntax;
  - evaluation at one point: the tree walk against a hand-written numpy function of the same formula.
Each sample is the mean of a few hundred calls; the two sides of a pair run back to back. What a whole
answer check costs is measured by bench_check.py, not here.
"""

from __future__ import annotations

import argparse
import ast
import timeit

import numpy as np
from pairs import interleave, machine_load, report

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


def mean_of(function, number: int):
    return lambda: timeit.timeit(function, number=number) / number


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    print(machine_load())
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=50), rng.normal(size=50)
    for text, python_text, hand_written in FORMULAS:
        pairs = interleave(
            mean_of(lambda python_text=python_text: ast.parse(python_text, mode="eval"), 300),
            mean_of(lambda text=text: parse(text), 300),
            rounds,
        )
        report(f"parse {text!r}", "ast.parse of the same formula in Python", pairs, unit="µs")
        if hand_written is None:
            continue
        expr = parse(text)
        env = {"theta": 0.7, "theta0": 0.7, "theta1": -0.7, "x": x, "y": y}
        args = (0.7,) if hand_written.__code__.co_argcount == 1 else (0.7, -0.7)
        pairs = interleave(
            mean_of(lambda hand_written=hand_written, args=args: hand_written(*args), 1000),
            mean_of(lambda expr=expr, env=env: expr.evaluate(env), 1000),
            rounds,
        )
        report(f"evaluate {text!r}", "hand-written numpy", pairs, unit="µs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
