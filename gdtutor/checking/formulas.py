"""Formula answers: equivalence by evaluation at random points; mistaken formulas derived from the reference.

Two formulas are equivalent when they agree (relative tolerance) at every sample point (``sample_points``).
Values the lesson fixes (``data``, e.g. α = 0.1) are used as given, so ``θ − 0.1·2θ`` matches ``θ − α·2θ``
when α is 0.1. A wrong answer is compared with every mistaken formula: the library's, derived from the
reference (``formula_mistakes``), and the lesson's own, which come first.

A question keeps one ``FormulaCheck`` for all its answers: the mistaken formulas, the sample points and
the values of the reference and of every mistaken formula there do not depend on the answer, so they are
worked out once; an answer then costs its parse, its own values and one comparison with all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import Any

import numpy as np

from gdtutor.checking.formula_mistakes import FormulaMistake, as_update_rule, derived_mistakes
from gdtutor.checking.grading import name_mistake
from gdtutor.checking.mistakes import Mistaken
from gdtutor.checking.plaintext import AnswerError, tidy
from gdtutor.checking.sample_points import (
    Compared,
    SamplePoints,
    agree,
    finite_points,
    per_example,
    sample_points,
    values_reusing,
)
from gdtutor.checking.tolerance import Judgement, NumberRule
from gdtutor.checking.verdict import Verdict, invalid
from gdtutor.core.expr import Expr, ExprError, Sum, parse, unicode_name
from gdtutor.core.expr.names import is_data

# Answers with other names than the reference's (θ₀ where it has only θ₁) draw other points; a few such
# sets are kept per question, so a learner typing every name there is cannot make it hold many.
_POINT_SETS_KEPT = 8


def check_formula(text: str, reference: Expr | str, **options: Any) -> Verdict:
    """Judge one typed formula against ``reference`` (``options`` as ``FormulaCheck`` takes them); a question
    with many answers keeps a ``FormulaCheck``."""
    return FormulaCheck(reference, **options).check(text)


class FormulaCheck:
    """Judges typed formulas against ``reference`` and diagnoses wrong ones against mistaken formulas, answer
    after answer, with what no answer changes kept.

    ``params`` are the problem's parameters (default: the reference's); ``data`` the lesson's values:
    scalars (α = 0.1) are used as given; arrays (its training columns) only make their names part of the
    problem, since points always use random data (a formula that fits one data set by chance must fail).
    ``mistaken`` None derives the library's mistaken formulas from the reference; ``lesson_mistakes`` are
    the lesson's own, checked first.
    """

    def __init__(
        self,
        reference: Expr | str,
        *,
        params: Sequence[str] | None = None,
        features: int = 1,
        data: Mapping[str, Any] | None = None,
        mistaken: Iterable[FormulaMistake | Mistaken] | None = None,
        lesson_mistakes: Iterable[FormulaMistake | Mistaken] = (),
    ) -> None:
        self.reference = parse(reference, features) if isinstance(reference, str) else reference
        self.features = features
        self.fixed = dict(data or {})
        self._params = frozenset(params or ())
        self._sums = any(isinstance(node, Sum) for node in self.reference.walk())
        self._known = _known_names(self.reference, params, self.fixed, features, self._sums)
        self._lesson_mistakes = list(lesson_mistakes)
        self._mistaken = None if mistaken is None else list(mistaken)
        self._at_points: dict[frozenset[str], _AtPoints] = {}

    @cached_property
    def candidates(self) -> list[FormulaMistake]:
        """The lesson's mistaken formulas, then the library's (or those given), as built."""
        candidates = [_as_formula_mistake(item, self.features) for item in self._lesson_mistakes]
        if self._mistaken is None:
            return candidates + derived_mistakes(self.reference)
        return candidates + [_as_formula_mistake(item, self.features) for item in self._mistaken]

    @cached_property
    def _names(self) -> frozenset[str]:
        """The names every answer's points have: the reference's, the parameters, the mistakes'."""
        names = self.reference.free_names() | self._params
        for candidate in self.candidates:
            names |= candidate.formula.free_names()
        return names

    def check(self, text: str) -> Verdict:
        """The verdict on one typed formula."""
        try:
            answer = parse(tidy(text), self.features)
        except (ExprError, AnswerError) as error:
            return _unreadable(error)
        reading = f"read as: {answer.to_unicode()}"
        unknown = sorted(answer.free_names() - self._known)
        if unknown:
            shown = " and ".join(unicode_name(name) for name in unknown)
            verb = "isn't" if len(unknown) == 1 else "aren't"
            return invalid(f"this answer uses {shown}, which {verb} in this problem", reading)
        at = self._points_for(answer.free_names() | self._names)
        given = at.points.values(answer)
        if agree(given, at.expected):
            return Verdict("correct", "Correct.", reading, value=answer)
        verdict = self._diagnose(answer, reading, given, at)
        if verdict.mistake is None and self._sums and _forgot_sum(given, at.expected):
            message = "Not quite: your answer still has one value per example; add them up with sum(…)."
            return Verdict("wrong", message, reading, value=answer)
        return verdict

    def _points_for(self, names: frozenset[str]) -> _AtPoints:
        at = self._at_points.get(names)
        if at is None:
            if len(self._at_points) >= _POINT_SETS_KEPT:
                del self._at_points[next(iter(self._at_points))]
            at = self._at_points[names] = _AtPoints(self.reference, self.candidates, names, self.fixed)
        return at

    def _diagnose(self, answer: Expr, reading: str, given: list[np.ndarray], at: _AtPoints) -> Verdict:
        if finite_points(given) == 0:
            message = "Not quite: your formula has no value at the points tried."
            return Verdict("wrong", message, reading, value=answer)
        named = [Mistaken(candidate.id, None, candidate.explanation) for candidate in self.candidates]
        # Only a mistake the answer matches can be claimed, so only those are tested for coinciding.
        matches: list[tuple[Judgement, Mistaken]] = [
            ("correct", named[index])
            for index, matched in enumerate(at.matching(given))
            if matched and not at.coincides(index)
        ]
        return name_mistake(matches, named, NumberRule(), answer, reading)


class _AtPoints:
    """One set of sample points with the reference's values there and, once a wrong answer needs them,
    every mistaken formula's: each is computed once, and a mistake built from the reference or its step
    with +, −, ×, ÷ is valued from theirs (``values_reusing``)."""

    def __init__(
        self,
        reference: Expr,
        candidates: list[FormulaMistake],
        names: frozenset[str],
        fixed: Mapping[str, Any],
    ) -> None:
        self.reference = reference
        self.candidates = candidates
        self.points: SamplePoints = sample_points(reference, names, fixed)
        self.expected = self.points.values(reference)
        self._coinciding: dict[int, bool] = {}

    @cached_property
    def mistaken_values(self) -> list[list[np.ndarray]]:
        known = {id(self.reference): self.expected}
        update = as_update_rule(self.reference)
        if update is not None:  # the step G, which most update mistakes reuse
            known[id(update[1])] = self.points.values(update[1])
        return [values_reusing(candidate.formula, known, self.points) for candidate in self.candidates]

    @cached_property
    def _compared(self) -> Compared:
        return Compared(self.mistaken_values)

    def matching(self, given: list[np.ndarray]) -> list[bool]:
        """Whether the answer's values agree with each mistaken formula's, in order."""
        return self._compared.agree_each(given)

    def coincides(self, index: int) -> bool:
        """Whether mistaken formula ``index`` agrees with the reference here (then it is never claimed)."""
        if index not in self._coinciding:
            self._coinciding[index] = agree(self.mistaken_values[index], self.expected)
        return self._coinciding[index]


def _forgot_sum(given: list[np.ndarray], expected: list[np.ndarray]) -> bool:
    """The answer varies per example where the reference, which sums, does not (not one example's formula,
    such as the derivative of a single error, where sum(…) would be no help)."""
    return per_example(given) and not per_example(expected)


def _known_names(
    reference: Expr, params: Sequence[str] | None, fixed: Mapping[str, Any], features: int, sums: bool
) -> set[str]:
    """The problem's names: the reference's, parameters, fixed values; with data (named, or summed over:
    ``sums``), its columns and m."""
    known = set(reference.free_names()) | set(params or ()) | set(fixed)
    if sums or any(is_data(name) for name in known):
        columns = ["x"] if features == 1 else [f"x{index}" for index in range(1, features + 1)]
        known |= {"m", "y", *columns, *(f"theta{index}" for index in range(features + 1))}
    return known


def _as_formula_mistake(item: FormulaMistake | Mistaken, features: int) -> FormulaMistake:
    if isinstance(item, FormulaMistake):
        return item
    formula = item.value if isinstance(item.value, Expr) else parse(str(item.value), features)
    return FormulaMistake(item.id, formula, item.explanation)


def _unreadable(error: ExprError | AnswerError) -> Verdict:
    """ "invalid" with the error's one-line message; the caret under the spot goes in the explanation."""
    verdict = invalid(error.message)
    if isinstance(error, ExprError) and error.position is not None:
        return Verdict("invalid", verdict.message, explanation=error.caret())
    return verdict
