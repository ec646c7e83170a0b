"""Fixtures for the server's tests; what they drive is in harness.py (importable from the tests here)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("asyncssh", reason="gdtutor serve needs the server extra (pip install '.[test]')")
sys.path.insert(0, str(Path(__file__).parent))

from harness import Server, enrol_into, stop_all


def require_ssh() -> None:
    if shutil.which("ssh") is None:
        pytest.skip("the OpenSSH client is not installed (.ci/run installs it)")


@pytest.fixture
def class_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "class"
    folder.mkdir(mode=0o700)
    return folder


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def start_server(class_dir: Path, home: Path) -> Iterator:
    """``start_server(*options)``: a server on this test's class folder (stopped at the end)."""
    require_ssh()
    servers: list[Server] = []

    def start(*options: str) -> Server:
        server = Server(class_dir, home, *options)
        servers.append(server)
        return server

    yield start
    stop_all(servers)


@pytest.fixture
def enrol(class_dir: Path, home: Path):
    """``enrol(name, teacher=False)``: a new key enrolled in this test's class folder."""
    return lambda name, teacher=False: enrol_into(class_dir, home, name, teacher)


class Classroom:
    """A class folder with a running server, shared by a module's tests; ``enrol`` works while it runs."""

    def __init__(self, root: Path, *options: str) -> None:
        self.dir = root / "class"
        self.dir.mkdir(mode=0o700)
        self.home = root / "home"
        self.home.mkdir()
        self.server = Server(self.dir, self.home, *options)

    def enrol(self, name: str, teacher: bool = False) -> Path:
        return enrol_into(self.dir, self.home, name, teacher)


@pytest.fixture(scope="module")
def classroom(tmp_path_factory) -> Iterator[Classroom]:
    """One server for the module's tests (each test enrols its own learners)."""
    require_ssh()
    room = Classroom(tmp_path_factory.mktemp("classroom"))
    yield room
    stop_all([room.server])
