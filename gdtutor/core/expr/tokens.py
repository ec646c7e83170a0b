"""The lexer: Unicode normalisation and tokens, each remembering its column in the original text.

Accepted on top of ASCII: θ ϑ (theta), α (alpha), subscript digits (θ₁ = theta1), superscript exponents
(θ², θ⁻¹), · ⋅ × ∙ ∗ (times), − – (minus), ÷ ∕ (divide), Σ ∑ (sum), √ (square root).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

from .errors import ExprError
from .names import MAX_INDEX_DIGITS, SCALING, look_alike, split_run, suggest

MAX_LENGTH = 2000

_SIMPLE = {
    "·": "*",
    "⋅": "*",
    "×": "*",
    "∙": "*",
    "∗": "*",
    "−": "-",
    "–": "-",
    "÷": "/",
    "∕": "/",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\t": " ",
    "\n": " ",
    "\r": " ",
}
_SUPERSCRIPTS = {
    "⁰": "0",
    "¹": "1",
    "²": "2",
    "³": "3",
    "⁴": "4",
    "⁵": "5",
    "⁶": "6",
    "⁷": "7",
    "⁸": "8",
    "⁹": "9",
    "⁻": "-",
    "⁺": "+",
}
_SUBSCRIPTS = {
    "₀": "0",
    "₁": "1",
    "₂": "2",
    "₃": "3",
    "₄": "4",
    "₅": "5",
    "₆": "6",
    "₇": "7",
    "₈": "8",
    "₉": "9",
}
_LETTERS = {"θ": "theta", "ϑ": "theta", "α": "alpha"}
_NORMALISED = str.maketrans(_SIMPLE)
_SPELLED = str.maketrans({**_LETTERS, **_SUBSCRIPTS})
# A name's run: ASCII letters, digits and underscores, θ ϑ α and subscript digits.
_RUN = re.compile("[A-Za-z0-9_" + "".join(_LETTERS) + "".join(_SUBSCRIPTS) + "]+")
_NON_DIGITS = re.compile(r"\D")
_NUMBER = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_DIGITS = frozenset("0123456789")  # str.isdigit() is also true of ² and ₁
_OPERATORS = {"+", "-", "*", "/", "^", "(", ")"}
_FORBIDDEN = {
    "=": "a formula has no '=': type only the right-hand side",
    "'": "text in quotes is not allowed in a formula",
    '"': "text in quotes is not allowed in a formula",
    "[": "'[' is not allowed: use ( and ) for grouping",
    "]": "']' is not allowed: use ( and ) for grouping",
    "{": "'{' is not allowed: use ( and ) for grouping",
    "}": "'}' is not allowed: use ( and ) for grouping",
    "|": "'|' is not allowed: write abs(...) for an absolute value",
    "_": "a name cannot start with '_'",
    ";": "';' is not allowed: type one formula",
    ":": "':' is not allowed in a formula",
    "!": "'!' is not allowed in a formula",
}


class Token(NamedTuple):
    kind: str  # "num", "name", "func", "op", "sup", "sum", "sqrt", "end"
    text: str  # the normalised text: a canonical name, an operator, a number
    position: int
    value: float = 0.0


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    code = f"U+{ord(ch):04X}"
    if not ch.isprintable() or unicodedata.category(ch) in ("Cf", "Zs"):
        return f"{code} {name}".strip()
    return f"'{ch}' ({name or code})"


def tokenize(text: str, features: int = 1) -> list[Token]:
    """Turn a formula into tokens; raises ExprError on the first character or name it cannot read."""
    if len(text) > MAX_LENGTH:
        raise ExprError(f"the formula is too long ({len(text)} characters; at most {MAX_LENGTH})", text=text)
    if not text.strip():
        raise ExprError("type a formula", text=text)
    if "=" in text:  # "J(θ) = θ²": point at the '=' rather than at the J before it
        position = text.index("=")
        right = text[position + 1 :].strip() or None
        raise ExprError(_FORBIDDEN["="], position, right, text)
    lexer = _Lexer(text, features)
    return lexer.run()


class _Lexer:
    def __init__(self, text: str, features: int) -> None:
        self.text = text
        self.features = features
        # Simple one-for-one replacements first, so columns keep pointing into the original text.
        self.norm = text.translate(_NORMALISED)
        self.tokens: list[Token] = []

    def error(self, message: str, position: int, suggestion: str | None = None) -> ExprError:
        return ExprError(message, position, suggestion, self.text)

    def run(self) -> list[Token]:
        norm = self.norm
        i = 0
        while i < len(norm):
            ch = norm[i]
            if ch == " ":
                i += 1
            elif ch in _DIGITS or (ch == "." and norm[i + 1 : i + 2] in _DIGITS):
                i = self.number(i)
            elif ch == "*" and norm.startswith("**", i):
                self.tokens.append(Token("op", "^", i))
                i += 2
            elif ch in _OPERATORS:
                self.tokens.append(Token("op", ch, i))
                i += 1
            elif ch in _SUPERSCRIPTS:
                i = self.superscript(i)
            elif ch in "Σ∑":
                self.tokens.append(Token("sum", "sum", i))
                i += 1
            elif ch == "√":
                self.tokens.append(Token("sqrt", "sqrt", i))
                i += 1
            elif (ch.isascii() and ch.isalpha()) or ch in _LETTERS:
                i = self.word(i)
            else:
                raise self.bad_character(i)
        self.tokens.append(Token("end", "", len(norm)))
        return self.tokens

    def number(self, i: int) -> int:
        match = _NUMBER.match(self.norm, i)
        assert match is not None
        end = match.end()
        following = self.norm[end : end + 2]
        if following[:1] == "," and following[1:2] in _DIGITS:
            decimal = self.norm[i:end] + "." + _leading(r"[0-9]*", self.norm[end + 1 :])
            raise self.error(f"use a point for decimals: {decimal}", end, decimal)
        if following[:1] == ".":
            raise self.error("a number has at most one decimal point", end)
        value = float(match.group())
        if value == float("inf"):
            raise self.error("this number is too large", i)
        self.tokens.append(Token("num", match.group(), i, value))
        return end

    def superscript(self, i: int) -> int:
        end = i
        while end < len(self.norm) and self.norm[end] in _SUPERSCRIPTS:
            end += 1
        raw = "".join(_SUPERSCRIPTS[ch] for ch in self.norm[i:end])
        if not re.fullmatch(r"[+-]?\d+", raw):
            raise self.error("a superscript exponent is an integer like ² or ⁻¹", i)
        self.tokens.append(Token("sup", raw, i, float(raw)))
        return end

    def word(self, i: int) -> int:
        # A run of letters, digits, underscores and subscript digits; θ ϑ α stand for their names.
        match = _RUN.match(self.norm, i)
        assert match is not None
        end = match.end()
        segment = self.norm[i:end]
        run = segment.translate(_SPELLED)
        # For each character of the spelled-out run, its column in the text.
        starts: Sequence[int] = range(i, end)
        if len(run) != len(segment):
            starts = [column for column, ch in enumerate(segment, i) for _ in _LETTERS.get(ch, ch)]
        if end < len(self.norm) and self.norm[end].isalpha() and look_alike(self.norm[end]) is not None:
            raise self.bad_character(end)
        parts = split_run(run)
        original = self.text[i:end]
        if parts is None:
            raise self.unknown_name(original, run, i, end)
        for kind, canonical, offset in parts:
            position = starts[offset]
            self.check_name(kind, canonical, position)
            if self.features == 1 and canonical == "x1":
                canonical = "x"
            self.tokens.append(Token(kind, canonical, position))
        return end

    def check_name(self, kind: str, name: str, position: int) -> None:
        digits = _NON_DIGITS.sub("", name)
        if len(digits) > MAX_INDEX_DIGITS:
            raise self.error(f"the index of {name[:12]}… has more than {MAX_INDEX_DIGITS} digits", position)
        if kind != "name" or not name.startswith(("x", "mu", "sigma")):
            return
        family = SCALING.fullmatch(name)
        if family is not None:
            if family.group(2) is not None and not 1 <= int(digits) <= self.features:
                message = f"there is no feature {digits}: {name} needs a feature from 1 to {self.features}"
                raise self.error(message, position)
            return
        if self.features == 1:
            if name not in ("x", "x1"):
                raise self.error(f"there is one feature: write x (or x1), not {name}", position, "x")
        elif name == "x":
            raise self.error(
                f"there are {self.features} features: write x1 … x{self.features}", position, "x1"
            )
        elif not 1 <= int(digits) <= self.features:
            raise self.error(
                f"there are {self.features} features: {name} is not one of x1 … x{self.features}", position
            )

    def unknown_name(self, original: str, run: str, start: int, end: int) -> ExprError:
        shown = original if len(original) <= 20 else original[:20] + "…"
        followed_by_paren = self.norm[end : end + 1] == "("
        what = "function" if followed_by_paren else "name"
        if run == "e":
            return self.error("unknown name 'e': write exp(...) for e to a power", start, "exp")
        guess = suggest(run)
        if guess is None and followed_by_paren:
            return self.error(f"unknown function '{shown}': use exp, log, sqrt, abs, sin, cos or sum", start)
        if guess is None:
            return self.error(f"unknown {what} '{shown}'", start)
        return self.error(f"unknown {what} '{shown}': did you mean '{guess}'?", start, guess)

    def bad_character(self, i: int) -> ExprError:
        ch = self.norm[i]
        if ch in _FORBIDDEN:
            return self.error(_FORBIDDEN[ch], i)
        if ch == "\\":
            word = _leading(r"[a-zA-Z]*", self.norm[i + 1 :])
            suggestion = word if split_run(word) else None
            message = "'\\' is not allowed: write names without a backslash (theta or θ)"
            return self.error(message, i, suggestion)
        if ch == ",":
            return self.error("',' is not allowed: use a point for decimals, and functions take one value", i)
        if ch == ".":
            return self.error("'.' is only allowed inside a number", i)
        meant = look_alike(ch)
        if meant is not None:
            return self.error(f"{_describe(ch)} only looks like '{meant}': type '{meant}' instead", i, meant)
        return self.error(f"the character {_describe(ch)} is not allowed in a formula", i)


def _leading(pattern: str, text: str) -> str:
    """The start of ``text`` that ``pattern`` (which also matches nothing) matches."""
    match = re.match(pattern, text)
    return match.group() if match else ""
