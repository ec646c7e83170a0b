"""Helpers for the hostile-input suites: run a gdtutor command in a child process with a memory cap and a
time limit, so an input that still explodes fails its test instead of taking the machine down."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

# Far above what any command needs (about 100 MB), far below what the exploding inputs reached (gigabytes).
MEMORY_CAP = 1024 * 1024 * 1024


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _run_gdtutor(*args: str, stdin: str = "", timeout: float = 60, cwd: Path | None = None):
    """``python -m gdtutor ARGS`` with capped memory; a timeout fails the test with the command named."""
    try:
        return subprocess.run(
            [sys.executable, "-m", "gdtutor", *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=cwd,
            preexec_fn=_cap_memory,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"gdtutor {' '.join(args)} did not finish within {timeout} s")


@pytest.fixture
def write_lesson(tmp_path):
    def write(text: str, name: str = "hostile.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def run_gdtutor():
    """The function ``run_gdtutor(*args, stdin=, timeout=, cwd=)``: gdtutor in a capped child process."""
    return _run_gdtutor
