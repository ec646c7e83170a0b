"""The validator kit: types that check a YAML ``Node``, report a ``Diagnostic`` at the exact
position of each fault and return the plain value, each able to describe itself in an error ("a positive
number") and to write its JSON Schema.

Nothing here knows the lesson format; ``schema`` builds the format from these pieces. ``json_schema(defs)``
collects shared definitions (``Named`` types, random draws) in the ``defs`` it is given, so building a schema
has no side effect and can run twice at once."""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gdtutor import limits
from gdtutor.lessons.model import Diagnostic, Position, RandomNumber
from gdtutor.lessons.yaml_loader import Node
from gdtutor.safe_text import excerpt, safe_text

ID_PATTERN = "^[a-z0-9][a-z0-9-]*$"


@dataclass
class Report:
    """Problems found so far, and the position of every value checked, by path (``steps[2].alpha``)."""

    problems: list[Diagnostic] = field(default_factory=list)
    positions: dict[str, Position] = field(default_factory=dict)
    # For one-line plain or quoted scalars: how many characters come before the text itself (the quote).
    text_offsets: dict[str, int] = field(default_factory=dict)
    # For literal (|) blocks: the line of the block's first line of text, and the block's indentation.
    blocks: dict[str, tuple[int, int]] = field(default_factory=dict)
    # The paths of the values that are prose shown to the learner (``Text(markdown=True)``).
    prose: set[str] = field(default_factory=set)

    def error(self, position: Position, message: str) -> None:
        self.problems.append(Diagnostic.at(position, message))


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
    @property
    def description(self) -> str:
        """What a value must be, as an error says it ("a positive number")."""
        return "a value"

    def check(self, node: Node, path: str, report: Report) -> Any:
        report.positions[path] = node.position
        if node.kind == "scalar" and node.style in (None, "'", '"') and "\n" not in node.text:
            report.text_offsets[path] = 0 if node.style is None else 1
        if node.block_indent is not None:
            report.blocks[path] = (node.position.line + 1, node.block_indent)
        return self._check(node, path, report)

    def _check(self, node: Node, path: str, report: Report) -> Any:
        raise NotImplementedError

    def fail(self, node: Node, path: str, report: Report) -> Invalid:
        report.error(node.position, f"{_label(path)} must be {self.description}, got {shown(node)}")
        return Invalid()

    def fail_number(self, node: Node, path: str, report: Report) -> Invalid:
        """``fail`` for a number, saying why text that looks like one is not read as one."""
        hint = number_hint(node)
        report.error(node.position, f"{_label(path)} must be {self.description}, got {shown(node)}{hint}")
        return Invalid()

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
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
        # A number is taken as written (title: 2024), and so is yes or no, which only YAML 1.1 reads as true
        # or false: editors (YAML 1.2) and the JSON Schema take both as text too.
        yaml11_only = isinstance(node.value, bool) and node.text.lower() not in ("true", "false")
        if node.kind != "scalar" or node.value is None or (isinstance(node.value, bool) and not yaml11_only):
            raise self.fail(node, path, report)
        text = node.value if isinstance(node.value, str) else node.text
        if not text.strip():
            report.error(node.position, f"{_label(path)} must not be empty")
            raise Invalid()
        if len(text) > self.max_length:
            report.error(node.position, f"{_label(path)} is longer than {self.max_length} characters")
            raise Invalid()
        if self.markdown:
            report.prose.add(path)
        return safe_text(text)  # the escaping boundary: no lesson text drives a terminal

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        # patternErrorMessage: what VS Code's and yaml-language-server's checks say instead of the pattern
        return {
            "type": ["string", "number"],
            "pattern": r"\S",
            "patternErrorMessage": "must not be empty",
            "description": self.doc,
        }


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

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        if self.pattern == ID_PATTERN:  # step: 3 names the step whose id is "3", as validate reads it
            return {
                "type": ["string", "integer"],
                "pattern": self.pattern,
                "minimum": 0,
                "description": self.doc,
            }
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

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
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
        number = yaml12_number(node)  # 2.0 is a whole number, as it is to JSON Schema
        if number is None or not math.isfinite(number) or not float(number).is_integer():
            raise self.fail_number(node, path, report)
        value = int(number)
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            raise self.fail(node, path, report)
        return value

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer", "description": self.doc}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return schema


# YAML 1.2's core schema: how an editor's YAML language server reads a plain scalar as a number. PyYAML
# follows YAML 1.1, which reads 1e-3 as text and 1_000, 0755 and 1:30 as numbers of its own; lessons follow
# the editors, so that ``gdtutor validate`` and the JSON Schema agree about what is a number.
_YAML12_INTEGER = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_YAML12_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def yaml12_number(node: Node) -> int | float | None:
    """The number a scalar is to YAML 1.2, or None (quoted text such as ``"0.05"`` is never a number)."""
    if node.kind != "scalar" or node.style is not None:
        return None
    text = node.text
    if _YAML12_INTEGER.fullmatch(text):
        return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
    if _YAML12_FLOAT.fullmatch(text):
        return float(text)
    return None


def as_float(node: Node) -> float | None:
    """A finite number, read as YAML 1.2 reads one; None otherwise."""
    value = yaml12_number(node)
    return float(value) if value is not None and math.isfinite(value) else None


def number_hint(node: Node) -> str:
    """Why a scalar that looks like a number is not read as one ("; write it without quotes"), or ""."""
    if node.kind != "scalar" or node.style not in (None, "'", '"'):
        return ""
    text = node.text

    def numeric(candidate: str) -> bool:
        return bool(_YAML12_INTEGER.fullmatch(candidate) or _YAML12_FLOAT.fullmatch(candidate))

    if node.style is not None and numeric(text.strip()):
        return "; a number in quotes is text: write it without quotes"
    if "\u2212" in text and numeric(text.replace("\u2212", "-")):
        return "; write the minus sign as -"
    if "_" in text and numeric(text.replace("_", "")):
        return "; write it without _"
    return ""


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
        value = as_float(node)
        if value is None or (self.positive and value <= 0):
            raise self.fail(node, path, report)
        return value

    def fail(self, node: Node, path: str, report: Report) -> Invalid:
        return self.fail_number(node, path, report)

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        number: dict[str, Any] = {"type": "number"}
        if self.positive:
            number["exclusiveMinimum"] = 0
        if not self.random:
            return {**number, "description": self.doc}
        defs["random"] = _RANDOM.json_schema(defs)
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

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
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
        # yes/no/on/off are booleans to the YAML 1.1 loader but text to YAML 1.2 and so to editors
        if (
            node.kind != "scalar"
            or not isinstance(node.value, bool)
            or node.text.lower() not in ("true", "false")
        ):
            raise self.fail(node, path, report)
        return node.value

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
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

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "array",
            "items": self.item.json_schema(defs),
            "description": self.doc,
        }
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.max_items is not None:
            schema["maxItems"] = self.max_items
        return schema


@dataclass
class OneOrList(Type):
    """One ``item``, or a list of them (one per feature, one per parameter); always returned as a list."""

    item: Type
    doc: str = ""
    max_items: int | None = None

    @property
    def description(self) -> str:
        return f"{self.item.description}, or a list of them"

    def _check(self, node: Node, path: str, report: Report) -> list[Any]:
        if node.kind == "sequence":
            items = ListOf(self.item, min_items=1, max_items=self.max_items, what=self.description)
            return items.check(node, path, report)
        return [self.item.check(node, path, report)]

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        one = self.item.json_schema(defs)
        many: dict[str, Any] = {"type": "array", "items": one, "minItems": 1}
        if self.max_items is not None:
            many["maxItems"] = self.max_items
        return {"description": self.doc, "anyOf": [one, many]}


@dataclass
class Field:
    type: Type
    required: bool = False


@dataclass(frozen=True)
class OneOf:
    """Keys of a record of which at most one may be given; with ``required``, exactly one."""

    keys: tuple[str, ...]
    required: bool = False

    @property
    def rule(self) -> str:
        if len(self.keys) == 2:
            return f"give {self.keys[0]} or {self.keys[1]}, not both"
        return "give only one of " + ", ".join(self.keys)

    def check(self, node: Node, path: str, report: Report) -> bool:
        given = [name for name in node.entries if name in self.keys]
        if len(given) > 1:
            key = node.entries[given[1]][0]
            found = f" (found {' and '.join(given)})" if len(self.keys) > 2 else ""
            report.error(
                key.position, f"{path}.{given[1]}: {self.rule}{found}" if path else f"{given[1]}: {self.rule}"
            )
            return False
        if self.required and not given:
            report.error(node.position, f"{_label(path)}: needs one of {', '.join(self.keys)}")
            return False
        return True

    def json_schema(self) -> dict[str, Any]:
        """Each key, when given, forbids the others (an editor marks the extra key with ``errorMessage``, a
        keyword of VS Code's and yaml-language-server's); ``required`` adds that one must be there."""
        schema: dict[str, Any] = {
            "dependentSchemas": {
                name: {
                    "properties": {other: False for other in self.keys if other != name},
                    "errorMessage": self.rule,
                }
                for name in self.keys
            }
        }
        if self.required:
            needs = f"needs one of {', '.join(self.keys)}"
            schema["anyOf"] = [{"required": [name], "errorMessage": needs} for name in self.keys]
        return schema


@dataclass
class Record(Type):
    """A mapping with known keys. Unknown keys are problems (with a "did you mean")."""

    fields: Mapping[str, Field]
    doc: str = ""
    title: str = ""
    description: str = "a mapping"
    exclusive: tuple[OneOf, ...] = ()

    def _check(self, node: Node, path: str, report: Report) -> dict[str, Any]:
        if node.kind != "mapping":
            raise self.fail(node, path, report)
        return self.check_entries(node, path, report, skip=())

    def check_entries(self, node: Node, path: str, report: Report, skip: tuple[str, ...]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        ok = True
        before: tuple[str, Node] | None = None
        for name, (key, value) in node.entries.items():
            if name in skip:
                continue
            child = f"{path}.{name}" if path else name
            split = before is not None and _split_by_comma(key, value, before[1])
            if name not in self.fields and split and before is not None:
                whole = f"{before[1].text}, {key.text}"
                message = (
                    f'{_label(path)}: "{excerpt(key.text)}" became a key of its own because of the comma'
                )
                report.error(
                    key.position, f'{message}; quote the {before[0]}: {before[0]}: "{excerpt(whole)}"'
                )
                ok = False
                continue
            before = (name, value)
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
        for group in self.exclusive:
            ok = group.check(node, path, report) and ok
        if not ok:
            raise Invalid()
        return values

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {name: spec.type.json_schema(defs) for name, spec in self.fields.items()},
            "additionalProperties": False,
        }
        required = [name for name, spec in self.fields.items() if spec.required]
        if required:
            schema["required"] = required
        for group in self.exclusive:
            for keyword, value in group.json_schema().items():
                if keyword == "anyOf":
                    schema.setdefault("allOf", []).append({"anyOf": value})
                else:
                    schema.setdefault(keyword, {}).update(value)
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
            # The shorthand is the record's text, as prose wherever the record's text is.
            text = self.record.fields[self.key].type.check(node, path, report)
            if path in report.prose:
                report.prose.add(f"{path}.{self.key}")
            inner = f"{path}.{self.key}"
            if path in report.text_offsets:
                report.text_offsets[inner] = report.text_offsets[path]
            if path in report.blocks:
                report.blocks[inner] = report.blocks[path]
            return {self.key: text}
        raise self.fail(node, path, report)

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {
            "description": self.doc,
            "anyOf": [{"type": "string", "minLength": 1}, self.record.json_schema(defs)],
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

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        defs[self.name] = self.type.json_schema(defs)
        return {"$ref": f"#/$defs/{self.name}"}


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

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
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

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "description": self.doc,
            "patternProperties": {ID_PATTERN: self.value.json_schema(defs)},
            "additionalProperties": False,
        }


@dataclass
class Probability(Type):
    doc: str = ""
    description: str = "a number from 0 to 1"

    def _check(self, node: Node, path: str, report: Report) -> float:
        value = as_float(node)
        if value is None or not 0 <= value <= 1:
            raise self.fail_number(node, path, report)
        return value

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"type": "number", "minimum": 0, "maximum": 1, "description": self.doc}


@dataclass
class StepType(Type):
    """A step: the common fields plus those of its ``kind``."""

    common: Mapping[str, Field]
    kinds: Mapping[str, Mapping[str, Field]]
    description: str = "a mapping with id, kind and the kind's fields"
    exclusive: tuple[OneOf, ...] = ()

    def record(self, kind: str) -> Record:
        return Record({**self.common, **self.kinds[kind]}, title=f"{kind} step", exclusive=self.exclusive)

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

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        """The kind is checked first, then only that kind's fields (``if``/``then`` on the kind), so an editor
        names a misspelled key rather than every kind the step failed to be."""
        branches = []
        for kind in self.kinds:
            schema = self.record(kind).json_schema(defs)
            schema["properties"]["kind"] = {"const": kind}
            branches.append(
                {"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]}, "then": schema}
            )
        return {
            "type": "object",
            "properties": {
                "kind": {"enum": list(self.kinds), "description": "what the step asks of the learner"}
            },
            "required": ["kind"],
            "allOf": branches,
        }


def _split_by_comma(key: Node, value: Node, previous: Node) -> bool:
    """Whether ``key`` (with no value) is the rest of the previous value after a comma, as in
    ``{answer: 0.0584, 0.6533}``, where YAML reads 0.6533 as a key."""
    number = isinstance(key.value, (int, float)) and not isinstance(key.value, bool)
    return number and value.value is None and previous.kind == "scalar" and previous.style is None
