"""Lesson Markdown as plain lines for a line-oriented terminal or a screen reader.

Markers a reader would otherwise hear or see typed out are removed: emphasis and code backticks go, a
heading becomes its text with a line under it, a table's rule row goes and its columns are lined up with
spaces, and a fenced code block is shown indented without its fence lines (a display formula, fenced as
``math``, on lines of its own as written). Nothing else is interpreted:
links are shown as their text and address, and text inside code is left exactly as written.
"""

from __future__ import annotations

import re
import unicodedata

from gdtutor.lessons.mathtext import DISPLAY_MATH

_FENCE = re.compile(r"^\s*(```+|~~~+)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*)$")
_TABLE_ROW = re.compile(r"^\s*\|")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_THEMATIC_BREAK = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_STAR_ITEM = re.compile(r"^(\s*)[*+]\s+")
_QUOTE = re.compile(r"^\s{0,3}>\s?")

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MARKER_RUN = re.compile(r"\\.|\*+|_+", re.DOTALL)
_ADDRESS = re.compile(r"[^)\s]*")

CODE_INDENT = "    "
TABLE_INDENT = "  "
COLUMN_GAP = "  "


def markdown_lines(text: str) -> list[str]:
    """``text`` (Markdown, math already Unicode) as plain lines, without Markdown's markers."""
    out: list[str] = []
    prose: list[str] = []
    lines = text.replace("\r\n", "\n").split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        if fence:
            out += _prose(prose)
            prose = []
            indent = "" if line.strip()[len(fence.group(1)) :].strip() == DISPLAY_MATH else CODE_INDENT
            index = _code_block(lines, index + 1, fence.group(1), out, indent)
            continue
        if _TABLE_ROW.match(line):
            out += _prose(prose)
            prose = []
            end = index
            while end < len(lines) and _TABLE_ROW.match(lines[end]):
                end += 1
            out += _table(lines[index:end])
            index = end
            continue
        prose.append(line)
        index += 1
    out += _prose(prose)
    return out


def plain_text(text: str) -> str:
    """A piece of Markdown (a hint, an option, feedback) as plain text; line breaks are kept."""
    return "\n".join(markdown_lines(text))


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: combining marks take none, wide characters two."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _code_block(lines: list[str], start: int, fence: str, out: list[str], indent: str) -> int:
    """Append the block's lines, indented; return the index after its closing fence (or the end)."""
    index = start
    while index < len(lines):
        closing = lines[index].strip()
        if closing.startswith(fence) and not closing.strip(fence[0]):
            return index + 1
        out.append((indent + lines[index]).rstrip())
        index += 1
    return index


def _prose(lines: list[str]) -> list[str]:
    """Paragraphs, headings and lists: inline markers go over the whole run, as emphasis may span lines."""
    if not lines:
        return []
    out: list[str] = []
    for line in _inline("\n".join(lines)).split("\n"):
        heading = _HEADING.match(line)
        if heading:
            title = heading.group(2).rstrip().rstrip("#").rstrip()  # closing #s go (a regex would backtrack)
            underline = "=" if len(heading.group(1)) == 1 else "-"
            out += [title, underline * display_width(title)]
        elif _THEMATIC_BREAK.match(line):
            out.append("")
        else:
            line = _QUOTE.sub("  ", line)
            out.append(_STAR_ITEM.sub(r"\1- ", line).rstrip())
    return out


def _inline(text: str) -> str:
    """Emphasis, links and escapes removed; code spans shown as written, without their backticks.

    Every step is one pass over the text (no regex that can backtrack over it, no loop until nothing
    changes), so an adversarial run of ``*``, ``_``, ``[`` or backticks costs linear time."""
    pieces: list[str] = []
    last = 0
    for start, end, content in _code_spans(text):
        pieces.append(_unmark(text[last:start]))
        pieces.append(content.strip() or content)
        last = end
    pieces.append(_unmark(text[last:]))
    return "".join(pieces)


def _code_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, content) of each code span: a run of backticks closed by the next run of the same
    length (a backslash before a run makes it literal)."""
    runs: dict[int, list[int]] = {}
    for run in re.finditer(r"`+", text):
        if not (run.start() and text[run.start() - 1] == "\\"):
            runs.setdefault(len(run.group()), []).append(run.start())
    spans: list[tuple[int, int, str]] = []
    taken = 0  # where the last span ended: runs before it are inside it
    pending = sorted((start, length) for length, starts in runs.items() for start in starts)
    following = {length: 0 for length in runs}  # per length, the first run not yet passed
    for start, length in pending:
        if start < taken:
            continue
        starts = runs[length]
        index = following[length]
        while index < len(starts) and starts[index] <= start:
            index += 1
        following[length] = index
        if index < len(starts):
            close = starts[index]
            spans.append((start, close + length, text[start + length : close]))
            taken = close + length
            following[length] = index + 1
    return spans


def _unmark(text: str) -> str:
    return _ESCAPE.sub(r"\1", _drop_emphasis(_links(text)))


def _links(text: str) -> str:
    """``[text](address)`` as "text (address)", ``![alt](address)`` as "alt (address)"."""
    out: list[str] = []
    last = 0
    no_address_until = -1  # an address starting at or before this would run into a space or the end
    index = text.find("[")
    while index != -1:
        close = text.find("]", index + 1)
        if close == -1:
            break
        if text.startswith("](", close) and close + 2 > no_address_until:
            address = _ADDRESS.match(text, close + 2)
            assert address is not None  # the pattern matches the empty string
            if address.end() < len(text) and text[address.end()] == ")":
                begin = index - 1 if index > last and text[index - 1] == "!" else index
                label, target = text[index + 1 : close], address.group()
                out += [text[last:begin], f"{label} ({target})" if target else label]
                last = address.end() + 1
                index = text.find("[", last)
                continue
            no_address_until = address.end()
        index = text.find("[", index + 1)
    out.append(text[last:])
    return "".join(out)


def _drop_emphasis(text: str) -> str:
    """Remove paired ``**``/``__`` and ``*``/``_`` markers: each closer pairs with the nearest open marker
    of its kind (one stack per kind), so each marker is looked at once."""
    drop: list[tuple[int, int]] = []
    openers: dict[str, list[int]] = {"**": [], "__": [], "*": [], "_": []}
    for run in _MARKER_RUN.finditer(text):
        char = run.group()[0]
        if char == "\\":
            continue  # an escaped character is never a marker
        before = text[run.start() - 1] if run.start() else " "
        after = text[run.end()] if run.end() < len(text) else " "
        # An underscore inside a word (h_θ, theta_1) is a letter, not a marker.
        can_open = not after.isspace() and not (char == "_" and _is_word(before))
        can_close = not before.isspace() and not (char == "_" and _is_word(after))
        position, length = run.start(), len(run.group())
        while length:
            size = 2 if length >= 2 else 1
            stack = openers[char * size]
            if can_close and stack:
                drop += [(stack.pop(), size), (position, size)]
            elif can_open:
                stack.append(position)
            position += size
            length -= size
    out: list[str] = []
    last = 0
    for start, size in sorted(drop):
        out.append(text[last:start])
        last = start + size
    out.append(text[last:])
    return "".join(out)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _cells(row: str) -> list[str]:
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [_inline(cell.strip()).replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", inner)]


def _table(rows: list[str]) -> list[str]:
    """A pipe table with its columns lined up by spaces; the rule row under the header is dropped."""
    table = [_cells(row) for row in rows if not _TABLE_RULE.match(row)]
    if not table:
        return []
    columns = max(len(row) for row in table)
    table = [row + [""] * (columns - len(row)) for row in table]
    widths = [max(display_width(row[column]) for row in table) for column in range(columns)]
    lines = []
    for row in table:
        padded = [cell + " " * (width - display_width(cell)) for cell, width in zip(row, widths, strict=True)]
        lines.append((TABLE_INDENT + COLUMN_GAP.join(padded)).rstrip())
    return lines
