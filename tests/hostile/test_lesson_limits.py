"""Lesson files at and over the limits of gdtutor.limits: every value over a limit is a problem reported at
its file:line:col by validate, fast and small, and every shipped lesson fits with room to spare."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gdtutor import limits
from gdtutor.lessons.loading import read_lesson

ROOT = Path(__file__).resolve().parents[2]


def lesson_text(steps: str = "", problem: str = "objective: theta^2\n  start: {theta: 3}") -> str:
    """A small valid lesson with ``problem`` (indented under problem:) and ``steps`` (YAML list items)."""
    steps = (
        steps or "  - id: only\n    kind: number\n    ask: theta\n    prompt: Where is θ after one update?\n"
    )
    return f"id: hostile\ntitle: Hostile\nproblem:\n  {problem}\nsteps:\n{steps}"


NUMBER_STEP = "  - id: only\n    kind: number\n    ask: theta\n    prompt: go\n"


def _options(count: int) -> str:
    return ", ".join(f"o{index}" for index in range(count))


def _rows(count: int, width: int) -> str:
    return "\n".join("    - [" + ", ".join(["1"] * width) + "]" for _ in range(count))


# (name, lesson text, where the problem must be reported, words of the message)
OVER_THE_LIMITS = [
    (
        "iterate rows (a 182-byte lesson once grew past 7.8 GB)",
        lesson_text("  - id: t\n    kind: iterate\n    rows: [1, 100000000]\n    prompt: go\n"),
        (9, 15),
        "rows",
    ),
    (
        "a table of more rows than the limit",
        lesson_text(
            f"  - id: t\n    kind: iterate\n    rows: [1, {limits.ITERATE_ROWS + 1}]\n    prompt: go\n"
        ),
        (9, 11),
        f"at most {limits.ITERATE_ROWS}",
    ),
    (
        "iterations",
        lesson_text(
            problem=f"objective: theta^2\n  start: {{theta: 3}}\n  iterations: {limits.ITERATIONS + 1}"
        ),
        (6, 15),
        "iterations",
    ),
    (
        "a number step's iteration",
        lesson_text(
            "  - id: n\n    kind: number\n    ask: theta\n"
            f"    iteration: {limits.ITERATIONS + 1}\n    prompt: go\n"
        ),
        (10, 16),
        "iteration",
    ),
    (
        "features (20 rows x 2,000 features x 100,000 iterations once took 11 GB)",
        lesson_text(NUMBER_STEP, problem=f"data:\n{_rows(20, 2001)}\n  iterations: 100000"),
        (5, 7),
        "data[0]",
    ),
    (
        "data rows",
        lesson_text(NUMBER_STEP, problem=f"data:\n{_rows(limits.DATA_ROWS + 1, 2)}"),
        (5, 5),
        "data",
    ),
    (
        "updates x examples x parameters",
        lesson_text(
            NUMBER_STEP, problem=f"data:\n{_rows(limits.DATA_ROWS, 11)}\n  iterations: {limits.ITERATIONS}"
        ),
        (5 + limits.DATA_ROWS, 15),
        "work",
    ),
    (
        "choice options (27 crashed the app)",
        lesson_text(
            f"  - id: c\n    kind: choice\n    prompt: pick\n    options: [{_options(27)}]\n    answer: 27\n"
        ),
        (10, 14),
        "options",
    ),
    (
        "a random range that overflows (crashed validate and opening)",
        lesson_text(NUMBER_STEP, problem="objective: theta^2\n  start: {theta: {random: [-1e308, 1e308]}}"),
        (5, 27),
        "within",
    ),
    (
        "a random grid too fine to draw from",
        lesson_text(
            NUMBER_STEP, problem="objective: theta^2\n  start: {theta: {random: [0, 1], step: 1e-300}}"
        ),
        (5, 41),
        "step",
    ),
    (
        "steps",
        lesson_text(
            "".join(
                f"  - id: s{index}\n    kind: read\n    prompt: go\n" for index in range(limits.STEPS + 1)
            )
        ),
        (7, 3),
        "steps",
    ),
    (
        "a formula",
        lesson_text(NUMBER_STEP, problem="objective: theta^2" + " + theta" * 100 + "\n  start: {theta: 3}"),
        (4, 14),
        "longer than",
    ),
]


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [case[1:] for case in OVER_THE_LIMITS],
    ids=[case[0] for case in OVER_THE_LIMITS],
)
def test_validate_reports_each_limit_at_its_place_fast_and_small(
    write_lesson, run_gdtutor, text, where, words
):
    path = write_lesson(text)
    result = run_gdtutor("validate", str(path), timeout=30, cwd=path.parent)
    assert result.returncode == 1, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"hostile.yaml:{where[0]}:{where[1]}: "), first
    assert words in first


@pytest.mark.parametrize(("text", "where", "words"), [case[1:] for case in OVER_THE_LIMITS[:2]])
def test_the_plain_tutor_refuses_a_lesson_over_the_limits(write_lesson, run_gdtutor, text, where, words):
    path = write_lesson(text)
    result = run_gdtutor("--plain", "--lessons", str(path.parent), "hostile", timeout=30)
    assert result.returncode == 2
    assert "1 problem in its file" in result.stderr and "Traceback" not in result.stderr


def test_a_lesson_file_over_the_byte_limit_is_refused_unread(tmp_path, run_gdtutor):
    # A sparse file of 1 GB: reading it whole once took 2.1 GB before the refusal.
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as stream:
        stream.truncate(1024**3)
    result = run_gdtutor("validate", str(path), timeout=30, cwd=tmp_path)
    assert result.returncode == 1
    assert (
        f"huge.yaml:1:1: not read: the lesson file is larger than {limits.LESSON_BYTES:,} bytes"
        in result.stdout
    )


@pytest.mark.parametrize("path", sorted((ROOT / "lessons").glob("*.yaml")), ids=lambda path: path.name)
def test_every_shipped_lesson_fits_the_limits_with_room(path):
    assert path.stat().st_size * 10 < limits.LESSON_BYTES
    lesson, problems = read_lesson(path)
    assert lesson is not None, problems
    assert len(lesson.steps) * 4 < limits.STEPS
    for spec in [lesson.problem, *(lesson.problem_for(step) for step in lesson.steps)]:
        assert spec.iterations * 3 <= limits.ITERATIONS
        assert len(spec.data or ()) * 10 <= limits.DATA_ROWS
        examples = len(spec.data or ()) or 1
        assert spec.iterations * examples * len(spec.start) * 10 <= limits.DESCENT_WORK
    for step in lesson.steps:
        assert len(getattr(step, "options", ())) * 4 <= limits.CHOICE_OPTIONS
        if hasattr(step, "first"):
            assert (step.last - step.first + 1) * 4 <= limits.ITERATE_ROWS


def test_a_fifo_lesson_file_is_refused_without_hanging(tmp_path, run_gdtutor):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    result = run_gdtutor("validate", str(fifo), timeout=30, cwd=tmp_path)
    assert result.returncode == 1
    assert "fifo.yaml:1:1: not read: is a FIFO, not a lesson file" in result.stdout
