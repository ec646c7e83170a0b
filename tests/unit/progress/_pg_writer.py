"""A child process for the PostgreSQL concurrency, kill and restart tests: one session of one learner.

usage: python _pg_writer.py URL LEARNER WORKER COUNT GO_FILE

Opens the store, says so by making the file ``ready-WORKER`` beside GO_FILE, waits for GO_FILE (so that
every writer starts together), then records COUNT attempts (COUNT 0: until
killed). After each ``record_attempt`` it prints ``ack WORKER I`` when the attempt is in the database, or
``kept WORKER I`` when the store said it is not saving (the attempt waits in memory). At the end it closes
the store (which writes what was kept) and prints ``unsaved N`` and ``retried N``.
"""

import sys
import time
from itertools import count
from pathlib import Path

from gdtutor.progress.postgres import PostgresStore
from gdtutor.progress.store import Attempt


def main() -> int:
    url, learner, worker, total, go = (
        sys.argv[1],
        sys.argv[2],
        sys.argv[3],
        int(sys.argv[4]),
        Path(sys.argv[5]),
    )
    store = PostgresStore.open(url, learner)
    (go.parent / f"ready-{worker}").touch()
    while not go.exists():
        time.sleep(0.01)
    for number in count() if total == 0 else range(total):
        attempt = Attempt(
            lesson_id=f"lesson-{worker}",
            step_id=f"step-{number % 7}",
            seed=number,
            answer=f"{worker}:{number}",
            verdict="correct" if number % 3 else "wrong",
            first_attempt=number % 2 == 0,
            skills=("update", f"skill-{worker}"),
        )
        store.record_attempt(attempt)
        print(f"{'ack' if store.saving else 'kept'} {worker} {number}", flush=True)
    store.close()
    print(f"unsaved {store.unsaved}", flush=True)
    print(f"retried {store.races_retried}", flush=True)
    for message in store.messages:
        print(message, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
