"""What gdtutor validate says about a folder as a whole: clashes with the built-in course, an empty folder,
the order of its lines, its usage; and what other commands say about warnings (they skip nothing)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BUILTIN = ROOT / "lessons" / "02-descent-on-theta-squared.yaml"


def run(*args, stdin_text=None):
    return subprocess.run(
        [sys.executable, "-m", "gdtutor", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        input=stdin_text,
    )


def test_a_lesson_id_of_a_built_in_lesson_is_reported(tmp_path):
    copy = tmp_path / "mine.yaml"
    copy.write_text(BUILTIN.read_text())
    result = run("validate", str(copy))
    assert result.returncode == 1
    builtin_id = next(line for line in BUILTIN.read_text().splitlines() if line.startswith("id: "))[4:]
    assert f'lesson id "{builtin_id}" is the id of a built-in lesson' in result.stdout
    assert result.stdout.startswith(f"{copy}:")


def test_an_empty_folder_is_reported_as_nothing_found_and_fails(tmp_path):
    (tmp_path / "notes.txt").write_text("not a lesson")
    result = run("validate", str(tmp_path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == f"gdtutor: no lesson files (.yaml, .yml) found in {tmp_path}"


def test_problems_of_a_file_are_printed_in_line_order(tmp_path):
    lesson = tmp_path / "order.yaml"
    lesson.write_text(
        "id: order\ntitle: Order\nproblem:\n  objective: theta^2\n  start: {theta: 3}\n"
        "steps:\n  - id: b\n    kind: number\n    ask: theta\n    prompt: p\n"
        "tests:\n  - {step: b, answer: 2.4, verdict: correct}\n"
        "  - {step: nothing, answer: 1, verdict: wrong}\n"
        "bkt:\n  no-such-skill: {p_slip: 0.1}\n"
    )
    result = run("validate", str(lesson))
    lines = [line.split(":")[1:3] for line in result.stdout.splitlines()]
    assert len(lines) >= 2
    assert lines == sorted(lines, key=lambda where: (int(where[0]), int(where[1])))


def test_help_shows_path_as_required():
    usage = run("validate", "--help").stdout.splitlines()[0]
    assert usage == "usage: gdtutor validate [-h] [--lessons DIR] PATH [PATH ...]"


def test_plain_does_not_call_a_warning_a_skipped_problem(tmp_path):
    warned = tmp_path / "warned.yaml"
    warned.write_text(
        "id: warned-only\ntitle: Only a warning\nproblem:\n  objective: theta^2\n  start: {theta: 3}\n"
        "steps:\n  - id: a\n    kind: read\n    prompt: A lone $ sign.\n"
    )
    assert "warning:" in run("validate", str(warned)).stdout
    result = run("--plain", "--lessons", str(tmp_path), stdin_text="")
    assert "in lesson files" not in result.stderr
