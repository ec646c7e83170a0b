"""A learner's record as JSON or CSV, for handing in or keeping.

JSON carries everything: the attempts, the state of each lesson, the mastery of each skill and the resets. CSV
carries the attempts, one per row under a header, in the order they were made. A spreadsheet runs a cell that
starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) as a formula, so such text cells get a
leading apostrophe: the answer ``-0.5`` is written ``'-0.5`` (OWASP's advice against CSV injection).
"""

from __future__ import annotations

import csv
from dataclasses import asdict
from typing import Any, TextIO

from gdtutor.progress.mastery import is_mastered
from gdtutor.progress.store import AttemptRecord, ProgressStore, utc_now

FORMAT_NAME = "gdtutor-record"
FORMAT_VERSION = 1
CSV_COLUMNS = (
    "id", "time", "lesson_id", "step_id", "seed", "answer", "verdict", "mistake_id", "hints_used",
    "first_attempt", "skills", "context",
)  # fmt: skip
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def record(store: ProgressStore) -> dict[str, Any]:
    """Everything the store knows about its learner, as plain JSON-ready data."""
    attempts = store.attempts()
    lesson_ids = {attempt.lesson_id for attempt in attempts if attempt.context == "lesson"}
    lesson_ids.update(store.lessons_started())
    lessons = {}
    for lesson_id in sorted(lesson_ids):
        state = store.lesson_state(lesson_id)
        lessons[lesson_id] = {
            "done": sorted(state.done),
            "attempts": dict(sorted(state.attempts.items())),
            "current": state.current,
        }
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "learner": store.learner,
        "exported": utc_now(),
        "attempts": [_attempt_json(attempt) for attempt in attempts],
        "lessons": lessons,
        "mastery": {
            skill: {
                "p_known": round(mastery.p_known, 6),
                "mastered": is_mastered(mastery.p_known),
                "observations": mastery.observations,
                "right": mastery.right,
            }
            for skill, mastery in sorted(store.mastery().items())
        },
        "resets": [asdict(reset) for reset in store.resets()],
    }


def _attempt_json(attempt: AttemptRecord) -> dict[str, Any]:
    data = asdict(attempt)
    data["skills"] = list(attempt.skills)
    return data


def safe_cell(value: object) -> object:
    """A text cell that a spreadsheet will show as text, never run as a formula; other values unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(attempts: list[AttemptRecord], stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for attempt in attempts:
        row = asdict(attempt)
        row["skills"] = ";".join(attempt.skills)
        row["first_attempt"] = "yes" if attempt.first_attempt else "no"
        writer.writerow([safe_cell("" if row[column] is None else row[column]) for column in CSV_COLUMNS])
