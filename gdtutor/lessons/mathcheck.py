"""What in a prose text's math will not show as its author meant: a lone ``$``, TeX outside ``$…$``, and
inside ``$…$`` a command the renderer does not know (``\\thet``) or braces that do not pair
(``\\frac{1}{2m``).

Each finding carries the index in the text where it is, so that validate can point at the very line and
column of a ``|`` block rather than at its first line."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from gdtutor.lessons.mathtext import KNOWN_COMMANDS, MATH_SPANS

_DOLLAR = re.compile(r"(?<!\\)\$")
_COMMAND = re.compile(r"\\([A-Za-z]+)")
# TeX an author plainly meant as math, seen outside it
_TEX_OUTSIDE = re.compile(r"\\(frac|theta|alpha|partial|sum|cdot)\b")


@dataclass(frozen=True)
class Finding:
    index: int  # where in the text
    message: str


def math_findings(text: str) -> Iterator[Finding]:
    """Every finding in ``text``, in text order."""
    spans = list(MATH_SPANS.finditer(text))
    found: list[Finding] = []
    inside = [range(*span.span()) for span in spans]
    dollars = [match.start() for match in _DOLLAR.finditer(text)]
    if len(dollars) % 2:
        lone = [at for at in dollars if not any(at in span for span in inside)] or dollars
        message = "an unpaired $: math goes between two $ signs; write \\$ for a dollar sign"
        found.append(Finding(lone[-1], message))
    else:
        outside = [
            match
            for match in _TEX_OUTSIDE.finditer(text)
            if not any(match.start() in span for span in inside)
        ]
        if outside:
            found.append(Finding(outside[0].start(), "TeX outside $…$ is shown as typed"))
    for span in spans:
        group = 1 if span.group(1) is not None else 2
        found += _inside_math(span.group(group), span.start(group))
    yield from sorted(found, key=lambda finding: finding.index)


def _inside_math(tex: str, offset: int) -> list[Finding]:
    found = []
    for match in _COMMAND.finditer(tex):
        name = match.group(1)
        if name in KNOWN_COMMANDS or (match.start() > 0 and tex[match.start() - 1] == "\\"):
            continue  # \\ followed by a word is a line break, then the word
        close = difflib.get_close_matches(name, sorted(KNOWN_COMMANDS), n=1)
        suggestion = f' (did you mean "\\{close[0]}"?)' if close else ""
        message = f'"\\{name}" is not a TeX command gdtutor knows: it shows as "{name}"{suggestion}'
        found.append(Finding(offset + match.start(), message))
    opened: list[int] = []
    for match in re.finditer(r"\\.|[{}]", tex, re.DOTALL):
        if match.group(0) == "{":
            opened.append(match.start())
        elif match.group(0) == "}" and opened:
            opened.pop()
        elif match.group(0) == "}":
            found.append(Finding(offset + match.start(), "a } in the math closes no {"))
    found += [Finding(offset + at, "a { in the math is never closed with }") for at in opened]
    return found
