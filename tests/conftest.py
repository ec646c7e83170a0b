"""Every test runs with its own empty data folder, so no test reads or writes a real learner's files.

``postgres_cluster`` is one throwaway PostgreSQL cluster for the whole run (see tests/pgcluster.py), and
``postgres_database`` a fresh empty database in it for one test. If the cluster cannot start, every test that
needs it fails with the reason: PostgreSQL tests are never skipped. ``terminal`` is a program in a real
terminal (tmux; see tests/terminal.py).
"""

import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # pgcluster is shared with the benchmarks

from pgcluster import ClusterUnavailable, start_cluster
from terminal import Terminal


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path_factory, monkeypatch):
    data_dir = tmp_path_factory.mktemp("gdtutor-data")
    monkeypatch.setenv("GDTUTOR_DATA_DIR", str(data_dir))
    monkeypatch.setenv("GDTUTOR_LEARNER", "test-learner")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("GDTUTOR_STORE", raising=False)
    return data_dir


@pytest.fixture(scope="session")
def postgres_cluster():
    try:
        cluster = start_cluster()
    except ClusterUnavailable as error:
        pytest.fail(str(error), pytrace=False)
    yield cluster
    cluster.stop()


@pytest.fixture
def postgres_database(postgres_cluster):
    """The name of a fresh, empty database owned by ``gdtutor_owner``."""
    return postgres_cluster.new_database()


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    term = Terminal(f"gdtutor-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    yield term
    term.stop()
