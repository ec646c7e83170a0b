"""`gdtutor where` and `gdtutor --help`: a new user can find their files and the settings that move them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gdtutor.progress.learner import database_path


def gdtutor(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdtutor", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env=env,
    )


def where() -> dict[str, str]:
    result = gdtutor("where")
    assert result.returncode == 0, result.stderr
    return dict(line.split("  ", 1) for line in result.stdout.splitlines())


def test_where_names_the_data_folder_the_lesson_folder_and_the_store(isolated_data_dir):
    rows = {what.strip(): place.strip() for what, place in where().items()}
    assert rows["data folder"] == str(isolated_data_dir)
    assert rows["your lessons"] == f"{isolated_data_dir / 'lessons'} (not created yet)"
    assert rows["learner"] == "test-learner"
    assert rows["progress store"] == f"{database_path()} (not created yet)"
    assert str(isolated_data_dir) in rows["progress store"]


def test_where_marks_what_exists_and_shows_the_guides_and_examples(isolated_data_dir):
    (isolated_data_dir / "lessons").mkdir()
    rows = {what.strip(): place.strip() for what, place in where().items()}
    assert rows["your lessons"] == str(isolated_data_dir / "lessons")
    assert (Path(rows["guides"]) / "authoring.md").is_file()
    assert (Path(rows["example data"]) / "houses.csv").is_file()
    assert Path(rows["built-in course"]).is_dir()


def test_where_escapes_a_data_folder_name_with_control_characters(isolated_data_dir, monkeypatch):
    monkeypatch.setenv("GDTUTOR_DATA_DIR", str(isolated_data_dir / "evil\x1b[2J"))
    result = gdtutor("where")
    assert result.returncode == 0
    assert "\x1b" not in result.stdout


def test_help_lists_the_environment_variables_and_the_exit_codes():
    text = gdtutor("--help").stdout
    environment = text.partition("environment:")[2].partition("exit codes:")[0]
    for name in ("GDTUTOR_DATA_DIR", "GDTUTOR_LEARNER"):
        assert f"\n  {name}" in environment
    codes = text.partition("exit codes:")[2]
    for code in ("0", "1", "2"):
        assert f"\n  {code}  " in codes
    assert "where " in text.partition("commands")[2]
