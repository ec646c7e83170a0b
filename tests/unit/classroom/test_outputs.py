"""CSV and JSON round-trip; text typed by learners (or planted in a store) never drives a terminal or a
spreadsheet in any output of the teacher's commands."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

import pytest

from gdtutor.classroom.report import report_on
from gdtutor.classroom.tables import CSV_TABLES, csv_table
from gdtutor.progress.export import safe_cell

DANGEROUS_BYTES = ("\x1b", "\x07", "\x9b", "\x90")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def report(made_class):
    folder, _ = made_class
    return report_on(folder)[0]


@pytest.mark.parametrize("table", CSV_TABLES)
def test_csv_tables_round_trip(made_class, report, gdtutor, table):
    folder, _ = made_class
    result = gdtutor("class", "report", "--class", str(folder), "--csv", table)
    assert result.returncode == 0, result.stderr
    read_back = list(csv.reader(io.StringIO(result.stdout)))
    expected = [
        [str(safe_cell("" if cell is None else cell)) for cell in row] for row in csv_table(report, table)
    ]
    assert read_back == expected
    if table == "lessons":
        header, *rows = read_back
        sam = next(dict(zip(header, row, strict=True)) for row in rows if row[0] == "sam")
        row = next(row for row in report.lessons if row.learner == "sam")
        assert int(sam["attempts"]) == row.attempts
        assert float(sam["minutes_on_task"]) == round(row.seconds_on_task / 60, 1)


def test_json_round_trips(made_class, report, gdtutor):
    folder, _ = made_class
    result = gdtutor("class", "report", "--class", str(folder), "--json")
    data = json.loads(result.stdout)
    assert data["totals"] == report.totals
    assert data["lessons"] == [asdict(row) for row in report.lessons]
    assert data["mastery"] == report.mastery
    assert [step["step_id"] for step in data["steps"]] == [row.step_id for row in report.steps]
    assert data["unreadable"] == list(report.unreadable)


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--csv",),
        ("--csv", "steps"),
        ("--csv", "mastery"),
        ("--json",),
        ("--gradebook",),
    ],
    ids=["text", "csv-lessons", "csv-steps", "csv-mastery", "json", "gradebook"],
)
def test_injected_text_comes_out_inert_in_every_report_form(made_class, gdtutor, args):
    """The foreign store holds ``=cmd|…``, an OSC 52 clipboard write and a clear-screen in its lesson id,
    step id, mistake id, skill and answer: each must come out as visible text."""
    folder, _ = made_class
    result = gdtutor("class", "report", "--class", str(folder), *args)
    assert result.returncode == 0, result.stderr
    for output in (result.stdout, result.stderr):
        assert not any(byte in output for byte in DANGEROUS_BYTES)
    assert "\\x1b]52;c;aGVsbG8=\\x07" in result.stdout or "\\u001b]52" in result.stdout
    if args and args[0] in ("--csv", "--gradebook"):
        for row in csv.reader(io.StringIO(result.stdout)):
            assert not any(cell.startswith(FORMULA_STARTS) for cell in row), row


@pytest.mark.parametrize("form", ["--json", "--csv"])
def test_a_learners_injected_answers_come_out_inert_in_their_export(made_class, gdtutor, form):
    """eli typed the three injections as answers, through the engine."""
    folder, _ = made_class
    result = gdtutor("class", "export", "eli", "--class", str(folder), form)
    assert result.returncode == 0, result.stderr
    assert not any(byte in result.stdout for byte in DANGEROUS_BYTES)
    if form == "--json":
        answers = [attempt["answer"] for attempt in json.loads(result.stdout)["attempts"]]
        assert answers[:3] == ["=cmd|' /C calc'!A0", "\x1b]52;c;aGVsbG8=\x07", "\x1b[2J"]  # kept as typed
    else:
        rows = list(csv.reader(io.StringIO(result.stdout)))
        answers = [row[5] for row in rows[1:4]]
        assert answers == ["'=cmd|' /C calc'!A0", "\\x1b]52;c;aGVsbG8=\\x07", "\\x1b[2J"]
