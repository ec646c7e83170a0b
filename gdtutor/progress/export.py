"""A learner's record as JSON or CSV, for handing in or keeping.

JSON carries everything: the attempts, the state of each lesson, the mastery of each skill and the resets. CSV
carries the attempts, one per row under a header, in the order they were made. A spreadsheet runs a cell that
starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) as a formula, so such text cells get a
leading apostrophe: the answer ``-0.5`` is written ``'-0.5`` (OWASP's advice against CSV injection). A file
may also end up printed in a terminal (``cat record.csv``), so control characters in a cell are written as
visible escapes (``\\x1b``) and JSON carries them as ``\\u`` escapes: no byte of an answer drives a terminal.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from dataclasses import asdict
from typing import Any, TextIO

from gdtutor.checking.plaintext import escape_controls
from gdtutor.progress.mastery import is_mastered
from gdtutor.progress.store import AttemptRecord, utc_now
from gdtutor.progress.stores import Store

FORMAT_NAME = "gdtutor-record"
FORMAT_VERSION = 1
CSV_COLUMNS = (
    "id", "time", "lesson_id", "step_id", "seed", "answer", "verdict", "mistake_id", "hints_used",
    "first_attempt", "skills", "context",
)  # fmt: skip
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_INVISIBLE = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")  # Unicode categories a terminal may act on


def record(store: Store) -> dict[str, Any]:
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
    """A text cell that a spreadsheet shows as text, never runs as a formula, and that a terminal prints
    without obeying any control character in it; other values unchanged."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_STARTS):
        value = "'" + value
    return escape_controls(value)


def inert_json(data: object) -> str:
    """``data`` as indented JSON that keeps Unicode readable but escapes every control character."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return "".join(_json_escape(char) for char in text) + "\n"


def _json_escape(char: str) -> str:
    # json.dumps escapes C0 controls inside strings; outside them it writes only ASCII space and newlines.
    if (char.isascii() and char != "\x7f") or unicodedata.category(char) not in _INVISIBLE:
        return char
    units = char.encode("utf-16-be")
    return "".join(f"\\u{int.from_bytes(units[i : i + 2], 'big'):04x}" for i in range(0, len(units), 2))


def write_csv(attempts: list[AttemptRecord], stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for attempt in attempts:
        row = asdict(attempt)
        row["skills"] = ";".join(attempt.skills)
        row["first_attempt"] = "yes" if attempt.first_attempt else "no"
        writer.writerow([safe_cell("" if row[column] is None else row[column]) for column in CSV_COLUMNS])
