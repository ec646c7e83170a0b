"""The class report as text for the terminal, as CSV tables and as JSON.

Learner names, lesson and step ids and answers are typed by people, so every text cell goes through one
boundary: CSV cells through ``safe_cell`` (never a formula, control characters shown as ``\\x1b``), JSON
through ``inert_json``, terminal text through ``escape_controls``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any, TextIO

from gdtutor.checking.plaintext import escape_controls, quote
from gdtutor.classroom.report import ClassReport, StepRow
from gdtutor.progress.export import safe_cell

REPORT_FORMAT = "gdtutor-class-report"
REPORT_VERSION = 1
CSV_TABLES = ("lessons", "steps", "mastery")
LESSON_COLUMNS = (
    "learner", "lesson_id", "steps_done", "steps_tried", "first_try_correct", "attempts",
    "minutes_on_task", "last_active",
)  # fmt: skip
STEP_COLUMNS = (
    "lesson_id", "step_id", "reached", "finished", "tried", "first_try_correct", "first_try_rate",
    "median_attempts", "mistake_1", "learners_1", "answers_1", "example_1", "mistake_2", "learners_2",
    "answers_2", "example_2", "mistake_3", "learners_3", "answers_3", "example_3",
)  # fmt: skip


def report_data(report: ClassReport) -> dict[str, Any]:
    """The whole report as JSON-ready data (``inert_json`` writes it)."""
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "totals": report.totals,
        "learners": list(report.learners),
        "lessons": [asdict(row) for row in report.lessons],
        "steps": [
            {
                **asdict(row),
                "first_try_rate": _rate(row.first_try_rate),
                "mistakes": [asdict(m) for m in row.mistakes],
            }
            for row in report.steps
        ],
        "mastery": report.mastery,
        "skills": [asdict(row) for row in report.skills],
        "unreadable": list(report.unreadable),
        "connected": None if report.connected is None else list(report.connected),
    }


def csv_table(report: ClassReport, table: str) -> list[list[Any]]:
    """One of ``CSV_TABLES`` as rows under a header row, values not yet escaped."""
    if table == "lessons":
        return [list(LESSON_COLUMNS)] + [
            [
                row.learner,
                row.lesson_id,
                row.steps_done,
                row.steps_tried,
                row.first_try_correct,
                row.attempts,
                round(row.seconds_on_task / 60, 1),
                row.last_active or "",
            ]
            for row in report.lessons
        ]
    if table == "steps":
        return [list(STEP_COLUMNS)] + [_step_csv(row) for row in report.steps]
    skills = sorted({skill for by_skill in report.mastery.values() for skill in by_skill})
    return [["learner", *skills]] + [
        [learner, *(_blank(report.mastery[learner].get(skill)) for skill in skills)]
        for learner in report.learners
    ]


def _step_csv(row: StepRow) -> list[object]:
    cells: list[object] = [
        row.lesson_id, row.step_id, row.reached, row.finished, row.tried, row.first_try_correct,
        _blank(_rate(row.first_try_rate)), _blank(row.median_attempts),
    ]  # fmt: skip
    for index in range(3):
        if index < len(row.mistakes):
            mistake = row.mistakes[index]
            cells += [mistake.mistake_id, mistake.learners, mistake.answers, mistake.example]
        else:
            cells += ["", "", "", ""]
    return cells


def write_rows(rows: Iterable[Sequence[object]], stream: TextIO) -> None:
    """CSV with every cell made inert (see the module docstring)."""
    writer = csv.writer(stream, lineterminator="\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])


def text_lines(report: ClassReport) -> list[str]:
    """The report for reading in a terminal: learners × lessons, steps and mistakes, mastery, totals."""
    lines: list[str] = []
    if report.unreadable:
        lines.append("Stores that could not be read (left out below):")
        lines += [f"  {escape_controls(problem)}" for problem in report.unreadable]
        lines.append("")
    lines.append("Learners × lessons")
    lines += _columns(
        ["learner", "lesson", "done", "1st try", "attempts", "minutes", "last active"],
        [
            [
                row.learner,
                row.lesson_id,
                str(row.steps_done),
                f"{row.first_try_correct}/{row.steps_tried}",
                str(row.attempts),
                f"{row.seconds_on_task / 60:.1f}",
                _short_time(row.last_active),
            ]
            for row in report.lessons
        ],
    )
    lines += ["", "Steps"]
    for row in report.steps:
        rate = "–" if row.first_try_rate is None else f"{row.first_try_rate:.0%}"
        median = "–" if row.median_attempts is None else f"{row.median_attempts:g}"
        lines.append(
            f"  {escape_controls(row.lesson_id)} / {escape_controls(row.step_id)}: reached {row.reached},"
            f" finished {row.finished}, right at the first try {row.first_try_correct} of {row.tried}"
            f" ({rate}), median attempts {median}"
        )
        for mistake in row.mistakes:
            lines.append(
                f"      {escape_controls(mistake.mistake_id)}: {mistake.learners} of {row.tried} learners"
                f" ({_count(mistake.answers, 'answer')}), e.g. {quote(mistake.example)}"
            )
    skills = [row.skill for row in report.skills]
    if skills:
        lines += ["", "Mastery (chance the skill is known, %)"]
        lines += _columns(
            ["learner", *skills],
            [
                [learner, *(_percent(report.mastery[learner].get(skill)) for skill in skills)]
                for learner in report.learners
            ]
            + [["mastered", *(f"{row.mastered}/{row.learners}" for row in report.skills)]],
        )
    totals = report.totals
    lines += [
        "",
        f"Class: {totals['learners']} learners, {totals['attempts']} attempts,"
        f" {totals['steps_done']} steps done,"
        f" {totals['first_try_correct']} of {totals['steps_tried']} steps right at the first try,"
        f" {float(totals['seconds_on_task']) / 3600:.1f} hours on task",
    ]
    if report.connected is not None:
        names = ", ".join(escape_controls(name) for name in report.connected) or "nobody"
        lines.append(f"Connected now: {names}")
    return lines


def _columns(header: list[str], rows: list[list[str]]) -> list[str]:
    table = [[escape_controls(cell) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[index]) for row in table) for index in range(len(header))]
    return [
        "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _rate(rate: float | None) -> float | None:
    return None if rate is None else round(rate, 4)


def _blank(value: object) -> object:
    return "" if value is None else value


def _percent(p_known: float | None) -> str:
    return "–" if p_known is None else f"{p_known:.0%}"


def _short_time(iso: str | None) -> str:
    """``2026-03-02T10:15:42.123Z`` -> ``2026-03-02 10:15`` (UTC)."""
    return "–" if not iso else iso[:16].replace("T", " ")
