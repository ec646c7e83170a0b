"""A class folder made once per session through the engine (tests/fixtures/classroom.py); tests that
change a class copy it first."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "classroom.py"


def load_fixture_module():
    spec = importlib.util.spec_from_file_location("classroom_fixture", FIXTURE)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("classroom_fixture", module)
    spec.loader.exec_module(module)
    return sys.modules["classroom_fixture"]


@pytest.fixture(scope="session")
def made_class(tmp_path_factory):
    """(folder, ledger) of the generated class; read it, never change it."""
    folder = tmp_path_factory.mktemp("class")
    return folder, load_fixture_module().make_class(folder)


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
