"""``gdtutor validate`` and the JSON Schema an editor checks against agree about a lesson's shape: a broken
lesson is refused by both, at the same key, and what one accepts the other accepts. The editor's side reads
the YAML as YAML 1.2 does (as yaml-language-server does), so ``1e-3`` is a number and ``yes`` is text.

What only validate can see (a formula that does not parse, an answer the solver disagrees with) is the
schema's known blind spot, and is tested as such."""

from __future__ import annotations

import re

import jsonschema
import pytest

from gdtutor.lessons.loading import parse_lesson
from gdtutor.lessons.schema import json_schema
from gdtutor.lessons.yaml_loader import Node, parse_yaml

LESSON = """\
id: agree
title: Agree
problem:
  objective: theta^2
  start: {theta: 3}
  alpha: 0.1
steps:
  - id: one
    kind: number
    ask: theta
    iteration: 1
    prompt: What is θ after one update?
"""

# YAML 1.2 core schema, tag resolution of plain scalars (spec 1.2.2, section 10.3.2)
YAML12 = [
    (re.compile(r"null|Null|NULL|~|"), lambda text: None),
    (re.compile(r"true|True|TRUE"), lambda text: True),
    (re.compile(r"false|False|FALSE"), lambda text: False),
    (re.compile(r"[-+]?[0-9]+"), int),
    (re.compile(r"0o[0-7]+"), lambda text: int(text[2:], 8)),
    (re.compile(r"0x[0-9a-fA-F]+"), lambda text: int(text[2:], 16)),
    (re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"), float),
]


def as_editor_reads(node: Node):
    if node.kind == "mapping":
        return {key: as_editor_reads(value) for key, (_, value) in node.entries.items()}
    if node.kind == "sequence":
        return [as_editor_reads(item) for item in node.items]
    if node.style is None:
        for pattern, convert in YAML12:
            if pattern.fullmatch(node.text):
                return convert(node.text)
    return node.value if isinstance(node.value, str) else node.text


def schema_errors(text: str) -> list[jsonschema.ValidationError]:
    validator = jsonschema.Draft202012Validator(json_schema())
    return list(validator.iter_errors(as_editor_reads(parse_yaml(text, "agree.yaml"))))


def validate_messages(text: str) -> list[str]:
    _, problems = parse_lesson(text, "agree.yaml")
    return [str(problem) for problem in problems if problem.severity == "error"]


def edit(old: str, new: str) -> str:
    assert old in LESSON
    return LESSON.replace(old, new)


def with_step(*lines: str) -> str:
    return LESSON + "".join(f"    {line}\n" for line in lines)


# (case, lesson text, the key both must name, words validate's message must hold)
REFUSED = [
    ("quoted alpha", edit("alpha: 0.1", 'alpha: "0.05"'), "alpha", "a number in quotes is text"),
    ("typographic minus", edit("{theta: 3}", "{theta: −3}"), "theta", "write the minus sign as -"),
    ("quoted iterations", edit("alpha: 0.1", "iterations: '10'"), "iterations", "without quotes"),
    ("underscore in a number", edit("alpha: 0.1", "iterations: 1_000"), "iterations", "without _"),
    ("yes for a flag", edit("alpha: 0.1", "normalize: yes"), "normalize", "true or false"),
    ("decimals with sigfigs", with_step("decimals: 2", "sigfigs: 3"), "sigfigs", "not both"),
    ("lesson decimals with sigfigs", "decimals: 2\nsigfigs: 3\n" + LESSON, "sigfigs", "not both"),
    ("two sources", edit("  start:", "  data: [[1, 2], [2, 4]]\n  start:"), "data", "only one of"),
    ("no source", edit("  objective: theta^2\n", ""), "problem", "needs one of objective, data, data_file"),
    ("step with two sources", with_step("objective: theta^4", "data_file: d.csv"), "data_file", "only one"),
    ("misspelled step key", edit("    prompt:", "    promt:"), "promt", 'unknown key "promt"'),
    ("key of another kind", with_step("options: [a, b]"), "options", 'unknown key "options"'),
    ("unknown kind", edit("kind: number", "kind: quiz"), "kind", "must be one of read, number"),
    ("missing kind", edit("    kind: number\n", ""), "kind", 'missing required key "kind"'),
    ("negative alpha", edit("alpha: 0.1", "alpha: -0.1"), "alpha", "positive number"),
    ("whole number wanted", with_step("decimals: 1.5"), "decimals", "whole number"),
    ("true as a title", edit("title: Agree", "title: true"), "title", "must be text"),
    ("a blank title", edit("title: Agree", "title: ' '"), "title", "must not be empty"),
    ("a negative step id", edit("- id: one", "- id: -1"), "id", "a name of lowercase letters"),
]

ACCEPTED = [
    ("exponent without a point", edit("alpha: 0.1", "alpha: 1e-3")),
    ("a whole float", edit("alpha: 0.1", "iterations: 4.0")),
    ("a step replacing the objective", with_step("objective: theta^4", "start: {theta: 1}")),
    ("decimals alone", with_step("decimals: 2")),
    ("a number as a title", edit("title: Agree", "title: 2024")),
    ("yes as text", edit("title: Agree", "title: yes")),
    ("a number as a step id", edit("- id: one", "- id: 1")),
]


@pytest.mark.parametrize(("case", "text", "key", "words"), REFUSED, ids=[case[0] for case in REFUSED])
def test_both_refuse_the_lesson_and_name_the_same_key(case, text, key, words):
    messages = validate_messages(text)
    assert messages, f"validate accepted {case}"
    assert any(words in message and key in message for message in messages), messages
    errors = schema_errors(text)
    assert errors, f"the JSON Schema accepted {case}"
    assert any(names(error, key) for error in errors), [error.message for error in errors]


def names(error: jsonschema.ValidationError, key: str) -> bool:
    """Whether a schema error is about ``key``: at it, quoting it, or (a key the presence of another forbids:
    jsonschema drops the path of a false schema) under that other key's rule."""
    return (
        key in map(str, error.absolute_path)
        or f"'{key}'" in error.message
        or key in map(str, error.absolute_schema_path)
    )


@pytest.mark.parametrize(("case", "text"), ACCEPTED, ids=[case[0] for case in ACCEPTED])
def test_both_accept_the_lesson(case, text):
    assert validate_messages(text) == []
    assert [error.message for error in schema_errors(text)] == []


def test_a_misspelled_key_in_a_step_is_not_reported_as_every_other_kind():
    errors = schema_errors(edit("    prompt:", "    promt:"))
    messages = sorted(error.message for error in errors)
    assert messages == [
        "'prompt' is a required property",
        "Additional properties are not allowed ('promt' was unexpected)",
    ]


def test_what_only_validate_checks_passes_the_schema():
    """The schema checks the shape; formulas and the solver's numbers are validate's alone."""
    text = edit("objective: theta^2", "objective: theta^^2")
    assert any("does not parse" in message for message in validate_messages(text))
    assert schema_errors(text) == []


def test_the_schema_says_in_validates_words_which_keys_exclude_each_other():
    """yaml-language-server and VS Code show a schema's errorMessage where the false schema of the extra key
    fails, so the editor says what validate says."""
    step = json_schema()["properties"]["steps"]["items"]["allOf"][1]["then"]
    assert step["dependentSchemas"]["decimals"] == {
        "properties": {"sigfigs": False},
        "errorMessage": "give decimals or sigfigs, not both",
    }
    assert step["dependentSchemas"]["data"]["errorMessage"] == "give only one of objective, data, data_file"
    problem = json_schema()["properties"]["problem"]
    assert problem["allOf"][0]["anyOf"][0] == {
        "required": ["objective"],
        "errorMessage": "needs one of objective, data, data_file",
    }
