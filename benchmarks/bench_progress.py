"""How much the SQLite progress store costs over bare SQLite, in interleaved pairs (benchmarks/pairs.py).

    python benchmarks/bench_progress.py [--rounds 9]

1. Recording: ``ProgressStore.record_action`` for an answer (the attempt, the step done, the current step
   and the BKT update, in one ``BEGIN IMMEDIATE`` transaction, ``synchronous=FULL``), as the engine records
   every learner action; baseline: a bare ``INSERT`` of the same attempt row in its own transaction with the
   same journal and sync settings. Both pay one fsync per commit, which dominates. A measurement is the
   mean over a batch of writes.
2. Opening: ``ProgressStore.open`` (schema check, journal, migration, and ``PRAGMA integrity_check``
   unless the file is byte for byte the one a clean close recorded: gdtutor.progress.verified) then
   ``close`` on a record of 20,000 attempts, as a start finds it (unchanged since the last session) and
   after a change by something else (the full check runs); baseline: a bare connect, one query and close.
Each is measured for WAL and for the rollback journal used on network filesystems.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pairs import interleave, machine_load, report, timed

from gdtutor.progress.filesystem import Mount
from gdtutor.progress.store import ProgressStore
from gdtutor.progress.verified import stamp_path
from gdtutor.records import Action, Attempt

WRITES_PER_ROUND = 30
BIG_RECORD = 20_000


def _mounts(journal: str) -> Callable[[], list[Mount]]:
    return lambda: [Mount("/", "nfs")] if journal == "DELETE" else []


def _action(number: int) -> Action:
    step = f"step-{number % 9}"
    attempt = Attempt("lesson", step, number, "1.25", "correct", None, 0, number % 2 == 0, ("update",))
    return Action("lesson", f"step-{(number + 1) % 9}", attempt, (step,))


def store_writes(folder: Path, journal: str) -> Callable[[], float]:
    store = ProgressStore.open("bench", folder, mount_table=_mounts(journal))
    count = 0

    def batch() -> float:
        nonlocal count
        started = time.perf_counter()
        for _ in range(WRITES_PER_ROUND):
            store.record_action(_action(count))
            count += 1
        return (time.perf_counter() - started) / WRITES_PER_ROUND

    return batch


def bare_writes(folder: Path, journal: str) -> Callable[[], float]:
    bare = sqlite3.connect(folder / "bare.sqlite3", isolation_level=None)
    bare.execute(f"PRAGMA journal_mode = {journal}")
    bare.execute("PRAGMA synchronous = FULL")
    bare.execute(
        "CREATE TABLE attempts (id INTEGER PRIMARY KEY, time, lesson_id, step_id, seed, answer, verdict)"
    )

    def batch() -> float:
        started = time.perf_counter()
        for number in range(WRITES_PER_ROUND):
            bare.execute("BEGIN IMMEDIATE")
            bare.execute(
                "INSERT INTO attempts (time, lesson_id, step_id, seed, answer, verdict)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                ("2026-01-01T00:00:00.000Z", "lesson", f"step-{number % 9}", number, "1.25", "correct"),
            )
            bare.execute("COMMIT")
        return (time.perf_counter() - started) / WRITES_PER_ROUND

    return batch


def big_record(folder: Path, journal: str, attempts: int = BIG_RECORD) -> Path:
    """A learner's file holding ``attempts`` attempts."""
    ProgressStore.open("big", folder, mount_table=_mounts(journal)).close()
    path = folder / "big.sqlite3"
    setup = sqlite3.connect(path)
    with setup:  # one transaction, for the set-up only
        setup.executemany(
            "INSERT INTO attempts (time, lesson_id, step_id, seed, answer, verdict, first_attempt)"
            " VALUES ('2026-01-01T00:00:00.000Z', 'lesson', ?, ?, '1.25', 'correct', 1)",
            [(f"step-{number % 9}", number) for number in range(attempts)],
        )
    setup.close()
    return path


def open_and_close(
    folder: Path, journal: str, changed: bool
) -> tuple[Callable[[], float], Callable[[], float]]:
    """(baseline, subject) opening a record of BIG_RECORD attempts; ``changed``: as if something else had
    written to it since the last clean close (its record of that close is removed, so the full check runs)."""
    path = big_record(folder, journal)

    def bare() -> None:
        connection = sqlite3.connect(path)
        connection.execute("SELECT count(*) FROM attempts").fetchone()
        connection.close()

    def store() -> float:
        if changed:
            stamp_path(path).unlink(missing_ok=True)
        started = time.perf_counter()
        ProgressStore.open("big", folder, mount_table=_mounts(journal)).close()
        return time.perf_counter() - started

    return timed(bare), store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    rounds = parser.parse_args().rounds
    print(machine_load())
    for journal in ("WAL", "DELETE"):
        with tempfile.TemporaryDirectory() as folder:
            pairs = interleave(
                bare_writes(Path(folder), journal), store_writes(Path(folder), journal), rounds
            )
            report(f"{journal}: record_action, one answer", "a bare INSERT in its own transaction", pairs)
        for changed, how in ((False, "unchanged since its last close"), (True, "changed since: full check")):
            with tempfile.TemporaryDirectory() as folder:
                pairs = interleave(*open_and_close(Path(folder), journal, changed), rounds)
                what = f"{journal}: open and close, {BIG_RECORD:,} attempts, {how}"
                report(what, "a bare connect and one query", pairs)


if __name__ == "__main__":
    main()
