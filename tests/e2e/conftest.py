"""End-to-end tests run the installed ``gdtutor`` in a real terminal (the ``terminal`` fixture, in
tests/conftest.py: a detached tmux session)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest


def gdtutor_executable() -> str:
    beside_python = Path(sys.executable).with_name("gdtutor")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("gdtutor")
    if found is None:
        pytest.fail("the gdtutor command is not installed (pip install . puts it next to python)")
    return found


@pytest.fixture
def gdtutor_command() -> str:
    return gdtutor_executable()
