"""Multiple-choice answers: a number (``2``), a letter (``b``) or the option's own text (or enough of its
start to tell it from the others).

Options are shown numbered (``2) …``), and every front-end, prompt and message says the same thing about
how to pick one (``how_to_choose``): its number, its letter or its text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from gdtutor.checking.plaintext import AnswerError, quote, tidy
from gdtutor.checking.verdict import Verdict, invalid

LETTERS = "abcdefghijklmnopqrstuvwxyz"  # string.ascii_lowercase, without importing string
_LETTER = re.compile(r"^\(?([a-z])[).]?$", re.IGNORECASE)
_INDEX = re.compile(r"^\(?(\d+)[).]?$")


def option_label(index: int) -> str:
    """The number a front-end shows before option ``index``: 0 -> "1"."""
    return str(index + 1)


def how_to_choose(count: int) -> str:
    """How to pick one of ``count`` options, in the words every prompt and message uses."""
    if count == 1:
        return "its number (1), its letter (a) or its text"
    return f"its number (1–{count}), its letter (a–{LETTERS[count - 1]}) or its text"


def read_choice(text: str, choices: Sequence[str]) -> int:
    """The index of the option the learner picked; raises AnswerError when it names none of them."""
    if not choices or len(choices) > len(LETTERS):
        raise ValueError("a multiple-choice question needs between 1 and 26 options")
    answer = tidy(text)
    how = how_to_choose(len(choices))
    if not answer:
        raise AnswerError(f"pick an option: type {how}")
    letter = _LETTER.fullmatch(answer)
    if letter:
        index = LETTERS.index(letter.group(1).lower())
        if index < len(choices):
            return index
        raise AnswerError(f"there is no option {letter.group(1)}: type {how}")
    number = _INDEX.fullmatch(answer)
    if number:
        index = int(number.group(1)) - 1
        if 0 <= index < len(choices):
            return index
        raise AnswerError(f"there is no option {number.group(1)}: type {how}")
    wanted = _normalized(answer)
    for index, choice in enumerate(choices):
        if _normalized(choice) == wanted:
            return index
    # The start of an option's text is enough when it starts no other option.
    starting = [index for index, choice in enumerate(choices) if _normalized(choice).startswith(wanted)]
    if len(starting) == 1 and len(wanted) >= 3:
        return starting[0]
    if len(starting) > 1:
        numbers = ", ".join(option_label(index) for index in starting)
        raise AnswerError(f"{quote(answer)} starts options {numbers}: type more of it, or {how}")
    raise AnswerError(f"{quote(answer)} is not one of the options: type {how}")


def check_choice(text: str, choices: Sequence[str], answer: int | str) -> Verdict:
    """Judge a multiple-choice answer; ``answer`` is the right option's index, letter or text."""
    right = _answer_index(answer, choices)
    try:
        picked = read_choice(text, choices)
    except AnswerError as error:
        return invalid(error.message)
    reading = f"read as: {option_label(picked)}) {choices[picked]}"
    if picked == right:
        return Verdict("correct", "Correct.", reading=reading, value=picked)
    return Verdict("wrong", "Not quite.", reading=reading, value=picked)


def _answer_index(answer: int | str, choices: Sequence[str]) -> int:
    if isinstance(answer, int):
        if 0 <= answer < len(choices):
            return answer
        raise ValueError(f"the right answer {answer} is not an option index")
    try:
        return read_choice(answer, choices)
    except AnswerError as error:
        raise ValueError(f"the right answer is not an option: {error.message}") from None


def _normalized(text: str) -> str:
    return " ".join(text.casefold().split())
