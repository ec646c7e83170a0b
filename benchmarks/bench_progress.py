"""How much the progress store costs over bare SQLite, measured in the same run.

    python benchmarks/bench_progress.py

1. Recording an attempt: ``ProgressStore.record_attempt`` (insert, per-step state, BKT update, one
   ``BEGIN IMMEDIATE`` transaction, ``synchronous=FULL``) against a bare ``INSERT`` of the same row in its own
   transaction with the same journal and sync settings. Both pay one fsync per commit, which dominates.
2. Opening: ``ProgressStore.open`` (which runs ``PRAGMA integrity_check``) on a record of 20,000 attempts
   against a bare connect plus one query.
Each is printed for WAL and for the rollback journal used on network filesystems.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from gdtutor.progress.filesystem import Mount
from gdtutor.progress.store import Attempt, ProgressStore

WRITES = 300
BIG_RECORD = 20_000


def _mounts(journal: str) -> list[Mount]:
    return [Mount("/", "nfs")] if journal == "DELETE" else []


def _attempt(number: int) -> Attempt:
    return Attempt(
        "lesson", f"step-{number % 9}", number, "1.25", "correct", None, 0, number % 2 == 0, ("update",)
    )


def bench_writes(folder: Path, journal: str) -> tuple[float, float]:
    store = ProgressStore.open("bench", folder, mount_table=lambda: _mounts(journal))
    start = time.perf_counter()
    for number in range(WRITES):
        store.record_attempt(_attempt(number))
    store_time = (time.perf_counter() - start) / WRITES
    store.close()

    bare = sqlite3.connect(folder / "bare.sqlite3", isolation_level=None)
    bare.execute(f"PRAGMA journal_mode = {journal}")
    bare.execute("PRAGMA synchronous = FULL")
    bare.execute(
        "CREATE TABLE attempts (id INTEGER PRIMARY KEY, time, lesson_id, step_id, seed, answer, verdict)"
    )
    start = time.perf_counter()
    for number in range(WRITES):
        bare.execute("BEGIN IMMEDIATE")
        bare.execute(
            "INSERT INTO attempts (time, lesson_id, step_id, seed, answer, verdict)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            ("2026-01-01T00:00:00.000Z", "lesson", f"step-{number % 9}", number, "1.25", "correct"),
        )
        bare.execute("COMMIT")
    bare_time = (time.perf_counter() - start) / WRITES
    bare.close()
    return store_time, bare_time


def bench_open(folder: Path, journal: str) -> tuple[float, float]:
    ProgressStore.open("big", folder, mount_table=lambda: _mounts(journal)).close()
    with sqlite3.connect(folder / "big.sqlite3") as setup:  # one transaction for the set-up only
        setup.executemany(
            "INSERT INTO attempts (time, lesson_id, step_id, seed, answer, verdict, first_attempt)"
            " VALUES ('2026-01-01T00:00:00.000Z', 'lesson', ?, ?, '1.25', 'correct', 1)",
            [(f"step-{number % 9}", number) for number in range(BIG_RECORD)],
        )
    setup.close()
    start = time.perf_counter()
    ProgressStore.open("big", folder, mount_table=lambda: _mounts(journal)).close()
    store_time = time.perf_counter() - start
    start = time.perf_counter()
    with sqlite3.connect(folder / "big.sqlite3") as bare:
        bare.execute("SELECT count(*) FROM attempts").fetchone()
    bare.close()
    return store_time, time.perf_counter() - start


def main() -> None:
    for journal in ("WAL", "DELETE"):
        with tempfile.TemporaryDirectory() as folder:
            store_time, bare_time = bench_writes(Path(folder), journal)
            print(
                f"{journal:6} record_attempt {store_time * 1000:7.2f} ms,"
                f" bare insert {bare_time * 1000:7.2f} ms: ratio {store_time / bare_time:5.2f}"
            )
        with tempfile.TemporaryDirectory() as folder:
            store_time, bare_time = bench_open(Path(folder), journal)
            print(
                f"{journal:6} open with {BIG_RECORD} attempts {store_time * 1000:7.2f} ms,"
                f" bare open {bare_time * 1000:7.2f} ms: ratio {store_time / bare_time:5.2f}"
            )


if __name__ == "__main__":
    main()
