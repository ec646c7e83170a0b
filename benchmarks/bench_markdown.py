"""Plain-mode Markdown on adversarial input: time grows with the input's size, not its square.

For each pattern (long runs of ``_``, ``*``, ``![``, ``[``, backticks, and unclosed links), the
rendering of a 10× larger input is timed against the 10× smaller one in interleaved pairs. Linear time
gives a ratio near 10 (a little above on a busy machine); the quadratic emphasis and link loop this
replaced gave about 100 (20 KB of ``_*[![`` took 5.8 s, 40 KB 17 s).

    python benchmarks/bench_markdown.py [--size BYTES]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pairs import interleave, report, timed

from gdtutor.plain.markdown import markdown_lines

PATTERNS = ["_*[![", "**a", "_a ", "*", "[", "![", "[a](", "` ``", "\\*", "__x"]


def text_of(pattern: str, size: int) -> str:
    return (pattern * (size // len(pattern) + 1))[:size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000, help="the larger input, in characters")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    small = args.size // 10
    print(f"markdown_lines on {args.size:,} characters against {small:,} (linear: ratio ≈ 10)\n")
    for pattern in PATTERNS:
        small_text, large_text = text_of(pattern, small), text_of(pattern, args.size)
        pairs = interleave(
            timed(lambda text=small_text: markdown_lines(text)),
            timed(lambda text=large_text: markdown_lines(text)),
            rounds=args.rounds,
        )
        report(f"pattern {pattern!r}", f"{small:,} chars", pairs, unit="ms", target=20)


if __name__ == "__main__":
    main()
