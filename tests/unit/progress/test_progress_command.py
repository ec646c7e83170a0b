"""`gdtutor progress` over real lesson files, one of them edited since the learner's last visit."""

import subprocess
import sys
from pathlib import Path

import pytest

from gdtutor.lessons.loading import load_lesson
from gdtutor.progress.store import Attempt
from gdtutor.progress.stores import open_store

pytestmark = pytest.mark.usefixtures("store_backend")

HEADER = """\
id: my-bowl
title: A bowl of my own
summary: Descent on $J(\\theta) = \\theta^2$.
skills: [power-rule, update-rule]
problem:
  objective: theta^2
  start: {theta: 3}
  alpha: 0.1
decimals: 3
steps:
"""
STEPS = {
    "welcome": "  - id: welcome\n    kind: read\n    prompt: Welcome.\n",
    "derivative": (
        "  - id: derivative\n    kind: formula\n    ask: derivative\n    skills: [power-rule]\n"
        "    prompt: What is the derivative?\n"
    ),
    "next-theta": (
        "  - id: next-theta\n    kind: number\n    ask: theta\n    iteration: 1\n    skills: [update-rule]\n"
        "    prompt: What is theta after one update?\n"
    ),
    "second-theta": (
        "  - id: second-theta\n    kind: number\n    ask: theta\n    iteration: 2\n"
        "    prompt: And after two?\n"
    ),
    "cost": "  - id: cost\n    kind: number\n    ask: cost\n    iteration: 1\n    prompt: What is J there?\n",
}


def _write_lesson(folder: Path, step_ids: list[str]) -> Path:
    path = folder / "my-bowl.yaml"
    path.write_text(HEADER + "".join(STEPS[step_id] for step_id in step_ids), encoding="utf-8")
    return path


def _progress(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdtutor", "progress", "--lessons", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )


def _block(output: str) -> list[str]:
    lines = output.splitlines()
    start = lines.index("  my-bowl: A bowl of my own")
    return lines[start : start + 3]


@pytest.fixture
def lessons(tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    return folder


def test_progress_shows_steps_attempts_and_mastery_per_lesson(lessons):
    _write_lesson(lessons, ["welcome", "derivative", "next-theta"])
    with open_store() as store:
        store.step_done("my-bowl", "welcome")
        store.record_attempt(Attempt("my-bowl", "derivative", 1, "2theta", "correct", skills=("power-rule",)))
        store.step_done("my-bowl", "derivative")
        store.set_current("my-bowl", "next-theta")
    result = _progress(lessons)
    assert result.returncode == 0, result.stderr
    assert _block(result.stdout) == [
        "  my-bowl: A bowl of my own",
        "    2/3 steps done, 1 attempt",
        "    mastery: the power rule 60%, the update rule not practised yet",
    ]


def test_resume_and_progress_after_the_lesson_file_gained_and_lost_steps(lessons):
    _write_lesson(lessons, ["welcome", "derivative", "next-theta", "cost"])
    with open_store() as store:
        for step_id in ["welcome", "derivative", "next-theta"]:
            store.record_attempt(Attempt("my-bowl", step_id, 1, "x", "correct"))
            store.step_done("my-bowl", step_id)
        store.set_current("my-bowl", "cost")
    # the teacher removed next-theta and cost, and added second-theta between the others
    edited = load_lesson(_write_lesson(lessons, ["welcome", "second-theta", "derivative"]))
    step_ids = [step.id for step in edited.steps]

    state = open_store().lesson_state("my-bowl")

    assert state.done_among(step_ids) == ["welcome", "derivative"]
    assert state.resume_step(step_ids) == "second-theta"  # the current step is gone: the first one not done
    assert _block(_progress(lessons).stdout)[1] == "    2/3 steps done, 2 attempts"
    assert len(open_store().attempts()) == 3  # the removed step's record stays in the history


def test_progress_of_a_new_learner(lessons):
    _write_lesson(lessons, ["welcome", "derivative"])
    result = _progress(lessons)
    assert result.returncode == 0, result.stderr
    assert _block(result.stdout)[1:] == [
        "    0/2 steps done, 0 attempts",
        "    mastery: the power rule not practised yet",
    ]
    assert "Skills mastered: 0 of" in result.stdout


def test_progress_in_a_lesson_that_is_gone_is_named(lessons):
    _write_lesson(lessons, ["welcome"])
    with open_store() as store:
        store.step_done("retired-lesson", "a")
    assert "no longer available: retired-lesson" in _progress(lessons).stdout
