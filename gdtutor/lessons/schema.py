"""The lesson format, defined once: the shape checks of ``validate`` and ``lesson.schema.json`` both come from
here.

Each type below knows three things: how to check a YAML ``Node`` (reporting ``Problem``s at exact positions
and returning the plain value), how to describe itself in an error ("a positive number"), and its JSON Schema.
Checks that need maths (formulas parse, answers agree with the solver) live in ``validate``."""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gdtutor import limits
from gdtutor.lessons.model import (
    COSTS,
    EXPLORE_PREDICTIONS,
    FORMULA_ASKS,
    ITERATE_COLUMNS,
    NUMBER_ASKS,
    OUTCOMES,
    RULES,
    STEP_KINDS,
    VERDICTS,
    Position,
    Problem,
    RandomNumber,
)
from gdtutor.lessons.yaml_loader import Node
from gdtutor.safe_text import excerpt, safe_text

ID_PATTERN = "^[a-z0-9][a-z0-9-]*$"
PARAM_PATTERN = "^theta[0-9]*$"


@dataclass
class Report:
    """Problems found so far, and the position of every value checked, by path (``steps[2].alpha``)."""

    problems: list[Problem] = field(default_factory=list)
    positions: dict[str, Position] = field(default_factory=dict)
    # For one-line plain or quoted scalars: how many characters come before the text itself (the quote).
    text_offsets: dict[str, int] = field(default_factory=dict)

    def error(self, position: Position, message: str) -> None:
        self.problems.append(Problem.at(position, message))


class Invalid(Exception):
    """Raised inside a check once its problem is reported, so the parent skips the value."""


def shown(node: Node) -> str:
    """How a wrong value is quoted back: strings in quotes with control characters escaped, others by kind."""
    if node.kind == "mapping":
        return "a mapping"
    if node.kind == "sequence":
        return "a list"
    if node.value is None:
        return "nothing"
    if isinstance(node.value, str):
        text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        return json.dumps(text)
    return node.text or str(node.value)


def _label(path: str) -> str:
    return path or "the lesson"


class Type:
    description = "a value"

    def check(self, node: Node, path: str, report: Report) -> Any:
        report.positions[path] = node.position
        if node.kind == "scalar" and node.style in (None, "'", '"') and "\n" not in node.text:
            report.text_offsets[path] = 0 if node.style is None else 1
        return self._check(node, path, report)

    def _check(self, node: Node, path: str, report: Report) -> Any:
        raise NotImplementedError

    def fail(self, node: Node, path: str, report: Report) -> Invalid:
        report.error(node.position, f"{_label(path)} must be {self.description}, got {shown(node)}")
        return Invalid()

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass
class Text(Type):
    """A non-empty string. ``markdown`` marks prose shown to the learner (Markdown with ``$…$`` math)."""

    doc: str = ""
    markdown: bool = False
    max_length: int = limits.TEXT_CHARS

    @property
    def description(self) -> str:
        return "text"

    def _check(self, node: Node, path: str, report: Report) -> str:
        if node.kind != "scalar" or node.value is None or isinstance(node.value, bool):
            raise self.fail(node, path, report)
        text = node.value if isinstance(node.value, str) else node.text
        if not text.strip():
            report.error(node.position, f"{_label(path)} must not be empty")
            raise Invalid()
        if len(text) > self.max_length:
            report.error(node.position, f"{_label(path)} is longer than {self.max_length} characters")
            raise Invalid()
        return safe_text(text)  # the escaping boundary: no lesson text drives a terminal

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "description": self.doc}


@dataclass
class Name(Type):
    """An identifier matching ``pattern``."""

    doc: str = ""
    pattern: str = ID_PATTERN
    description: str = "a name of lowercase letters, digits and hyphens"

    def _check(self, node: Node, path: str, report: Report) -> str:
        if node.kind != "scalar" or not isinstance(node.value, (str, int)) or isinstance(node.value, bool):
            raise self.fail(node, path, report)
        text = str(node.value)
        if not re.fullmatch(self.pattern, text):
            raise self.fail(node, path, report)
        return text

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": self.pattern, "description": self.doc}


@dataclass
class Choice(Type):
    """One of a fixed set of words."""

    options: tuple[str, ...]
    doc: str = ""

    @property
    def description(self) -> str:
        return "one of " + ", ".join(self.options)

    def _check(self, node: Node, path: str, report: Report) -> str:
        if node.kind != "scalar" or not isinstance(node.value, str):
            raise self.fail(node, path, report)
        if node.value not in self.options:
            close = difflib.get_close_matches(node.value, self.options, n=1)
            suggestion = f' (did you mean "{close[0]}"?)' if close else ""
            report.error(
                node.position, f"{_label(path)} must be {self.description}, got {shown(node)}{suggestion}"
            )
            raise Invalid()
        return node.value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.options), "description": self.doc}


@dataclass
class Integer(Type):
    doc: str = ""
    minimum: int | None = None
    maximum: int | None = None

    @property
    def description(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f"a whole number from {self.minimum} to {self.maximum}"
        if self.minimum == 0:
            return "a whole number, 0 or more"
        if self.minimum is not None:
            return f"a whole number, at least {self.minimum}"
        return "a whole number"

    def _check(self, node: Node, path: str, report: Report) -> int:
        value = node.value
        if node.kind != "scalar" or isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(node, path, report)
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            raise self.fail(node, path, report)
        return value

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer", "description": self.doc}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return schema


def _as_float(node: Node) -> float | None:
    """A finite number written as a YAML number or as text such as ``1e-3``; None otherwise."""
    if node.kind != "scalar" or isinstance(node.value, bool) or node.value is None:
        return None
    if isinstance(node.value, (int, float)):
        value = float(node.value)
    else:
        try:
            value = float(str(node.value).replace("\u2212", "-"))
        except ValueError:
            return None
    return value if math.isfinite(value) else None


@dataclass
class Number(Type):
    """A finite number; with ``random`` also ``{random: [low, high], step: s}``, drawn per learner."""

    doc: str = ""
    positive: bool = False
    random: bool = False

    @property
    def description(self) -> str:
        return "a positive number" if self.positive else "a number"

    def _check(self, node: Node, path: str, report: Report) -> float | RandomNumber:
        if node.kind == "mapping" and self.random and "random" in node.entries:
            return _RANDOM.check_draw(node, path, report, self.positive)
        value = _as_float(node)
        if value is None or (self.positive and value <= 0):
            raise self.fail(node, path, report)
        return value

    def json_schema(self) -> dict[str, Any]:
        number: dict[str, Any] = {"type": "number"}
        if self.positive:
            number["exclusiveMinimum"] = 0
        if not self.random:
            return {**number, "description": self.doc}
        return {"description": self.doc, "anyOf": [number, {"$ref": "#/$defs/random"}]}


@dataclass
class _WrittenText(Type):
    """A scalar kept exactly as the author wrote it (``2.40`` stays ``2.40``), number or text."""

    doc: str = ""
    accepts_booleans: bool = True

    def _check(self, node: Node, path: str, report: Report) -> str:
        if node.kind != "scalar" or node.value is None:
            raise self.fail(node, path, report)
        if isinstance(node.value, bool) and not self.accepts_booleans:
            raise self.fail(node, path, report)
        return node.value if isinstance(node.value, str) else node.text

    def json_schema(self) -> dict[str, Any]:
        return {"type": ["string", "number"], "description": self.doc}


@dataclass
class Formula(_WrittenText):
    """A formula in the expression syntax (``2*theta``, ``theta^2``, ``1/m * sum(h - y)``); parsed by
    validate."""

    description: str = "a formula (text such as 2*theta)"
    accepts_booleans: bool = False

    def _check(self, node: Node, path: str, report: Report) -> str:
        text = super()._check(node, path, report)
        if len(text) > limits.FORMULA_CHARS:
            report.error(node.position, f"{_label(path)} is longer than {limits.FORMULA_CHARS} characters")
            raise Invalid()
        return text


@dataclass
class Answer(_WrittenText):
    """A sample answer, as the learner would type it."""

    description: str = "an answer as the learner would type it"


@dataclass
class Flag(Type):
    doc: str = ""
    description: str = "true or false"

    def _check(self, node: Node, path: str, report: Report) -> bool:
        if node.kind != "scalar" or not isinstance(node.value, bool):
            raise self.fail(node, path, report)
        return node.value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean", "description": self.doc}


@dataclass
class ListOf(Type):
    item: Type
    doc: str = ""
    min_items: int = 0
    max_items: int | None = None
    what: str = ""  # how to name it in a message ("a list of hints"), instead of describing the items

    @property
    def description(self) -> str:
        if self.what:
            return self.what
        if self.max_items is not None and self.max_items == self.min_items:
            return f"a list of {self.min_items} items, each {self.item.description}"
        if self.min_items:
            return f"a list of at least {self.min_items}, each {self.item.description}"
        return f"a list, each {self.item.description}"

    def _check(self, node: Node, path: str, report: Report) -> list[Any]:
        if node.kind != "sequence":
            raise self.fail(node, path, report)
        count = len(node.items)
        if count < self.min_items or (self.max_items is not None and count > self.max_items):
            got = f"{count} item{'s' * (count != 1)}"
            report.error(node.position, f"{_label(path)} must be {self.description}, got {got}")
            raise Invalid()
        values, ok = [], True
        for index, item in enumerate(node.items):
            try:
                values.append(self.item.check(item, f"{path}[{index}]", report))
            except Invalid:
                ok = False
        if not ok:
            raise Invalid()
        return values

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema(), "description": self.doc}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.max_items is not None:
            schema["maxItems"] = self.max_items
        return schema


@dataclass
class Field:
    type: Type
    required: bool = False


@dataclass
class Record(Type):
    """A mapping with known keys. Unknown keys are problems (with a "did you mean")."""

    fields: Mapping[str, Field]
    doc: str = ""
    title: str = ""
    description: str = "a mapping"

    def _check(self, node: Node, path: str, report: Report) -> dict[str, Any]:
        if node.kind != "mapping":
            raise self.fail(node, path, report)
        return self.check_entries(node, path, report, skip=())

    def check_entries(self, node: Node, path: str, report: Report, skip: tuple[str, ...]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        ok = True
        for name, (key, value) in node.entries.items():
            if name in skip:
                continue
            child = f"{path}.{name}" if path else name
            if name not in self.fields:
                close = difflib.get_close_matches(name, list(self.fields), n=1) or [
                    field for field in self.fields if field.startswith(name)
                ]
                suggestion = f' (did you mean "{close[0]}"?)' if close else ""
                report.error(key.position, f'{_label(path)}: unknown key "{excerpt(name)}"{suggestion}')
                ok = False
                continue
            try:
                values[name] = self.fields[name].type.check(value, child, report)
            except Invalid:
                ok = False
        for name, spec in self.fields.items():
            if spec.required and name not in node.entries:
                report.error(node.position, f'{_label(path)}: missing required key "{name}"')
                ok = False
        if not ok:
            raise Invalid()
        return values

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {name: spec.type.json_schema() for name, spec in self.fields.items()},
            "additionalProperties": False,
        }
        required = [name for name, spec in self.fields.items() if spec.required]
        if required:
            schema["required"] = required
        if self.title:
            schema["title"] = self.title
        if self.doc:
            schema["description"] = self.doc
        return schema


@dataclass
class TextOrRecord(Type):
    """Either plain text (shorthand) or a record whose ``key`` holds that text (``- "hint"`` or
    ``- {text: "hint", after_attempts: 2}``)."""

    record: Record
    key: str
    doc: str = ""

    @property
    def description(self) -> str:
        return f"text, or a mapping with {self.key}"

    def _check(self, node: Node, path: str, report: Report) -> dict[str, Any]:
        if node.kind == "mapping":
            return self.record.check(node, path, report)
        if node.kind == "scalar" and isinstance(node.value, str):
            return {self.key: Text().check(node, path, report)}
        raise self.fail(node, path, report)

    def json_schema(self) -> dict[str, Any]:
        return {
            "description": self.doc,
            "anyOf": [{"type": "string", "minLength": 1}, self.record.json_schema()],
        }


@dataclass
class Named(Type):
    """Checks as ``type`` does; in the JSON Schema it is written once under ``$defs/name`` and referred to."""

    name: str
    type: Type

    @property
    def description(self) -> str:
        return self.type.description

    def _check(self, node: Node, path: str, report: Report) -> Any:
        return self.type._check(node, path, report)

    def json_schema(self) -> dict[str, Any]:
        _DEFINITIONS[self.name] = self.type.json_schema()
        return {"$ref": f"#/$defs/{self.name}"}


# Filled while json_schema() runs: every Named type's definition.
_DEFINITIONS: dict[str, Any] = {}


@dataclass
class Random(Type):
    """``{random: [low, high], step: s}``: a number drawn per learner from the range, on a grid of s."""

    description: str = "{random: [low, high]} with low < high, and an optional positive step"

    def check_draw(self, node: Node, path: str, report: Report, positive: bool) -> RandomNumber:
        report.positions[path] = node.position
        record = Record(
            {
                "random": Field(ListOf(Number(), min_items=2, max_items=2), required=True),
                "step": Field(Number(positive=True)),
            }
        )
        values = record.check(node, path, report)
        low, high = values["random"]
        step = values.get("step")
        if low >= high:
            report.error(
                node.entries["random"][1].position, f"{path}.random must be [low, high] with low < high"
            )
            raise Invalid()
        if positive and low <= 0:
            report.error(node.entries["random"][1].position, f"{path}.random must draw positive numbers only")
            raise Invalid()
        if max(abs(low), abs(high)) > limits.RANDOM_MAGNITUDE:
            report.error(
                node.entries["random"][1].position,
                f"{path}.random must stay within ±{limits.RANDOM_MAGNITUDE:g}",
            )
            raise Invalid()
        if step is not None and step > high - low:
            report.error(
                node.entries["step"][1].position, f"{path}.step is larger than the range it steps through"
            )
            raise Invalid()
        if step is not None and (high - low) / step > limits.RANDOM_GRID:
            report.error(
                node.entries["step"][1].position,
                f"{path}.step makes more than {limits.RANDOM_GRID:,} values to draw from; use a larger step",
            )
            raise Invalid()
        return RandomNumber(low, high, step)

    def _check(self, node: Node, path: str, report: Report) -> RandomNumber:
        return self.check_draw(node, path, report, positive=False)

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "description": "a number drawn per learner from [low, high], on a grid of step",
            "examples": [{"random": [1, 5], "step": 0.5}],
            "properties": {
                "random": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
                "step": {"type": "number", "exclusiveMinimum": 0},
            },
            "required": ["random"],
            "additionalProperties": False,
        }


_RANDOM = Random()


@dataclass
class Start(Type):
    """Where descent starts: ``{theta: 3}`` (names to numbers) or ``[θ0, θ1]`` in parameter order."""

    doc: str = "where descent starts: {theta: 3}, {theta1: 1, theta2: -2}, [θ0, θ1] in parameter order, or 3"
    description: str = "a mapping of parameter names to numbers, a list of numbers, or one number"

    def _check(self, node: Node, path: str, report: Report) -> dict[str, Any] | list[Any]:
        number = Number(random=True)
        if node.kind == "sequence":
            return ListOf(number, min_items=1, max_items=limits.FEATURES + 1).check(node, path, report)
        if node.kind == "scalar" and _as_float(node) is not None:
            return [number.check(node, path, report)]  # start: 3, for a problem with one parameter
        if node.kind != "mapping" or not node.entries:
            raise self.fail(node, path, report)
        values, ok = {}, True
        for name, (key, value) in node.entries.items():
            if not re.fullmatch(PARAM_PATTERN, name):
                report.error(
                    key.position,
                    f'{path}: "{excerpt(name)}" is not a parameter name (theta, theta0, theta1, ...)',
                )
                ok = False
                continue
            try:
                values[name] = number.check(value, f"{path}.{name}", report)
            except Invalid:
                ok = False
        if not ok:
            raise Invalid()
        return values

    def json_schema(self) -> dict[str, Any]:
        number = Number(random=True).json_schema()
        return {
            "description": self.doc,
            "anyOf": [
                {
                    "type": "object",
                    "patternProperties": {PARAM_PATTERN: number},
                    "additionalProperties": False,
                },
                {"type": "array", "items": number, "minItems": 1},
                number,
            ],
        }


@dataclass
class MapOf(Type):
    """A mapping from names (``ID_PATTERN``) to values of one type, e.g. skill id -> BKT parameters."""

    value: Type
    doc: str = ""
    description: str = "a mapping of names to values"

    def _check(self, node: Node, path: str, report: Report) -> dict[str, Any]:
        if node.kind != "mapping":
            raise self.fail(node, path, report)
        values, ok = {}, True
        for name, (key, value) in node.entries.items():
            if not re.fullmatch(ID_PATTERN, name):
                report.error(
                    key.position,
                    f'{path}: "{excerpt(name)}" is not a name of lowercase letters, digits and hyphens',
                )
                ok = False
                continue
            try:
                values[name] = self.value.check(value, f"{path}.{name}", report)
            except Invalid:
                ok = False
            # Problems with an entry as a whole (an unknown name) point at its name.
            report.positions[f"{path}.{name}"] = key.position
        if not ok:
            raise Invalid()
        return values

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "description": self.doc,
            "patternProperties": {ID_PATTERN: self.value.json_schema()},
            "additionalProperties": False,
        }


@dataclass
class Probability(Type):
    doc: str = ""
    description: str = "a number from 0 to 1"

    def _check(self, node: Node, path: str, report: Report) -> float:
        value = _as_float(node)
        if value is None or not 0 <= value <= 1:
            raise self.fail(node, path, report)
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "number", "minimum": 0, "maximum": 1, "description": self.doc}


@dataclass
class Rules(Type):
    """The rule (or list of rules) that justifies a derivation line."""

    doc: str = "the rule, or list of rules, that takes the line above to this one"

    @property
    def description(self) -> str:
        return "a rule name or a list of them (" + ", ".join(RULES) + ")"

    def _check(self, node: Node, path: str, report: Report) -> list[str]:
        rule = Choice(tuple(RULES))
        if node.kind == "sequence":
            return ListOf(rule, min_items=1).check(node, path, report)
        return [rule.check(node, path, report)]

    def json_schema(self) -> dict[str, Any]:
        rule = {"type": "string", "enum": list(RULES)}
        return {"description": self.doc, "anyOf": [rule, {"type": "array", "items": rule, "minItems": 1}]}


@dataclass
class StepType(Type):
    """A step: the common fields plus those of its ``kind``."""

    common: Mapping[str, Field]
    kinds: Mapping[str, Mapping[str, Field]]
    description: str = "a mapping with id, kind and the kind's fields"

    def record(self, kind: str) -> Record:
        return Record({**self.common, **self.kinds[kind]}, title=f"{kind} step")

    def _check(self, node: Node, path: str, report: Report) -> dict[str, Any]:
        if node.kind != "mapping":
            raise self.fail(node, path, report)
        if "kind" not in node.entries:
            report.error(
                node.position, f'{path}: missing required key "kind" (one of {", ".join(self.kinds)})'
            )
            raise Invalid()
        kind = Choice(tuple(self.kinds)).check(node.entries["kind"][1], f"{path}.kind", report)
        values = self.record(kind).check_entries(node, path, report, skip=("kind",))
        values["kind"] = kind
        return values

    def json_schema(self) -> dict[str, Any]:
        variants = []
        for kind in self.kinds:
            schema = self.record(kind).json_schema()
            schema["properties"]["kind"] = {"const": kind}
            schema["required"] = ["kind", *schema.get("required", [])]
            variants.append(schema)
        return {"oneOf": variants}


# ---- the format

PROBLEM_FIELDS: dict[str, Field] = {
    "objective": Field(Formula(doc="J as a formula in theta (or theta1, theta2, ...), e.g. theta^2")),
    "data": Field(
        ListOf(
            ListOf(Number(random=True), min_items=2, max_items=limits.FEATURES + 1),
            min_items=1,
            max_items=limits.DATA_ROWS,
            doc="training set, one [x, y] (or [x1, ..., xn, y]) row per example",
        )
    ),
    "data_file": Field(Text(doc="a CSV/whitespace table of x ... y, relative to the lesson file")),
    "cost": Field(Choice(COSTS, doc="half-mse (1/2m Σ) or mse (1/m Σ); default half-mse")),
    "normalize": Field(Flag(doc="scale each feature to mean 0 and deviation 1 first; default false")),
    "start": Field(Start()),
    "alpha": Field(Number(positive=True, random=True, doc="the learning rate α; default 0.1")),
    "iterations": Field(
        Integer(minimum=1, maximum=limits.ITERATIONS, doc="how many updates the solver runs; default 10")
    ),
}

HINT = Named(
    "hint",
    TextOrRecord(
        Record(
            {
                "text": Field(Text(markdown=True), required=True),
                "after_attempts": Field(Integer(minimum=0, doc="reveal only after this many attempts")),
            }
        ),
        key="text",
        doc="a hint, or {text, after_attempts}",
    ),
)

MISTAKE = Named(
    "mistake",
    Record(
        {
            "id": Field(Name(doc="the mistake's id, used in tests"), required=True),
            "explain": Field(Text(markdown=True, doc="what the learner did, told kindly"), required=True),
            "value": Field(
                Formula(doc="for number steps: the mistaken number as a formula in theta, alpha, ...")
            ),
            "formula": Field(Formula(doc="for formula steps: the mistaken formula")),
        },
        doc="a lesson-specific mistake",
    ),
)

COMMON_STEP_FIELDS: dict[str, Field] = {
    "id": Field(Name(doc="stable id: progress is kept by step id"), required=True),
    "prompt": Field(Text(markdown=True, doc="Markdown with $…$ math"), required=True),
    "skills": Field(
        ListOf(
            Name(), max_items=limits.LIST_ITEMS, doc="skill ids this step practises (default: the lesson's)"
        )
    ),
    "hints": Field(
        ListOf(
            HINT,
            max_items=limits.LIST_ITEMS,
            doc="the hint ladder, revealed one at a time",
            what="a list of hints (one per line, - ...)",
        )
    ),
    "mistakes": Field(
        ListOf(
            MISTAKE,
            max_items=limits.LIST_ITEMS,
            doc="mistakes particular to this step",
            what="a list of mistakes",
        )
    ),
    "expect_coincident": Field(
        ListOf(
            Name(doc="a mistake id"),
            max_items=limits.LIST_ITEMS,
            doc="mistakes that give the right answer at this step on purpose (validate does not warn)",
            what="a list of mistake ids",
        )
    ),
    "decimals": Field(Integer(minimum=0, maximum=12, doc="answers must be right to this many decimals")),
    "sigfigs": Field(
        Integer(minimum=1, maximum=15, doc="answers must be right to this many significant figures")
    ),
    **PROBLEM_FIELDS,
}


def _shared(fields: dict[str, Field], prefix: str) -> dict[str, Field]:
    """The same fields, written once in the JSON Schema's $defs (every step kind repeats them)."""
    return {name: Field(Named(f"{prefix}{name}", spec.type), spec.required) for name, spec in fields.items()}


COMMON_STEP_FIELDS = _shared(COMMON_STEP_FIELDS, "step-")

UNTIL = Record(
    {
        "cost_below": Field(Number(positive=True, doc="stop counting once J < this")),
        "theta_within": Field(Number(positive=True, doc="stop counting once every |θ − θ*| < this")),
    },
    doc="when the run counts as close enough",
)

STEP_KIND_FIELDS: dict[str, dict[str, Field]] = {
    "read": {},
    "number": {
        "ask": Field(Choice(NUMBER_ASKS, doc="which number"), required=True),
        "iteration": Field(
            Integer(minimum=0, maximum=limits.ITERATIONS, doc="after this many updates (0 is the start)")
        ),
        "param": Field(
            Name(pattern=PARAM_PATTERN, description="a parameter name (theta, theta0, theta1, ...)")
        ),
        "x": Field(Number(random=True, doc="the input for ask: prediction")),
    },
    "formula": {
        "ask": Field(Choice(FORMULA_ASKS, doc="which formula"), required=True),
        "param": Field(
            Name(pattern=PARAM_PATTERN, description="a parameter name (theta, theta0, theta1, ...)")
        ),
        "of": Field(Formula(doc="differentiate this instead of the problem's cost")),
    },
    "iterate": {
        "rows": Field(
            ListOf(
                Integer(minimum=0, maximum=limits.ITERATIONS),
                min_items=2,
                max_items=2,
                doc="[first, last] iteration, inclusive",
                what=f"[first, last]: two whole numbers from 0 to {limits.ITERATIONS:,}",
            ),
            required=True,
        ),
        "columns": Field(
            ListOf(Choice(ITERATE_COLUMNS), min_items=1, doc="columns in order; default theta, step")
        ),
        "param": Field(
            Name(pattern=PARAM_PATTERN, description="a parameter name (theta, theta0, theta1, ...)")
        ),
        "cell_attempts": Field(Integer(minimum=1, maximum=10, doc="wrong tries before the table moves on")),
    },
    "choice": {
        "options": Field(
            ListOf(
                TextOrRecord(
                    Record(
                        {
                            "text": Field(Text(markdown=True), required=True),
                            "feedback": Field(Text(markdown=True)),
                        }
                    ),
                    key="text",
                ),
                min_items=2,
                max_items=limits.CHOICE_OPTIONS,
                doc="the options, numbered 1, 2, ... for the learner",
                what=f"a list of 2 to {limits.CHOICE_OPTIONS} options (one letter each)",
            ),
            required=True,
        ),
        "answer": Field(
            Integer(minimum=1, doc="the number of the right option (the first is 1)"), required=True
        ),
    },
    "explore": {
        "predict": Field(Choice(EXPLORE_PREDICTIONS, doc="outcome or iterations"), required=True),
        "answer": Field(Answer(doc=f"{', '.join(OUTCOMES)}, or a number of iterations"), required=True),
        "until": Field(UNTIL),
        "slack": Field(Integer(minimum=0, doc="accept an iteration count this far off")),
        "compare": Field(Record(PROBLEM_FIELDS, doc="a second run drawn beside the first")),
    },
    "derivation": {
        "lines": Field(
            ListOf(
                Record(
                    {
                        "math": Field(Text(markdown=True, doc="the line, as $…$ math"), required=True),
                        "rules": Field(Rules()),
                        "note": Field(Text(markdown=True)),
                    }
                ),
                min_items=2,
                max_items=limits.LIST_ITEMS,
                doc="the chain; every line after the first names its rules",
            ),
            required=True,
        ),
    },
}

STEP = StepType(COMMON_STEP_FIELDS, STEP_KIND_FIELDS)
assert tuple(STEP_KIND_FIELDS) == STEP_KINDS

TEST = Record(
    {
        "step": Field(Name(doc="the step id"), required=True),
        "answer": Field(Answer(), required=True),
        "verdict": Field(Choice(VERDICTS), required=True),
        "mistake": Field(Name(doc="the mistake id the answer must be diagnosed as")),
        "seed": Field(Integer(minimum=0, doc="the variant to test; default 0")),
        "row": Field(Integer(minimum=0, doc="iterate steps: the row (iteration)")),
        "column": Field(Choice(ITERATE_COLUMNS, doc="iterate steps: the column")),
        "carried": Field(Start(doc="iterate steps: the learner's θ on the row above")),
    },
    doc="a sample answer and the verdict it must get",
)

LESSON = Record(
    {
        "id": Field(Name(doc="the lesson id, unique across all lessons"), required=True),
        "title": Field(Text(), required=True),
        "summary": Field(Text(markdown=True)),
        "skills": Field(ListOf(Name(), max_items=limits.LIST_ITEMS, doc="skill ids the lesson practises")),
        "problem": Field(
            Record(PROBLEM_FIELDS, doc="the problem, stated once; steps refer to it"), required=True
        ),
        "decimals": Field(Integer(minimum=0, maximum=12, doc="default precision for numeric answers")),
        "sigfigs": Field(Integer(minimum=1, maximum=15, doc="default precision for numeric answers")),
        "steps": Field(
            ListOf(
                STEP,
                min_items=1,
                max_items=limits.STEPS,
                what=f"a list of 1 to {limits.STEPS} steps",
            ),
            required=True,
        ),
        "tests": Field(ListOf(TEST, max_items=limits.TESTS, doc="self-tests run by gdtutor validate")),
        "bkt": Field(
            MapOf(
                Record(
                    {
                        "p_init": Field(Probability(doc="chance the skill is known before any practice")),
                        "p_transit": Field(Probability(doc="chance of learning it at each opportunity")),
                        "p_slip": Field(Probability(doc="chance of a wrong answer though it is known")),
                        "p_guess": Field(Probability(doc="chance of a right answer though it is not known")),
                    }
                ),
                doc="knowledge-tracing parameters per skill id, overriding the defaults",
            )
        ),
    },
    title="gdtutor lesson",
)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a lesson file (for editors' YAML language servers)."""
    _DEFINITIONS.clear()
    _DEFINITIONS["random"] = _RANDOM.json_schema()
    schema = LESSON.json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://gdtutor.invalid/lesson.schema.json",
        **schema,
        "$defs": dict(sorted(_DEFINITIONS.items())),
    }


def render_json_schema() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
