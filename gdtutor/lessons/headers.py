"""A lesson file's id, title and summary, read fast enough for the app's first screen.

Only the head of the file is read (the top-level keys before its problem and steps), and plain forms
(``key: text``, simple quotes, ``|`` and ``>`` blocks) without a YAML parser, which would cost start-up time.
Anything fancier goes to the lessons' strict YAML loader. Importing this module loads no YAML, numpy or
validator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from gdtutor import limits
from gdtutor.files import FileRefused, read_limited
from gdtutor.safe_text import safe_text

HEADER_KEYS = ("id", "title", "summary")


@dataclass(frozen=True)
class Header:
    id: str
    title: str
    summary: str
    path: Path


def read_header(path: Path) -> Header | None:
    """The id, title and summary of a lesson file, from the top-level keys before its problem and steps.

    None when the head does not hold an id and a title: the full check will then say what is wrong with
    the file, or find them further down.
    """
    try:
        lines = read_limited(path, limits.LESSON_BYTES, "lesson file").decode("utf-8").splitlines()
    except (FileRefused, UnicodeDecodeError):
        return None
    head: list[str] = []
    for line in lines:
        if line[:1].isalpha() and line.split(":", 1)[0].strip() not in HEADER_KEYS:
            break
        head.append(line)
    plain = _plain_header(head)
    values: Mapping[str, object] = _yaml_header(head, str(path)) if plain is None else plain
    lesson_id, title, summary = (values.get(key) for key in HEADER_KEYS)
    if not isinstance(lesson_id, str) or not isinstance(title, str):
        return None
    # The escaping boundary, as the full loader applies it: the picker shows these before any check.
    summary = summary if isinstance(summary, str) else ""
    return Header(safe_text(lesson_id), safe_text(title), safe_text(summary), path)


def _plain_header(head: list[str]) -> dict[str, str] | None:
    """The header keys when they are written in the plain forms; None as soon as anything else shows."""
    values: dict[str, str] = {}
    index = 0
    while index < len(head):
        line = head[index]
        index += 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[:1].isspace() or ":" not in line:
            return None
        key, rest = (part.strip() for part in line.split(":", 1))
        if rest in ("|", ">", "|-", ">-"):
            block: list[str] = []
            while index < len(head) and (not head[index].strip() or head[index][:1].isspace()):
                block.append(head[index])
                index += 1
            values[key] = _block_scalar(block, folded=rest.startswith(">"))
            continue
        scalar = _plain_scalar(rest)
        if scalar is None or (index < len(head) and head[index][:1].isspace() and head[index].strip()):
            return None
        values[key] = scalar
    return values


def _plain_scalar(text: str) -> str | None:
    if len(text) >= 2 and text[0] == text[-1] == '"' and "\\" not in text and '"' not in text[1:-1]:
        return text[1:-1]
    if len(text) >= 2 and text[0] == text[-1] == "'":
        inner = text[1:-1]
        return inner.replace("''", "'") if "'" not in inner.replace("''", "") else None
    if not text or text[0] in "\"'[]{}&*!|>%@`,?-" or " #" in text or ": " in text:
        return None
    return text


def _block_scalar(block: list[str], folded: bool) -> str:
    indents = [len(line) - len(line.lstrip()) for line in block if line.strip()]
    cut = min(indents, default=0)
    lines = [line[cut:] for line in block]
    while lines and not lines[-1].strip():
        lines.pop()
    if not folded:
        return "\n".join(lines)
    paragraphs = "\n".join(lines).split("\n\n")
    return "\n".join(" ".join(paragraph.split("\n")) for paragraph in paragraphs)


def _yaml_header(head: list[str], file: str) -> dict[str, object]:
    """The header keys' scalar values by the strict loader; empty when it refuses the head (the full
    check then reports why)."""
    from gdtutor.lessons.yaml_loader import LoadError, parse_yaml

    try:
        root = parse_yaml("\n".join(head), file)
    except LoadError:
        return {}
    return {key: value.value for key, (_, value) in root.entries.items() if value.kind == "scalar"}
