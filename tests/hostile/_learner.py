"""Learners working through lesson 1 again and again with the real engine and store, until killed.

usage: python _learner.py

Each line read on standard input names a data folder: a learner process is forked for it (the engine and the
lesson are loaded once, here, so each learner starts at once; each opens its own store after the fork). Once
it has returned from its first action this prints ``started PID``; when it has died (the test kills it),
``ended STATUS`` (os.waitpid's status).

Each round works a copy of the lesson under a new id (``round-N``), answering every question wrongly once and
then rightly, so the record grows with every kind of action.
"""

import os
import sys
from dataclasses import replace
from itertools import count
from pathlib import Path

from gdtutor.engine import Tutor
from gdtutor.lessons.loading import load_lesson
from gdtutor.paths import builtin_lessons_dir
from gdtutor.progress.store import ProgressStore

LESSON = load_lesson(builtin_lessons_dir() / "01-notation-and-cost.yaml")


def learn(data_dir: Path, acks: int) -> None:
    """Work the lesson forever, writing a line to ``acks`` (a file descriptor) after each action."""
    store = ProgressStore.open("killed", data_dir)
    for number in count():
        tutor = Tutor(replace(LESSON, id=f"round-{number}"), 1, store)
        while not tutor.finished:
            if tutor.view().is_question and tutor.view().status == "open":
                tutor.submit("not a number at all")
                os.write(acks, b"ack\n")
                tutor.submit(tutor.question().answer())
                os.write(acks, b"ack\n")
            tutor.next()
            os.write(acks, b"ack\n")


def main() -> int:
    for line in sys.stdin:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            try:
                learn(Path(line.strip()), write_end)
            finally:
                os._exit(1)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as acks:
            acks.readline()
            print(f"started {pid}", flush=True)
            for _ in acks:  # read until the learner has died, so it never blocks on a full pipe
                pass
        print(f"ended {os.waitpid(pid, 0)[1]}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
