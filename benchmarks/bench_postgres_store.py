"""The PostgreSQL progress store against the SQLite one, measured in the same run.

    python benchmarks/bench_postgres_store.py [--sessions 50] [--answers 40] [--rounds 3]

Starts a throwaway PostgreSQL cluster with fsync on (tests/pgcluster.py, ``durable=True``): both stores
then wait for the disk on every commit (SQLite ``synchronous=FULL``, PostgreSQL ``synchronous_commit=on``).

1. One session: ``record_attempt`` latency, one answer on each store in turn (the order alternates), per
   answer p50/p95 and the PostgreSQL ÷ SQLite ratio per pair.
2. A class at once: SESSIONS processes answering at a learner's pace (one answer every 0.1–0.3 s), each on
   its own learner. SQLite: one server, every learner's file in one folder. PostgreSQL: two "servers" of
   SESSIONS/2 processes (as `gdtutor serve` forks one per session) sharing one database. Rounds alternate
   SQLite and PostgreSQL; each round prints the per-answer p50/p95 over all sessions, and the ratio of the
   p95s per pair of rounds. Target: PostgreSQL p95 within 1.2× of SQLite's.
3. Memory: PSS of a `gdtutor --plain` session process mid-lesson, on each store, started on its own (the
   PostgreSQL one holds psycopg and one connection).
4. Memory in a server: the private memory (USS) of a session forked from a warm parent as `gdtutor serve`
   forks them (``gdtutor.server.forkserver.warm_up``, which imports psycopg when the store is PostgreSQL),
   once it has opened its store and recorded a few answers; the median of three children per store.

Parts 2 and 3 drive the store and the plain tutor directly, not through SSH: the sessions' own cost
(the server's, the terminal's) is the classroom server's benchmark, and is the same for both stores.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from pairs import compile_gdtutor, interleave, machine_load, pss_mb, report  # noqa: E402
from pgcluster import APP, OWNER, start_cluster  # noqa: E402

from gdtutor.progress.postgres import PostgresStore  # noqa: E402
from gdtutor.progress.store import Attempt, ProgressStore  # noqa: E402

LESSON = "descent-on-theta-squared"

SESSION = """
import json, random, sys, time
from pathlib import Path
from gdtutor.progress.store import Attempt
from gdtutor.progress.stores import open_store

learner, answers, go = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
store = open_store(learner)
print("ready", flush=True)
while not go.exists():
    time.sleep(0.01)
pace = random.Random(learner)
latencies = []
for number in range(answers):
    time.sleep(pace.uniform(0.1, 0.3))
    attempt = Attempt("lesson", f"step-{number % 9}", number, "1.25", "wrong" if number % 3 else "correct",
                      None, 0, number % 2 == 0, ("update", "cost"))
    started = time.perf_counter()
    store.record_attempt(attempt)
    latencies.append(time.perf_counter() - started)
store.close()
print(json.dumps({"latencies": latencies, "saving": store.saving,
                  "retried": getattr(store, "races_retried", 0)}))
"""


def _attempt(number: int) -> Attempt:
    return Attempt(
        "lesson", f"step-{number % 9}", number, "1.25", "correct", None, 0, number % 2 == 0, ("update",)
    )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _percentiles(values: list[float]) -> str:
    p50, p95 = percentile(values, 0.5) * 1e3, percentile(values, 0.95) * 1e3
    return f"p50 {p50:6.2f} ms, p95 {p95:6.2f} ms, max {max(values) * 1e3:6.1f} ms ({len(values)} answers)"


def one_session(url: str, folder: Path, answers: int) -> None:
    sqlite = ProgressStore.open("solo", folder)
    postgres = PostgresStore.open(url, "solo")
    counter = iter(range(10**9))
    pairs = interleave(
        lambda: _timed_write(sqlite, next(counter)), lambda: _timed_write(postgres, next(counter)), answers, 5
    )
    sqlite.close()
    postgres.close()
    for name, values in (("SQLite (WAL)", pairs.baseline), ("PostgreSQL", pairs.subject)):
        print(f"  {name}: {_percentiles(values)}")
    report("1. one answer, one session", "SQLite", pairs)


def _timed_write(store, number: int) -> float:
    started = time.perf_counter()
    store.record_attempt(_attempt(number))
    return time.perf_counter() - started


def class_round(
    backend: str, url: str, folder: Path, sessions: int, answers: int, round_number: int
) -> list[float]:
    """All sessions at once on one backend; every answer's latency."""
    go = folder / f"go-{backend}-{round_number}"
    processes = []
    for number in range(sessions):
        environment = {**os.environ, "GDTUTOR_DATA_DIR": str(folder / f"{backend}-server-{number % 2}")}
        if backend == "postgresql":
            environment["GDTUTOR_STORE"] = url
        else:
            environment["GDTUTOR_DATA_DIR"] = str(folder / "sqlite-server")  # one server holds the class
            environment.pop("GDTUTOR_STORE", None)
        learner = f"r{round_number}-learner-{number}"
        processes.append(
            subprocess.Popen(
                [sys.executable, "-c", SESSION, learner, str(answers), str(go)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=environment,
            )
        )
    for process in processes:  # every session has started and opened its store before any answers
        assert process.stdout is not None
        if process.stdout.readline().strip() != "ready":
            raise SystemExit(f"a {backend} session did not start: {process.communicate()[1]}")
    time.sleep(1.0)  # and the machine has settled after starting them
    go.touch()
    latencies: list[float] = []
    retried = 0
    for process in processes:
        stdout, stderr = process.communicate(timeout=600)
        if process.returncode != 0:
            raise SystemExit(f"a {backend} session failed: {stderr.strip().splitlines()[-1:]}")
        result = json.loads(stdout)
        if not result["saving"]:
            raise SystemExit(f"a {backend} session stopped saving: {stderr}")
        latencies.extend(result["latencies"])
        retried += result["retried"]
    if retried:
        print(f"  ({retried} transactions lost a race and were run again)")
    return latencies


def a_class(url: str, folder: Path, sessions: int, answers: int, rounds: int) -> None:
    print(f"2. {sessions} sessions at once, {answers} answers each (SQLite: one server; PostgreSQL: two)")
    ratios = []
    for round_number in range(rounds):
        order = ("sqlite", "postgresql") if round_number % 2 == 0 else ("postgresql", "sqlite")
        p95 = {}
        for backend in order:
            latencies = class_round(backend, url, folder, sessions, answers, round_number)
            p95[backend] = percentile(latencies, 0.95)
            print(f"  round {round_number + 1} {backend:10}: {_percentiles(latencies)}")
        ratios.append(p95["postgresql"] / p95["sqlite"])
    median = statistics.median(ratios)
    print(
        f"  p95 PostgreSQL/SQLite per pair of rounds: min {min(ratios):.2f} / median {median:.2f} /"
        f" max {max(ratios):.2f}  target <= 1.2: {'met' if median <= 1.2 else 'NOT met'}"
    )


def memory(url: str, folder: Path) -> None:
    print("3. memory of a plain tutor session mid-lesson (PSS)")
    for backend in ("sqlite", "postgresql"):
        environment = {**os.environ, "GDTUTOR_DATA_DIR": str(folder / "memory"), "GDTUTOR_LEARNER": "mem"}
        if backend == "postgresql":
            environment["GDTUTOR_STORE"] = url
        else:
            environment.pop("GDTUTOR_STORE", None)
        session = subprocess.Popen(
            [sys.executable, "-m", "gdtutor", "--plain", LESSON],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=environment,
        )
        assert session.stdin is not None
        session.stdin.write(b"\n2*theta\n")
        session.stdin.flush()
        time.sleep(4.0)
        print(f"  {backend:10}: {pss_mb(session.pid):.1f} MB")
        session.stdin.close()
        session.wait(timeout=60)


FORKED = """
import gc, json, os, sys
from gdtutor.server import forkserver
forkserver.warm_up()
gc.collect()
gc.freeze()
url, results = sys.argv[1], []
for _ in range(3):
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:
        from gdtutor.progress.stores import open_store
        from gdtutor.records import Attempt
        if url:
            os.environ["GDTUTOR_STORE"] = url
        store = open_store("forked")
        for number in range(5):
            store.record_attempt(Attempt("lesson", "step", number, "1", "wrong", skills=("update",)))
        fields = {}
        for line in open(f"/proc/{os.getpid()}/smaps_rollup").read().splitlines()[1:]:
            name, value = line.split(":", 1)
            fields[name] = int(value.split()[0]) / 1024
        uss = fields["Private_Clean"] + fields["Private_Dirty"]
        os.write(writing, json.dumps([uss, store.saving]).encode())
        os._exit(0)
    os.close(writing)
    results.append(json.loads(os.read(reading, 4096)))
    os.waitpid(child, 0)
print(json.dumps(results))
"""


def forked_memory(url: str, folder: Path) -> None:
    print("4. memory of a session forked from the warm parent, store opened, 5 answers (USS, 3 children)")
    from gdtutor.server.spawner import forkserver_environment

    for backend in ("sqlite", "postgresql"):
        environment = forkserver_environment(folder / backend, postgres=backend == "postgresql")
        environment["GDTUTOR_LEARNER"] = "forked"
        result = subprocess.run(
            [sys.executable, "-c", FORKED, url if backend == "postgresql" else ""],
            capture_output=True, text=True, env=environment, check=True, timeout=300,
        )  # fmt: skip
        children = json.loads(result.stdout.strip().splitlines()[-1])
        if not all(saving for _, saving in children):
            raise SystemExit(f"a forked {backend} session did not save")
        uss = sorted(megabytes for megabytes, _ in children)
        print(f"  {backend:10}: {uss[0]:.1f} / {uss[1]:.1f} / {uss[2]:.1f} MB (min/median/max)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--answers", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--solo", type=int, default=300, help="answers in part 1")
    parser.add_argument("--parts", default="1234", help="which parts to run, e.g. 34 for memory only")
    args = parser.parse_args()
    compile_gdtutor()
    print(machine_load())
    cluster = start_cluster(durable=True)
    try:
        database = cluster.new_database()
        PostgresStore.open(cluster.url(database, OWNER), "setup").close()
        url = cluster.url(database, APP)
        with tempfile.TemporaryDirectory(prefix="gdtutor-bench-") as folder:
            if "1" in args.parts:
                one_session(url, Path(folder), args.solo)
            if "2" in args.parts:
                a_class(url, Path(folder), args.sessions, args.answers, args.rounds)
            if "3" in args.parts:
                memory(url, Path(folder))
            if "4" in args.parts:
                forked_memory(url, Path(folder))
    finally:
        cluster.stop()
    print(machine_load())


if __name__ == "__main__":
    main()
