"""Read a lesson's YAML into a tree of ``Node``s that remember their line and column.

The loader resolves plain scalars the way ``yaml.safe_load`` does (numbers, booleans, null, strings) and
refuses what a lesson never needs and an attacker could use: anchors and aliases (the "billion laughs" bomb),
explicit tags (``!!python/object`` and friends) and duplicate keys. Each refusal is a ``Diagnostic`` at the
exact spot. So is TeX inside a double-quoted string, whose backslashes YAML reads as escapes
(``"$\\theta$"`` would reach the learner as a tab and "heta")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, CollectionStartEvent, NodeEvent, ScalarEvent
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from gdtutor import limits
from gdtutor.lessons.mathtext import KNOWN_COMMANDS
from gdtutor.lessons.model import Diagnostic, Position
from gdtutor.safe_text import excerpt

try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # PyYAML built without libyaml
    HAS_LIBYAML = False
else:
    HAS_LIBYAML = True


@dataclass
class Node:
    """A YAML value with its position. ``value`` is a str/int/float/bool/None for a scalar, a list of Nodes
    for a sequence, and a dict of key text to ``(key Node, value Node)`` for a mapping (keys keep their
    order). ``text`` is a scalar exactly as written (so a sample answer ``2.40`` stays ``2.40``)."""

    kind: Literal["scalar", "sequence", "mapping"]
    value: object
    position: Position
    text: str = ""
    style: str | None = None  # a scalar's YAML style: None plain, "'" or '"' quoted, "|" or ">" block
    # A literal (|) block's content indentation: its value's line k is the file's line position.line + 1 + k,
    # less this many spaces, so a message can point inside the block.
    block_indent: int | None = None
    items: list[Node] = field(default_factory=list)
    entries: dict[str, tuple[Node, Node]] = field(default_factory=dict)


class LoadError(Exception):
    """The file could not be read as YAML, or not as written; carries the first problem with its position,
    and in ``problems`` all of them."""

    def __init__(self, problem: Diagnostic, problems: list[Diagnostic] | None = None) -> None:
        super().__init__(str(problem))
        self.problem = problem
        self.problems = problems or [problem]


class _Refusals:
    """Composes nodes as PyYAML's Composer does, refusing aliases, anchors and explicit tags."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Refused(event.start_mark, f"aliases are not allowed in lessons (*{event.anchor})")
        if isinstance(event, NodeEvent) and event.anchor is not None:
            raise _Refused(event.start_mark, f"anchors are not allowed in lessons (&{event.anchor})")
        if isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.tag is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(event.start_mark, f"tags are not allowed in lessons ({tag})")
        return super().compose_node(parent, index)


class _StrictLoader(_Refusals, Reader, Scanner, Parser, Composer, SafeConstructor, Resolver):
    """The pure-Python loader: slow, but its error messages are the ones a lesson author is shown."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)


if HAS_LIBYAML:

    class _FastStrictLoader(_Refusals, _CParser, Composer, SafeConstructor, Resolver):
        """libyaml scans and parses (about ten times faster); nodes are composed in Python, as above,
        from its events, which carry the same line and column marks."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

        def get_single_node(self):
            # CParser's own composer (in C) would skip the refusals in compose_node
            return Composer.get_single_node(self)


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


def _position(file: str, mark: yaml.Mark) -> Position:
    return Position(file, mark.line + 1, mark.column + 1)


def parse_yaml(text: str, file: str) -> Node:
    """Parse one YAML document into Nodes; raises ``LoadError`` for bad YAML or anything refused.

    libyaml parses when it is there; a file it cannot read is read again by the Python loader, whose
    messages say what is wrong and where."""
    if len(text) > limits.LESSON_BYTES:
        message = f"the lesson file is larger than {limits.LESSON_BYTES:,} bytes"
        raise LoadError(Diagnostic(file, 1, 1, message))
    if HAS_LIBYAML:
        fast = _FastStrictLoader(text)
        try:
            root = fast.get_single_node()
            if root is not None:
                return _convert(root, fast, file, None, text.split("\n"))
        except (yaml.YAMLError, _Refused):
            pass  # read again below, for the message
        finally:
            fast.dispose()
    try:
        loader = _StrictLoader(text)
    except yaml.reader.ReaderError as error:
        raise LoadError(_unreadable_character(text, error, file)) from None
    try:
        root = loader.get_single_node()
        if root is None:
            raise LoadError(
                Diagnostic(file, 1, 1, "the file is empty; a lesson is a mapping with id, title, steps")
            )
        escapes: list[Diagnostic] = []
        converted = _convert(root, loader, file, _Escapes(text, file, escapes), text.split("\n"))
        if escapes:
            raise LoadError(escapes[0], escapes)
        return converted
    except _Refused as refused:
        raise LoadError(Diagnostic.at(_position(file, refused.mark), refused.message)) from None
    except yaml.reader.ReaderError as error:
        raise LoadError(_unreadable_character(text, error, file)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        position = _position(file, mark) if mark is not None else Position(file, 1, 1)
        message = f"YAML syntax error: {error.problem or error.context}"
        plain = _unknown_escape(text, error, file) or _misplaced(text, error, file)
        raise LoadError(plain or Diagnostic.at(position, message)) from None
    except yaml.YAMLError as error:
        raise LoadError(Diagnostic(file, 1, 1, f"YAML error: {error}")) from None
    finally:
        loader.dispose()


def _unreadable_character(text: str, error: yaml.reader.ReaderError, file: str) -> Diagnostic:
    at = error.position
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return Diagnostic(file, line, column, f"the file contains the control character U+{error.character:04X}")


def _convert(
    node: yaml.Node, constructor: SafeConstructor, file: str, escapes: _Escapes | None, lines: list[str]
) -> Node:
    """``node`` as a ``Node``. ``escapes`` checks double-quoted strings; without it (libyaml, whose marks may
    count bytes) a suspicious string is refused, so that the Python loader reads the file again. ``lines``
    are the file's, to find where a block's text starts."""
    position = _position(file, node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        if node.style == '"' and _ESCAPED_CONTROLS.search(node.value):
            if escapes is None:
                raise _Refused(node.start_mark, "read again with exact positions")
            escapes.check(node)
        try:
            value = constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as error:
            raise _Refused(node.start_mark, f"cannot read this value: {error.problem}") from None
        if not isinstance(value, (str, int, float, bool)) and value is not None:
            # Dates and binary are valid YAML but mean nothing in a lesson: keep the text as written.
            value = node.value
        # libyaml marks a plain scalar's style "", the Python loader None
        indent = _block_indent(lines, node.start_mark) if node.style == "|" else None
        return Node("scalar", value, position, text=node.value, style=node.style or None, block_indent=indent)
    if isinstance(node, yaml.SequenceNode):
        items = [_convert(child, constructor, file, escapes, lines) for child in node.value]
        return Node("sequence", None, position, items=items)
    entries: dict[str, tuple[Node, Node]] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, constructor, file, escapes, lines)
        if key.kind != "scalar" or key.value is None:
            raise _Refused(key_node.start_mark, "a key must be a plain name")
        name = str(key.value) if not isinstance(key.value, bool) else key_node.value
        if name in entries:
            first = entries[name][0].position
            raise _Refused(key_node.start_mark, f'duplicate key "{name}" (first at line {first.line})')
        entries[name] = (key, _convert(value_node, constructor, file, escapes, lines))
    return Node("mapping", None, position, entries=entries)


def _block_indent(lines: list[str], header: yaml.Mark) -> int:
    """The indentation of a literal block whose ``|`` is at ``header``: its first line with text decides
    (``|2`` says it outright, counted from the key's own indentation)."""
    indicator = re.match(r"\|[-+]?([1-9])?", lines[header.line][header.column :])
    if indicator and indicator.group(1):
        key_line = lines[header.line]
        return len(key_line) - len(key_line.lstrip(" -")) + int(indicator.group(1))
    for line in lines[header.line + 1 :]:
        if line.strip():
            return len(line) - len(line.lstrip(" "))
    return 0


# What YAML's escapes in a double-quoted string turn a backslash and a letter into.
_ESCAPE_NAMES = {
    "0": "a null character",
    "a": "a bell character",
    "b": "a backspace",
    "t": "a tab",
    "n": "a line break",
    "v": "a vertical tab",
    "f": "a form feed",
    "r": "a carriage return",
    "e": "an escape character",
    "N": "a next-line character",
    "_": "a no-break space",
    "L": "a line separator",
    "P": "a paragraph separator",
}
_ESCAPED_CONTROLS = re.compile("[\x00-\x1f\x7f-\xa0\u2028\u2029]")
# The TeX commands a lesson's maths uses: a backslash before one of them inside double quotes is TeX the
# escapes broke (\theta a tab and "heta"), not a control character an author meant.
_TEX_COMMANDS = KNOWN_COMMANDS | {"not", "newline"}
_FIX = "use single quotes or a | block for text with backslashes"


@dataclass
class _Escapes:
    """Finds, in the source of double-quoted strings, the escapes that swallowed a TeX command's backslash."""

    text: str
    file: str
    found: list[Diagnostic]

    def check(self, node: yaml.ScalarNode) -> None:
        start, end = node.start_mark.index, node.end_mark.index
        for match in re.finditer(r"\\(.)([A-Za-z]*)", self.text[start:end], re.DOTALL):
            letter, rest = match.group(1), match.group(2)
            if letter not in _ESCAPE_NAMES or letter + rest not in _TEX_COMMANDS:
                continue  # \\, \", "\a" alone and a line break before a word are what they say
            written = match.group(0)
            read_as = f"{_ESCAPE_NAMES[letter]}" + (f' and "{rest}"' if rest else "")
            where = start + match.start()
            line = self.text.count("\n", 0, where) + 1
            column = where - (self.text.rfind("\n", 0, where) + 1) + 1
            message = f'"{written}" inside double quotes is read as {read_as}; {_FIX}'
            self.found.append(Diagnostic(self.file, line, column, message))


def _unknown_escape(text: str, error: yaml.MarkedYAMLError, file: str) -> Diagnostic | None:
    """A plain message, at the backslash, for one YAML has no escape for (\\cdot, \\sum, \\xi), or None."""
    mark = error.problem_mark
    if mark is None or "escape" not in str(error.problem):
        return None
    backslash = text.rfind("\\", 0, mark.index + 1)
    found = re.match(r"\\.[A-Za-z]*", text[backslash:]) if backslash >= 0 else None
    if found is None:
        return None
    line = text.count("\n", 0, backslash) + 1
    column = backslash - (text.rfind("\n", 0, backslash) + 1) + 1
    message = f'"{found.group(0)}" is not an escape YAML knows inside double quotes; {_FIX}'
    return Diagnostic(file, line, column, message)


# The parser's words for a line that does not fit the indentation around it.
_INDENTATION_ERRORS = ("expected <block end>", "mapping values are not allowed here")


def _misplaced(text: str, error: yaml.MarkedYAMLError, file: str) -> Diagnostic | None:
    """Indentation mistakes in plain words, showing the line, instead of the parser's "expected <block end>,
    but found '<block mapping start>'"; and a value holding ": " that needs quotes. None for other errors."""
    mark = error.problem_mark
    if mark is None or not str(error.problem).startswith(_INDENTATION_ERRORS):
        return None
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    entry = line.lstrip(" -")
    if "mapping values" in str(error.problem) and re.search(r":\s", line[: mark.column].lstrip(" -")):
        key, value = entry.split(":", 1)
        message = f'the value of {key} holds ": ", so it needs quotes: {key}: "{excerpt(value.strip())}"'
        return Diagnostic(file, mark.line + 1, mark.column + 1, message)
    indent = _indentation(line)
    above = [
        earlier for earlier in lines[: mark.line] if earlier.strip() and not earlier.lstrip().startswith("#")
    ]
    spaces = f"{indent} space{'s' * (indent != 1)}"
    where = f", the line above {_indentation(above[-1])}" if above else ""
    message = (
        f'indentation: "{excerpt(line.strip())}" is indented {spaces}{where}; the keys of one mapping line '
        "up, and only what belongs to the key above goes further in"
    )
    return Diagnostic(file, mark.line + 1, indent + 1, message)


def _indentation(line: str) -> int:
    """Where a line's key starts: after its spaces and a sequence's "- "."""
    return len(line) - len(line.lstrip(" -"))
