"""A class folder made once per session through the engine (tests/fixtures/classroom.py); tests that
change a class copy it first."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from fixtures.classroom import make_class


@pytest.fixture(scope="session")
def made_class(tmp_path_factory):
    """(folder, ledger) of the generated class; read it, never change it."""
    folder = tmp_path_factory.mktemp("class")
    return folder, make_class(folder)


@pytest.fixture
def class_copy(made_class, tmp_path):
    """A copy of the generated class that a test may change."""
    folder, ledger = made_class
    copy = tmp_path / "class"
    shutil.copytree(folder, copy)
    return copy, ledger


@pytest.fixture
def gdtutor():
    """Run ``gdtutor ARGS`` as a teacher runs it: a process."""

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "gdtutor", *args], input=stdin, capture_output=True, text=True, check=False
        )

    return run
