"""``gdtutor schema`` prints the lesson schema an editor needs, or where the installed copy is."""

import json
from pathlib import Path

import pytest

from gdtutor.cli import main
from gdtutor.lessons.schema import json_schema


def test_schema_prints_the_schema_validate_is_built_from(capsys: pytest.CaptureFixture[str]):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema()


def test_schema_path_names_the_installed_file(capsys: pytest.CaptureFixture[str]):
    assert main(["schema", "--path"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.is_absolute() and path.name == "lesson.schema.json"
    assert json.loads(path.read_text(encoding="utf-8")) == json_schema()
