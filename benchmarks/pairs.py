"""What every benchmark here shares: baseline and subject run in interleaved pairs, ratios per pair.

The machine may be shared, so a single time says little. Each round runs the baseline and the subject
back to back (which goes first alternates), and the ratio subject ÷ baseline of that pair is kept;
load that hits a round hits both sides of its ratio. ``report`` prints min/median/max of those ratios
beside both sides' median times.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Pairs:
    baseline: list[float]
    subject: list[float]

    @property
    def ratios(self) -> list[float]:
        return [s / b for b, s in zip(self.baseline, self.subject, strict=True)]


def interleave(
    baseline: Callable[[], float], subject: Callable[[], float], rounds: int, warmup: int = 1
) -> Pairs:
    """Each callable runs once and returns what it measured; alternating order, after ``warmup`` rounds."""
    for _ in range(warmup):
        baseline()
        subject()
    pairs = Pairs([], [])
    for round_number in range(rounds):
        if round_number % 2:
            s = subject()
            b = baseline()
        else:
            b = baseline()
            s = subject()
        pairs.baseline.append(b)
        pairs.subject.append(s)
    return pairs


def timed(action: Callable[[], object]) -> Callable[[], float]:
    """A callable returning the wall seconds ``action`` took."""

    def run() -> float:
        started = time.perf_counter()
        action()
        return time.perf_counter() - started

    return run


def summary(values: list[float]) -> str:
    return f"min {min(values):.3g} / median {statistics.median(values):.3g} / max {max(values):.3g}"


def report(
    what: str, baseline_name: str, pairs: Pairs, unit: str = "ms", target: float | None = None
) -> float:
    """Print one comparison; returns the median ratio."""
    scale = {"ms": 1e3, "s": 1.0, "MB": 1.0, "µs": 1e6}[unit]
    ratios = pairs.ratios
    median = statistics.median(ratios)
    print(f"{what}")
    print(
        f"  baseline ({baseline_name}): median {statistics.median(pairs.baseline) * scale:.2f} {unit};"
        f"  subject: median {statistics.median(pairs.subject) * scale:.2f} {unit}"
    )
    verdict = "" if target is None else f"  target <= {target:g}: {'met' if median <= target else 'NOT met'}"
    print(f"  subject/baseline per pair ({len(ratios)} pairs): {summary(ratios)}{verdict}")
    return median


def compile_gdtutor() -> None:
    """Write gdtutor's bytecode, as installing a wheel does.

    Started from a source checkout with PYTHONDONTWRITEBYTECODE set, every gdtutor process would compile
    each module it imports (about 0.3 s of CPU), while the baseline's libraries in site-packages have
    their bytecode: a cost no installed copy pays.
    """
    import compileall

    import gdtutor

    compileall.compile_dir(str(Path(gdtutor.__file__).parent), quiet=1)


def pss_mb(pid: int) -> float:
    """Proportional set size of a process in MB (shared pages split among the processes sharing them)."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no Pss for process {pid}")


def blas_description() -> str:
    """Which BLAS and which kernel numpy runs, and the OpenBLAS variables that choose it."""
    from threadpoolctl import threadpool_info

    pools = [
        f"{pool.get('internal_api')} {pool.get('version')} kernel {pool.get('architecture')}, "
        f"{pool.get('num_threads')} threads"
        for pool in threadpool_info()
        if pool.get("user_api") == "blas"
    ]
    variables = {name: os.environ.get(name) for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    return f"BLAS: {'; '.join(pools) or 'none found'}; {variables}"


def machine_load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"
