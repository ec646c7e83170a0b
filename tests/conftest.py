"""Every test runs with its own empty data folder, so no test reads or writes a real learner's files."""

import pytest


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path_factory, monkeypatch):
    data_dir = tmp_path_factory.mktemp("gdtutor-data")
    monkeypatch.setenv("GDTUTOR_DATA_DIR", str(data_dir))
    monkeypatch.setenv("GDTUTOR_LEARNER", "test-learner")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return data_dir
