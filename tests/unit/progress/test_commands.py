"""`gdtutor export` and `gdtutor reset`, run as a learner runs them: as processes."""

import csv
import io
import json
import os
import pty
import subprocess
import sys

import pytest

from gdtutor.paths import builtin_lessons_dir
from gdtutor.progress.store import Attempt
from gdtutor.progress.stores import open_store

pytestmark = pytest.mark.usefixtures("store_backend")


def gdtutor(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdtutor", *args], input=stdin, capture_output=True, text=True, check=False
    )


@pytest.fixture
def record():
    """A learner with some progress in two lessons, and answers a spreadsheet would run as formulas."""
    with open_store() as store:
        answers = [("=HYPERLINK(1)", "wrong", "uphill"), ("-0.5", "almost", None), ("+1", "correct", None)]
        for number, (answer, verdict, mistake) in enumerate(answers):
            store.record_attempt(
                Attempt("intro", "next-theta", 7, answer, verdict, mistake, number, number == 0, ("update",))
            )
        store.step_done("intro", "next-theta")
        store.set_current("intro", "cost")
        store.record_attempt(Attempt("mse", "m1", 3, "@SUM(A1)", "correct", skills=("mse", "update")))
        store.step_done("mse", "m1")


def test_export_json_holds_the_whole_record(record):
    result = gdtutor("export", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format"] == "gdtutor-record" and data["learner"] == "test-learner"
    assert [attempt["answer"] for attempt in data["attempts"]] == ["=HYPERLINK(1)", "-0.5", "+1", "@SUM(A1)"]
    first = data["attempts"][0]
    assert (first["verdict"], first["mistake_id"], first["first_attempt"], first["skills"]) == (
        "wrong",
        "uphill",
        True,
        ["update"],
    )
    assert data["lessons"]["intro"] == {
        "done": ["next-theta"],
        "attempts": {"next-theta": 3},
        "current": "cost",
    }
    # update: wrong first attempt (0.2 -> 0.175758), then a right one:
    #   0.175758·0.9 / (0.158182 + 0.824242·0.2) = 0.158182 / 0.323030 = 0.489681; + 0.510319·0.15 = 0.566229
    assert data["mastery"]["update"]["p_known"] == pytest.approx(0.566229, abs=1e-6)
    assert data["mastery"]["update"]["observations"] == 2 and not data["mastery"]["update"]["mastered"]
    assert data["mastery"]["mse"]["p_known"] == pytest.approx(0.6)


def test_export_csv_has_a_header_and_never_starts_a_cell_with_a_formula(record):
    result = gdtutor("export", "--csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:6] == ["id", "time", "lesson_id", "step_id", "seed", "answer"]
    answers = [row[rows[0].index("answer")] for row in rows[1:]]
    assert answers == ["'=HYPERLINK(1)", "'-0.5", "'+1", "'@SUM(A1)"]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert rows[1][rows[0].index("skills")] == "update" and rows[4][rows[0].index("skills")] == "mse;update"


def test_export_to_a_file(record, tmp_path):
    target = tmp_path / "record.csv"
    result = gdtutor("export", "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and "Wrote 4 attempts" in result.stderr
    assert target.read_text(encoding="utf-8").startswith("id,time,lesson_id")  # .csv chose CSV


def test_export_to_an_unwritable_place_is_one_line(record, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = gdtutor("export", "--output", str(blocker / "record.json"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "cannot write" in result.stderr
    assert blocker.read_text() == "x"


def test_reset_without_a_terminal_needs_yes(record):
    result = gdtutor("reset", "intro")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "gdtutor: reset: not resetting without confirmation;"
        " add --yes to forget your progress in lesson intro"
    )
    assert open_store().lesson_state("intro").done == {"next-theta"}


def test_reset_a_lesson_with_yes_keeps_the_record_and_the_other_lesson(record):
    result = gdtutor("reset", "intro", "--yes")
    assert result.returncode == 0, result.stderr
    assert "record of 4 attempts is kept" in result.stdout
    store = open_store()
    assert store.lesson_state("intro").done == frozenset() and store.lesson_state("intro").current is None
    assert store.lesson_state("mse").done == {"m1"}
    assert len(store.attempts()) == 4


def test_reset_everything_with_yes(record):
    result = gdtutor("reset", "--yes")
    assert result.returncode == 0, result.stderr
    store = open_store()
    assert store.lessons_started() == [] and store.mastery() == {}
    assert len(store.attempts()) == 4


def test_reset_of_a_lesson_without_progress_changes_nothing(record):
    result = gdtutor("reset", "descent-on-theta-squared", "--yes")
    assert result.returncode == 0
    assert "no progress in lesson descent-on-theta-squared" in result.stdout and "intro" in result.stdout
    assert open_store().resets() == []


def test_reset_of_an_unknown_lesson_is_bad_input_listing_the_known_ones(record):
    result = gdtutor("reset", "bogus", "--yes")
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    known = "known lessons: the-maths-you-need, notation-and-cost, descent-on"
    assert line.startswith(f"gdtutor: reset: no lesson 'bogus' ({known}")
    # lessons with progress count as known though their files are gone
    assert set(line.removesuffix(")").split(", ")[-2:]) == {"intro", "mse"}
    assert open_store().resets() == []


def test_reset_of_a_lesson_from_a_lessons_folder_is_known(record, tmp_path):
    shipped = (builtin_lessons_dir() / "02-descent-on-theta-squared.yaml").read_text(encoding="utf-8")
    own = shipped.replace("\nid: descent-on-theta-squared\n", "\nid: my-own-lesson\n")
    (tmp_path / "own.yaml").write_text(own, encoding="utf-8")
    assert gdtutor("reset", "my-own-lesson", "--yes").returncode == 2
    result = gdtutor("reset", "my-own-lesson", "--yes", "--lessons", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "no progress in lesson my-own-lesson" in result.stdout


def _reset_on_a_terminal(answer: bytes, *args: str) -> tuple[int, str]:
    """Run `gdtutor reset` with a pseudo-terminal as stdin and stdout, typing ``answer`` at the prompt."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "gdtutor", "reset", *args], stdin=terminal, stdout=terminal, stderr=terminal
    )
    os.close(terminal)
    output = b""
    while b"[y/N]" not in output:
        output += os.read(controller, 1024)
    os.write(controller, answer)
    while True:
        try:
            chunk = os.read(controller, 1024)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(controller)
    return process.wait(timeout=60), output.decode()


def test_reset_on_a_terminal_asks_and_does_it_on_yes(record):
    code, output = _reset_on_a_terminal(b"y\n", "intro")
    assert code == 0, output
    assert "Forget your progress in lesson intro? Your record of attempts is kept." in output
    assert open_store().lesson_state("intro").done == frozenset()


def test_reset_on_a_terminal_declined_changes_nothing_and_is_not_a_failure(record):
    code, output = _reset_on_a_terminal(b"n\n")
    assert code == 0
    assert "Nothing was reset." in output
    assert open_store().lesson_state("intro").done == {"next-theta"}


def test_export_refuses_when_the_saved_record_is_from_a_newer_gdtutor(record, store_backend):
    if store_backend.name == "sqlite":
        store_backend.query("PRAGMA user_version = 99")
    else:
        store_backend.query("UPDATE gdtutor_schema SET version = 99")
    result = gdtutor("export", "--json")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "gdtutor: export: your saved record cannot be read this session, so nothing was exported"
    )
    assert "newer gdtutor" in result.stderr.splitlines()[0]
