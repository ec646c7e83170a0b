"""What the teacher's view costs: the class report, and the dashboard's poll every second.

    python benchmarks/bench_class.py [--rounds N]

Two classes: the 20 learners of the tests (answers made through the engine, tests/fixtures/classroom.py),
and a synthetic one of 50 learners × 2,000 attempts each, written straight into stores of the current
schema.

1. The report (``report_on``: read every store read-only into memory, migrate, sum up) against the floor
   of reading the same stores at all (``SELECT *`` of every attempts table with bare SQLite).
2. The dashboard's poll when nothing changed (the cost it pays every second) against ``os.stat`` of the
   same files, the floor of noticing a change; and a poll after one learner answered against re-reading
   every store from scratch, what a dashboard without incremental reads would do each second.
3. A poll after every one of the 50 learners answered once: the worst second of a busy class.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
import tempfile
from contextlib import closing, suppress
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pairs import interleave, machine_load, report, summary, timed

from gdtutor.classroom.live import ClassWatch
from gdtutor.classroom.report import report_on
from gdtutor.classroom.stores import store_paths
from gdtutor.progress.schema import migrate

TESTS = Path(__file__).resolve().parents[1] / "tests"  # the 20-learner class is the tests' own
LEARNERS = 50
ATTEMPTS = 2000
STEPS = [f"step-{n}" for n in range(12)]
MISTAKES = ["uphill", "no-alpha", "factor-two", "missing-mean", None]


def synthetic_class(folder: Path, now: datetime) -> None:
    learners = folder / "learners"
    learners.mkdir(parents=True)
    chance = random.Random(7)
    for number in range(LEARNERS):
        with closing(sqlite3.connect(learners / f"learner-{number:02d}.sqlite3", isolation_level=None)) as db:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("BEGIN")
            migrate(db, "synthetic")
            start = now - timedelta(hours=3)
            rows = []
            for index in range(ATTEMPTS):
                wrong = chance.random() < 0.4
                rows.append(
                    (
                        (start + timedelta(seconds=5 * index)).isoformat().replace("+00:00", "Z"),
                        f"lesson-{index * 4 // ATTEMPTS}",
                        STEPS[index % len(STEPS)],
                        str(chance.random()),
                        "wrong" if wrong else "correct",
                        chance.choice(MISTAKES) if wrong else None,
                        chance.randint(0, 2),
                        int(index % 3 == 0),
                        json.dumps(["update-rule"]),
                    )
                )
            db.executemany(
                "INSERT INTO attempts (time, lesson_id, step_id, seed, answer, verdict, mistake_id,"
                " hints_used, first_attempt, skills, context)"
                " VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, 'lesson')",
                rows,
            )
            db.execute("INSERT INTO meta VALUES ('last_lesson', 'lesson-3')")
            db.execute("INSERT INTO lesson_state VALUES ('lesson-3', 'step-4', ?)", (rows[-1][0],))
            db.execute("INSERT INTO skill_state VALUES ('update-rule', 0.7, 500, 300, ?)", (rows[-1][0],))
            db.execute("COMMIT")


def bare_read(folder: Path) -> None:
    for path in store_paths(folder):
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as db, suppress(sqlite3.Error):
            db.execute("SELECT * FROM attempts").fetchall()  # the class's damaged store fails here


def stat_all(folder: Path) -> None:
    for path in store_paths(folder):
        os.stat(path)
        with suppress(FileNotFoundError):
            os.stat(path.with_name(path.name + "-wal"))


def answer(path: Path, now: datetime) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute(
            "INSERT INTO attempts (time, lesson_id, step_id, seed, answer, verdict, mistake_id,"
            " first_attempt) VALUES (?, 'lesson-3', 'step-4', 1, '0.5', 'wrong', 'uphill', 0)",
            (now.isoformat().replace("+00:00", "Z"),),
        )


def settled(folder: Path, now: datetime) -> ClassWatch:
    watch = ClassWatch(folder, clock=lambda: now)
    while watch.poll():
        pass
    return watch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    rounds = parser.parse_args().rounds
    sys.path.insert(0, str(TESTS))
    from fixtures.classroom import make_class

    print(machine_load())
    now = datetime.now(timezone.utc).replace(microsecond=0)
    with tempfile.TemporaryDirectory(prefix="bench-class-") as scratch:
        small, large = Path(scratch) / "twenty", Path(scratch) / "fifty"
        make_class(small, now)
        synthetic_class(large, now)
        print(f"classes: {len(store_paths(small))} stores (engine-made); {LEARNERS} × {ATTEMPTS} attempts\n")

        for name, folder in (("20 learners", small), (f"{LEARNERS} × {ATTEMPTS}", large)):
            pairs = interleave(
                timed(lambda f=folder: bare_read(f)), timed(lambda f=folder: report_on(f)), rounds
            )
            report(f"1. class report, {name}", "bare SELECT * of every store", pairs)

        watch = settled(large, now)
        idle = interleave(timed(lambda: stat_all(large)), timed(watch.poll), rounds * 5)
        report(f"2a. idle poll, {LEARNERS} stores", "os.stat of every store and -wal", idle, unit="µs")
        polls = sorted(idle.subject)
        share = polls[len(polls) // 2] * 100
        print(f"  idle poll: {summary([p * 1e3 for p in polls])} ms: {share:.3f} % of a core at one a second")

        paths = store_paths(large)

        def one_answer_then_poll() -> float:
            answer(paths[0], now)
            return timed(watch.poll)()

        def one_answer_then_full_read() -> float:
            answer(paths[0], now)
            return timed(lambda: bare_read(large))()

        pairs = interleave(one_answer_then_full_read, one_answer_then_poll, rounds)
        report(f"2b. poll after one answer, {LEARNERS} stores", "re-reading every store", pairs)

        def everyone_then_poll() -> float:
            for path in paths:
                answer(path, now)
            return timed(watch.poll)()

        def everyone_then_full_read() -> float:
            for path in paths:
                answer(path, now)
            return timed(lambda: bare_read(large))()

        pairs = interleave(everyone_then_full_read, everyone_then_poll, rounds)
        report(f"3. poll after all {LEARNERS} answered", "re-reading every store", pairs)


if __name__ == "__main__":
    main()
