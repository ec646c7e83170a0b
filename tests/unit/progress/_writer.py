"""A child process for the concurrency and kill tests: records attempts and acknowledges each on stdout.

usage: python _writer.py DATA_DIR WORKER COUNT [--rollback]

Waits for ``DATA_DIR/go`` (so that all workers start writing together), then records COUNT attempts
(COUNT 0: until killed), printing ``ack WORKER I`` after each ``record_attempt`` has returned. With
``--rollback`` the data folder is presented as an NFS mount, so the store uses the rollback journal.
Exits 3 if the store stopped saving.
"""

import sys
import time
from itertools import count
from pathlib import Path

from gdtutor.progress.filesystem import Mount
from gdtutor.progress.store import Attempt, ProgressStore


def main() -> int:
    data_dir, worker, total = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    mounts = [Mount("/", "nfs4")] if "--rollback" in sys.argv else []
    store = ProgressStore.open("shared", data_dir, mount_table=lambda: mounts)
    while not (data_dir / "go").exists():
        time.sleep(0.01)
    numbers = count() if total == 0 else range(total)
    for number in numbers:
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
        print(f"ack {worker} {number}", flush=True)
    print(f"journal {store.journal_mode}", flush=True)
    for message in store.messages:
        print(message, file=sys.stderr)
    return 0 if store.saving else 3


if __name__ == "__main__":
    raise SystemExit(main())
