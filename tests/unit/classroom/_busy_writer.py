"""A learner's process for the read-only test: records attempts and counts every time it had to wait.

usage: python _busy_writer.py DATA_DIR COUNT [--rollback] [--pause SECONDS]

The store's connection runs with a busy timeout of 0, so any lock held by someone else surfaces at once
as "database is locked" (which the store then retries); each such error is counted. Prints
``waits N slowest SECONDS`` at the end, after COUNT attempts, having waited for ``DATA_DIR/go``; with
``--pause`` it rests that long between answers.
"""

import functools
import sqlite3
import sys
import time
from pathlib import Path

from gdtutor.progress.filesystem import Mount
from gdtutor.progress.store import Attempt, ProgressStore

WAITS = []


class NoWaitConnection(sqlite3.Connection):
    def execute(self, sql, *args):
        if sql.lstrip().upper().startswith("PRAGMA BUSY_TIMEOUT"):
            sql = "PRAGMA busy_timeout = 0"
        try:
            return super().execute(sql, *args)
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                WAITS.append(sql)
            raise


def main() -> int:
    data_dir, total = Path(sys.argv[1]), int(sys.argv[2])
    mounts = [Mount("/", "nfs4")] if "--rollback" in sys.argv else []
    connect = functools.partial(sqlite3.connect, factory=NoWaitConnection)
    store = ProgressStore.open("busy", data_dir, mount_table=lambda: mounts, connect=connect)
    print(f"journal {store.journal_mode}", flush=True)
    while not (data_dir / "go").exists():
        time.sleep(0.005)
    pause = float(sys.argv[sys.argv.index("--pause") + 1]) if "--pause" in sys.argv else 0.0
    slowest = 0.0
    for number in range(total):
        started = time.perf_counter()
        store.record_attempt(Attempt("lesson", f"step-{number % 5}", 1, str(number), "wrong", "uphill"))
        store.step_done("lesson", f"step-{number % 5}")
        slowest = max(slowest, time.perf_counter() - started)
        time.sleep(pause)
    print(f"waits {len(WAITS)} slowest {slowest:.4f} saving {store.saving}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
