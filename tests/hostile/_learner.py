"""A child process working through lesson 1 again and again with the real engine and store, until killed.

usage: python _learner.py DATA_DIR

Each round works a copy of the lesson under a new id (``round-N``), answering every question wrongly once and
then rightly, so the record grows with every kind of action. Prints ``ack`` after each action has returned.
"""

import sys
from dataclasses import replace
from itertools import count
from pathlib import Path

from gdtutor.engine import Tutor
from gdtutor.lessons.loading import load_lesson
from gdtutor.paths import builtin_lessons_dir
from gdtutor.progress.store import ProgressStore

LESSON_FILE = "01-notation-and-cost.yaml"


def main() -> int:
    store = ProgressStore.open("killed", Path(sys.argv[1]))
    lesson = load_lesson(builtin_lessons_dir() / LESSON_FILE)
    for number in count():
        tutor = Tutor(replace(lesson, id=f"round-{number}"), 1, store)
        while not tutor.finished:
            if tutor.view().is_question and tutor.view().status == "open":
                tutor.submit("not a number at all")
                print("ack", flush=True)
                tutor.submit(tutor.question().answer())
                print("ack", flush=True)
            tutor.next()
            print("ack", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
