"""Canonical names, how people spell them, look-alike letters and "did you mean" suggestions."""

from __future__ import annotations

import re
import unicodedata

FUNCTION_NAMES = ("exp", "log", "sqrt", "abs", "sin", "cos", "sum")
PARAMETER = re.compile(r"theta(?:0|[1-9]\d*)?")
CANONICAL = re.compile(
    r"theta(?:0|[1-9]\d*)?|alpha|x(?:[1-9]\d*)?|y|m|xraw(?:[1-9]\d*)?|mu(?:[1-9]\d*)?|sigma(?:[1-9]\d*)?"
)
# Names for feature scaling (lesson formulas): a feature as written in the data before scaling, and its mean
# and standard deviation over the training set. x, x1 … stay what the hypothesis sees (the z-scores when the
# features are scaled).
SCALING = re.compile(r"(xraw|mu|sigma)([1-9]\d*)?")
MAX_INDEX_DIGITS = 4
# The names a formula about a training set may use besides its parameters: an example's x and y, the number
# of examples m, and the hypothesis h.
DATA_NAMES = frozenset({"x", "y", "m", "h"})

# The spellings a run of letters can start with; an index may follow theta and x (theta1, theta_1), and
# x_i, y_i, h_theta are the article's names for one example and for the hypothesis.
_SPELLINGS = re.compile(
    r"(?P<func>exp|log|sqrt|abs|sin|cos|sum)"
    r"|(?P<theta>theta)(?:_?(?P<theta_index>\d+))?"
    r"|(?P<alpha>alpha)"
    r"|(?P<scaling>x_?raw|mu|sigma)(?:_?(?P<scaling_index>\d+))?"
    r"|(?P<h>h)(?:_theta)?"
    r"|(?P<x>x)(?:_?(?P<x_index>\d+))?(?:_i)?"
    r"|(?P<y>y)(?:_i)?"
    r"|(?P<m>m)"
)

# Letters that look like the ones a formula uses but are not (Cyrillic, Greek, symbols).
LOOK_ALIKES = {
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "у": "y",
    "х": "x",
    "ѕ": "s",
    "і": "i",
    "ј": "j",
    "һ": "h",
    "ԁ": "d",
    "т": "t",
    "м": "m",
    "п": "n",
    "к": "k",
    "ѳ": "θ",
    "Ѳ": "θ",
    "Ө": "θ",
    "ө": "θ",
    "ο": "o",
    "ν": "v",
    "ι": "i",
    "κ": "k",
    "τ": "t",
    "χ": "x",
    "ρ": "p",
    "μ": "m",
    "Θ": "θ",
    "Α": "α",
    "ɑ": "α",
    "ɵ": "θ",
    "Ɵ": "θ",
    "ⲑ": "θ",
    "µ": "m",
    "∝": "α",
}


def is_canonical(name: str) -> bool:
    return CANONICAL.fullmatch(name) is not None


def is_parameter(name: str) -> bool:
    return PARAMETER.fullmatch(name) is not None


def is_data(name: str) -> bool:
    """x, x1 … xN, xraw, xraw1 … and y: the columns of the training set (constant for derivatives, summed by
    sum)."""
    return name == "y" or re.fullmatch(r"x(?:raw)?(?:[1-9]\d*)?", name) is not None


def natural_key(name: str) -> tuple[str, int]:
    match = re.fullmatch(r"([a-z]+)(\d*)", name)
    if match is None:
        return (name, -1)
    return (match.group(1), int(match.group(2)) if match.group(2) else -1)


def look_alike(ch: str) -> str | None:
    """The plain letter ``ch`` imitates (Cyrillic 'е' -> 'e', fullwidth 'ｘ' -> 'x'), or None."""
    if ch in LOOK_ALIKES:
        return LOOK_ALIKES[ch]
    folded = unicodedata.normalize("NFKC", ch)
    if folded != ch and len(folded) == 1 and (folded.isascii() or folded in "θα"):
        return folded
    return None


def suggest(word: str) -> str | None:
    """The known name or function closest to ``word`` (difflib), or None."""
    import difflib  # only for this message: the parser's every other caller never needs it

    lowered = word.lower()
    candidates = ["theta", "alpha", "x", "y", "m", "h", *FUNCTION_NAMES]
    numbered = re.fullmatch(r"([a-z]+)_?(\d+)", lowered)
    if numbered:
        letters, digits = numbered.groups()
        close = difflib.get_close_matches(letters, ["theta", "x"], n=1, cutoff=0.6)
        return f"{close[0]}{int(digits)}" if close else None
    if lowered != word and (is_canonical(lowered) or lowered in FUNCTION_NAMES or lowered == "h"):
        return lowered
    close = difflib.get_close_matches(lowered, candidates, n=1, cutoff=0.6)
    return close[0] if close else None


def split_run(run: str) -> list[tuple[str, str, int]] | None:
    """Split a run of letters and digits into spellings: (kind, canonical text, offset in run).

    ``kind`` is "func" or "name". Returns None when some part of the run is no known spelling.
    """
    parts: list[tuple[str, str, int]] = []
    offset = 0
    while offset < len(run):
        match = _SPELLINGS.match(run, offset)
        if match is None:
            return None
        kind = match.lastgroup
        if match.group("func"):
            parts.append(("func", match.group("func"), offset))
        elif match.group("theta"):
            index = match.group("theta_index")
            parts.append(("name", "theta" if index is None else f"theta{int(index)}", offset))
        elif match.group("scaling"):
            index = match.group("scaling_index")
            name = match.group("scaling").replace("_", "")
            parts.append(("name", name if index is None else f"{name}{int(index)}", offset))
        elif match.group("x"):
            index = match.group("x_index")
            parts.append(("name", "x" if index is None else f"x{int(index)}", offset))
        else:
            parts.append(("name", kind or "", offset))
        offset = match.end()
    return parts
