"""Reading numbers and vectors typed by a learner, keeping the precision they were typed with.

Accepted: ``2.4``, ``+2.4``, ``2.40``, ``−0.5`` (Unicode minus or a dash), ``1e-3``, ``.5``, ``5.``, with
spaces around, and with a label in front (``θ = 2.4``). Refused, each with a one-line reason: a decimal
comma (``2,4``), nan and infinities, numbers too large for a float, a calculation instead of its result,
text, and nothing at all.

A vector is its numbers separated by commas, semicolons or spaces, optionally inside ``( )``, ``[ ]`` or
``⟨ ⟩``, each perhaps named (``θ₀ = 2.4, θ₁ = −1``). Without commas, space separates numbers, so ``2.4 -1``
is the two numbers 2.4 and −1 (what people mean in a vector prompt); a sign standing alone (``2.4 - 1``) is
refused rather than guessed. With semicolons, only semicolons separate, so ``2,4; -1`` is refused for its
decimal comma instead of being read as three numbers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from gdtutor.checking.plaintext import AnswerError, quote, tidy
from gdtutor.checking.symbols import component_label, join_words, several_numbers
from gdtutor.core.expr import unicode_name

_MINUS_SIGNS = str.maketrans({"−": "-", "–": "-", "‒": "-", "﹣": "-", "－": "-", "＋": "+"})
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")
_NOT_FINITE = re.compile(r"^[+-]?(?:nan|inf|infinity|∞)$", re.IGNORECASE)
_CALCULATION = re.compile(r"^[\d.\s+\-*/×÷·^()eE]+$")
_LONE_SIGN = re.compile(r"^[+-]$")
_BRACKETS = {"(": ")", "[": "]", "⟨": "⟩", "<": ">"}
_LABELLED = re.compile(r"([A-Za-zθα][A-Za-z0-9_₀-₉θα]{0,11})(?::=|=|:)(.*)")
_ASSIGNMENT = re.compile(r"\s*(:=|=|:)\s*")
_LABEL_LETTERS = str.maketrans({**dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789", strict=True)), "_": None})


@dataclass(frozen=True)
class Number:
    """A number as typed: its value and how precisely it was written.

    ``decimals`` is the number of digits after the point (``2.40`` -> 2, ``1.5e-3`` -> 4, ``1e3`` -> -3);
    ``sigfigs`` the number of significant digits (``0.0120`` -> 3; zero has none).
    """

    value: float
    decimals: int
    sigfigs: int
    text: str


def read_number(text: str) -> Number:
    """Read one number; raises AnswerError with a message for the learner when it is not one.

    A label in front is allowed and ignored: ``θ = 2.4``, ``J: 9``, ``θ₁ := 0.8``.
    """
    cleaned = _unlabelled(_ASSIGNMENT.sub(r"\1", tidy(text).translate(_MINUS_SIGNS)))[1]
    if not cleaned:
        raise AnswerError("type a number")
    if _NUMBER.fullmatch(cleaned):
        return _number(cleaned)
    raise AnswerError(_why_not_a_number(cleaned, text))


def parse_number(text: str) -> float:
    """The value of one typed number (see ``read_number``)."""
    return read_number(text).value


def read_vector(
    text: str, size: int, names: tuple[str, ...] | None = None, asked: str | None = None
) -> tuple[Number, ...]:
    """Read ``size`` numbers; ``names`` (canonical, e.g. ("theta0", "theta1")) make the messages specific,
    and ``asked`` ("theta", "step" or "gradient") says what the numbers are: "give ∇J as 2 numbers: ∂J/∂θ₀
    and ∂J/∂θ₁".

    Each number may carry its parameter's name, in order: ``θ₀ = 2.4, θ₁ = −1`` (a wrong or misplaced name is
    refused).
    """
    body = _strip_brackets(_ASSIGNMENT.sub(r"\1", tidy(text).translate(_MINUS_SIGNS)))
    labels = [component_label(asked or "theta", name) for name in names or ()]
    if names and asked:
        wanted = f"give {several_numbers(asked, names)}"
    else:
        wanted = f"give {size} number{'s' if size != 1 else ''}"
        wanted += f": {join_words(labels)}" if names else ""
    if not body:
        raise AnswerError(wanted)
    if ";" in body:
        pieces = [piece.strip() for piece in body.split(";")]
    elif "," in body:
        pieces = [piece.strip() for piece in body.split(",")]
    else:
        pieces = body.split()
    if any(_LONE_SIGN.fullmatch(piece) for piece in pieces):
        raise AnswerError("a sign stands alone: write −1 with no space, or separate numbers with commas")
    if "" in pieces:
        raise AnswerError(f"a number is missing between the separators: {wanted}")
    if len(pieces) != size:
        if re.search(r"\d,\d", body) and ";" not in body:
            raise AnswerError(f"use a point for decimals and commas between numbers (2.4, -1): {wanted}")
        raise AnswerError(f"{wanted} (you gave {len(pieces)})")
    numbers = []
    for index, piece in enumerate(pieces):
        label, piece = _unlabelled(piece)
        if label is not None and names and _canonical(label) != names[index]:
            raise AnswerError(
                f"give {join_words(labels)} in that order ({label} is not {unicode_name(names[index])})"
            )
        try:
            numbers.append(read_number(piece))
        except AnswerError as error:
            label = f"{labels[index]}: " if names else ""
            raise AnswerError(label + error.message) from None
    return tuple(numbers)


def parse_vector(text: str, size: int, names: tuple[str, ...] | None = None) -> tuple[float, ...]:
    """The values of ``size`` typed numbers (see ``read_vector``)."""
    return tuple(number.value for number in read_vector(text, size, names))


def _unlabelled(text: str) -> tuple[str | None, str]:
    """(label, the rest) for ``θ₁=0.8``; (None, text) when there is no label."""
    labelled = _LABELLED.fullmatch(text)
    return (labelled.group(1), labelled.group(2).strip()) if labelled else (None, text)


def _canonical(label: str) -> str:
    return label.translate(_LABEL_LETTERS).replace("θ", "theta").replace("α", "alpha").lower()


def _number(cleaned: str) -> Number:
    value = float(cleaned)
    if not math.isfinite(value):
        raise AnswerError("that number is too large to work with")
    exact = Decimal(cleaned.lstrip("+"))
    _, digits, exponent = exact.as_tuple()
    assert isinstance(exponent, int)  # a finite Decimal always has an int exponent
    sigfigs = 0 if exact == 0 else len(digits)
    return Number(value=value, decimals=-exponent, sigfigs=sigfigs, text=cleaned)


def _strip_brackets(text: str) -> str:
    if text[:1] in _BRACKETS:
        closing = _BRACKETS[text[0]]
        if not text.endswith(closing) or len(text) < 2:
            raise AnswerError(f"close the bracket: {quote(text)} has no matching {closing}")
        text = text[1:-1].strip()
    elif text[-1:] in _BRACKETS.values():
        raise AnswerError(f"a closing bracket without an opening one in {quote(text)}")
    if any(char in text for char in "()[]⟨⟩"):
        raise AnswerError("type the numbers only, inside at most one pair of brackets")
    return text


def _why_not_a_number(cleaned: str, original: str) -> str:
    if _DECIMAL_COMMA.fullmatch(cleaned):
        point = cleaned.replace(",", ".")
        return f"use a point for decimals: {point}, not {cleaned}"
    if _NOT_FINITE.fullmatch(cleaned):
        return "give a finite number: nan and infinity are not values here"
    parts = [part for part in re.split(r"[\s,;]+", cleaned.strip("()[]")) if part]
    if len(parts) > 1 and all(_NUMBER.fullmatch(part) for part in parts):
        return "give one number only"
    if _CALCULATION.fullmatch(cleaned) and any(char.isdigit() for char in cleaned):
        return "type the result as one number (work out the calculation first)"
    # No example value: any fixed one (2.4 was) is the answer to some question somewhere.
    return f"{quote(original.strip())} is not a number: type it in digits, with a point for decimals"
