"""The committed JSON Schema is the one the format definitions generate, and it accepts real lessons."""

import json
import re
from pathlib import Path

import jsonschema
import pytest

from gdtutor.lessons.schema import HINT, json_schema, render_json_schema
from gdtutor.lessons.yaml_loader import Node, parse_yaml

ROOT = Path(__file__).resolve().parents[3]
SCHEMA_FILE = ROOT / "lessons/lesson.schema.json"


def test_committed_json_schema_is_in_sync_with_the_definitions():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render_json_schema(), (
        "regenerate it: python -c 'from gdtutor.lessons.schema import render_json_schema as r;"
        ' print(r(), end="")\' > lessons/lesson.schema.json'
    )


def test_json_schema_is_a_valid_schema():
    jsonschema.Draft202012Validator.check_schema(json_schema())


def plain(node: Node):
    if node.kind == "mapping":
        return {key: plain(value) for key, (_, value) in node.entries.items()}
    if node.kind == "sequence":
        return [plain(item) for item in node.items]
    return node.value


def lesson_texts():
    texts = [
        (path.name, path.read_text(encoding="utf-8")) for path in sorted((ROOT / "lessons").glob("*.yaml"))
    ]
    guide = (ROOT / "docs/authoring.md").read_text(encoding="utf-8")
    example = re.search(r"## A complete small lesson\n\n```yaml\n(.*?)```", guide, re.S)
    assert example, "docs/authoring.md lost its complete example"
    return [*texts, ("authoring.md example", example.group(1))]


@pytest.mark.parametrize(("name", "text"), lesson_texts(), ids=lambda value: str(value)[:40])
def test_json_schema_accepts_real_lessons(name, text):
    jsonschema.validate(plain(parse_yaml(text, name)), json_schema())


def test_json_schema_rejects_an_unknown_step_kind():
    lesson = {
        "id": "x",
        "title": "x",
        "problem": {"objective": "theta^2", "start": {"theta": 3}},
        "steps": [{"id": "a", "kind": "quiz", "prompt": "?"}],
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(lesson, json_schema())


def test_schema_file_is_json():
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["title"] == "gdtutor lesson"


def test_building_the_schema_writes_only_into_the_definitions_it_is_given():
    defs: dict = {}
    assert HINT.json_schema(defs) == {"$ref": "#/$defs/hint"}
    assert set(defs) == {"hint"}
    assert json_schema() == json_schema()  # nothing kept between builds


@pytest.mark.parametrize("path", sorted((ROOT / "lessons").glob("*.yaml")), ids=lambda path: path.name)
def test_every_shipped_lesson_names_the_schema_beside_it(path):
    """The first line is the same in a checkout and installed (the schema sits beside the course in both),
    and it names the file gdtutor schema --path prints."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=lesson.schema.json"
    assert (path.parent / "lesson.schema.json").resolve() == SCHEMA_FILE.resolve()
