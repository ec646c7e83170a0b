"""Plain-mode Markdown in linear time: adversarial runs of markers in a lesson's prose stay cheap.

The emphasis and link loop once made a 494 KB lesson take 260 s to show (20 KB of ``_*[![`` took 5.8 s).
The inputs here are small enough that the old code would take minutes, and the new code well under a
second; benchmarks/bench_markdown.py prints the time ratios properly."""

from __future__ import annotations

import time

import pytest

from gdtutor.plain.markdown import markdown_lines


def _seconds(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        markdown_lines(text)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("pattern", ["_*[![", "**a", "_a ", "[a](", "` ``"])
def test_adversarial_markers_render_in_linear_time(pattern):
    large = (pattern * 40_000)[:200_000]
    small = large[:20_000]
    large_seconds = _seconds(large)
    assert large_seconds < 3, f"200 KB of {pattern!r} took {large_seconds:.2f} s"
    # Linear growth gives about 10 for 10 times the input; the quadratic loop gave about 100.
    assert large_seconds / max(_seconds(small), 1e-3) < 40


def test_linear_rendering_keeps_the_meaning_of_the_markers():
    text = "**bold *and* it** [see](https://e.org) `a*b_c` h_θ(x) ![alt](p.png) \\*lit\\* __u__ _v_"
    assert markdown_lines(text) == ["bold and it see (https://e.org) a*b_c h_θ(x) alt (p.png) *lit* u v"]
