"""Checking one typed answer: a number, a vector of numbers (formulas: ``formulas``; choices: ``choices``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Any

import numpy as np

from gdtutor.checking.grading import Explain, as_mistaken, grade
from gdtutor.checking.mistakes import Mistaken
from gdtutor.checking.numbers import Number, read_number, read_vector
from gdtutor.checking.plaintext import AnswerError
from gdtutor.checking.symbols import component_label, join_words
from gdtutor.checking.tolerance import Judgement, NumberRule, judge, may_coincide
from gdtutor.checking.verdict import Verdict, invalid

MistakenItems = Iterable[Mistaken | tuple[Any, ...]]


def check_number(
    text: str,
    expected: float,
    rule: NumberRule | None = None,
    mistaken: MistakenItems = (),
    lesson_mistakes: MistakenItems = (),
    explain: Explain | None = None,
) -> Verdict:
    """Judge a typed number against ``expected``; diagnose it against mistaken values when wrong.

    ``mistaken`` are the library's (id, value[, explanation]) for this question, ``lesson_mistakes`` the
    lesson's own; both are compared under the same rule, lesson ones first. ``explain`` (see ``grade``)
    writes the named mistake's explanation.
    """
    rule = rule or NumberRule()
    expected = float(expected)
    try:
        number = read_number(text)
    except AnswerError as error:
        return invalid(error.message)
    return grade(
        lambda target: judge(number, float(target), rule),
        expected,
        lambda value: may_coincide(float(value), expected, rule),
        rule,
        as_mistaken(chain(lesson_mistakes, mistaken)),
        number.value,
        reading=None,
        explain=explain,
    )


def check_vector(
    text: str,
    expected: Sequence[float],
    rule: NumberRule | None = None,
    mistaken: MistakenItems = (),
    names: Sequence[str] | None = None,
    lesson_mistakes: MistakenItems = (),
    asked: str | None = None,
    explain: Explain | None = None,
) -> Verdict:
    """Judge typed numbers (θ₀ and θ₁ together, say) against ``expected``, component by component.

    ``names`` are the canonical parameter names, used in messages ("give 2 numbers: θ₀ and θ₁"), and
    ``asked`` ("theta", "step" or "gradient") says what the numbers are ("give ∇J as 2 numbers: ∂J/∂θ₀ and
    ∂J/∂θ₁"). The verdict is correct when every component is, almost when every one is right but some too
    coarse; a wrong answer says which components are right.
    """
    rule = rule or NumberRule()
    target = tuple(float(value) for value in expected)
    labels = tuple(names) if names else tuple(f"theta{index}" for index in range(len(target)))
    try:
        numbers = read_vector(text, len(target), labels, asked)
    except AnswerError as error:
        return invalid(error.message)
    reading = "read as: (" + ", ".join(number.text.replace("-", "−") for number in numbers) + ")"
    rights = [judge(number, value, rule) != "wrong" for number, value in zip(numbers, target, strict=True)]
    right_names = [label for label, right in zip(labels, rights, strict=True) if right]
    wrong_names = [label for label, right in zip(labels, rights, strict=True) if not right]
    wrong_message = "Not quite."
    if right_names:
        verb = "is" if len(right_names) == 1 else "are"
        right_labels = join_words(component_label(asked or "theta", name) for name in right_names)
        wrong_labels = join_words(component_label(asked or "theta", name) for name in wrong_names)
        wrong_message = f"Not quite: {right_labels} {verb} right, {wrong_labels} not."
    return grade(
        lambda values: _judge_all(numbers, values, rule),
        target,
        lambda values: all(may_coincide(float(a), b, rule) for a, b in zip(values, target, strict=True)),
        rule,
        (
            candidate
            for candidate in as_mistaken(chain(lesson_mistakes, mistaken))
            if isinstance(candidate.value, (tuple, list, np.ndarray)) and len(candidate.value) == len(target)
        ),
        tuple(number.value for number in numbers),
        reading,
        wrong_message,
        explain,
    )


def _judge_all(numbers: Sequence[Number], values: Sequence[float], rule: NumberRule) -> Judgement:
    """ "wrong" as soon as one component is (most mistaken vectors differ in the first), else "correct" when
    every one is, else "almost"."""
    judgements = set()
    for number, value in zip(numbers, values, strict=True):
        judgement = judge(number, float(value), rule)
        if judgement == "wrong":
            return "wrong"
        judgements.add(judgement)
    return "correct" if judgements == {"correct"} else "almost"
