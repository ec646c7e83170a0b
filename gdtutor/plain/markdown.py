"""Lesson Markdown as plain lines for a line-oriented terminal or a screen reader.

Markers a reader would otherwise hear or see typed out are removed: emphasis and code backticks go, a
heading becomes its text with a line under it, a table's rule row goes and its columns are lined up with
spaces, and a fenced code block is shown indented without its fence lines. Nothing else is interpreted:
links are shown as their text and address, and text inside code is left exactly as written.
"""

from __future__ import annotations

import re
import unicodedata

_FENCE = re.compile(r"^\s*(```+|~~~+)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_TABLE_ROW = re.compile(r"^\s*\|")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_THEMATIC_BREAK = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_STAR_ITEM = re.compile(r"^(\s*)[*+]\s+")
_QUOTE = re.compile(r"^\s{0,3}>\s?")

_CODE_SPAN = re.compile(r"(?<!\\)(`+)(.+?)(?<!\\)\1", re.DOTALL)
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<![\w\\])__(?=\S)(.+?)(?<=\S)__(?!\w)", re.DOTALL)
_EMPHASIS = re.compile(
    r"(?<![*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?!\*)|(?<![\w\\])_(?=\S)(.+?)(?<=\S)_(?!\w)", re.DOTALL
)
_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)\)")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")

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
            index = _code_block(lines, index + 1, fence.group(1), out)
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


def _code_block(lines: list[str], start: int, fence: str, out: list[str]) -> int:
    """Append the block's lines, indented; return the index after its closing fence (or the end)."""
    index = start
    while index < len(lines):
        closing = lines[index].strip()
        if closing.startswith(fence) and not closing.strip(fence[0]):
            return index + 1
        out.append((CODE_INDENT + lines[index]).rstrip())
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
            title = heading.group(2)
            underline = "=" if len(heading.group(1)) == 1 else "-"
            out += [title, underline * display_width(title)]
        elif _THEMATIC_BREAK.match(line):
            out.append("")
        else:
            line = _QUOTE.sub("  ", line)
            out.append(_STAR_ITEM.sub(r"\1- ", line).rstrip())
    return out


def _inline(text: str) -> str:
    """Emphasis, links and escapes removed; code spans shown as written, without their backticks."""
    pieces: list[str] = []
    last = 0
    for match in _CODE_SPAN.finditer(text):
        pieces.append(_unmark(text[last : match.start()]))
        pieces.append(match.group(2).strip() or match.group(2))
        last = match.end()
    pieces.append(_unmark(text[last:]))
    return "".join(pieces)


def _unmark(text: str) -> str:
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(2) else m.group(1), text)
    for pattern in (_STRONG, _EMPHASIS):
        previous = None
        while previous != text:
            previous = text
            text = pattern.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)
    return _ESCAPE.sub(r"\1", text)


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
