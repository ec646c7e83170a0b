"""From a read answer to a verdict: accept, call it too coarse, or match it against known mistakes.

Shared by numbers and vectors. A mistaken value that could coincide with the expected one under the rule is
never claimed (the learner may simply be right); among the mistakes an answer matches, lesson mistakes come
first, then the library's in order of how fundamental they are, and exact matches before coarse ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from gdtutor.checking.mistakes import MISTAKES, PRIORITY, Mistaken
from gdtutor.checking.tolerance import Judgement, NumberRule
from gdtutor.checking.verdict import Verdict

Explain = Callable[[Mistaken], str | None]


def as_mistaken(items: Iterable[Mistaken | tuple[Any, ...]]) -> Iterator[Mistaken]:
    """Accept ``(id, value)`` or ``(id, value, explanation)`` tuples as well as ``Mistaken``, one at a time
    (a right answer never asks for them, and working out a question's mistaken values is its dearest part)."""
    return (item if isinstance(item, Mistaken) else Mistaken(*item) for item in items)


def grade(
    judge_against: Callable[[Any], Judgement],
    expected: Any,
    coincides: Callable[[Any], bool],
    rule: NumberRule,
    candidates: Iterable[Mistaken],
    value: Any,
    reading: str | None,
    wrong_message: str = "Not quite.",
    explain: Explain | None = None,
) -> Verdict:
    """Grade an answer that ``judge_against(target)`` compares with any target value; ``explain`` gives the
    named mistake's explanation when its candidate does not carry it (default: the candidate's own).
    ``candidates`` are only gone through for an answer that is not right."""
    judgement = judge_against(expected)
    if judgement == "correct":
        return Verdict("correct", "Correct.", reading=reading, value=value)
    candidates = list(candidates)
    # Only a candidate the answer matches can be claimed, so only those are tested for coinciding.
    judged = [(judge_against(candidate.value), candidate) for candidate in candidates]
    matches: list[tuple[Judgement, Mistaken]] = [
        (how, c) for how, c in judged if how != "wrong" and not coincides(c.value)
    ]
    if judgement == "almost":
        rounding = MISTAKES["rounding"]
        if matches:
            message = f"Give {rule.asks_for()}: at this precision your answer could also come from a mistake."
        else:
            message = f"Right, but give {rule.asks_for()}."
        return Verdict("almost", message, reading, "rounding", rounding.explanation, value)
    return name_mistake(matches, candidates, rule, value, reading, wrong_message, explain)


def name_mistake(
    matches: list[tuple[Judgement, Mistaken]],
    candidates: Sequence[Mistaken],
    rule: NumberRule,
    value: Any,
    reading: str | None,
    wrong_message: str = "Not quite.",
    explain: Explain | None = None,
) -> Verdict:
    """The verdict on a wrong answer that matches ``matches`` (how, candidate) of ``candidates``: the first
    by rank is named, and every other one is mentioned."""
    if not matches:
        return Verdict("wrong", wrong_message, reading=reading, value=value)
    lesson_rank = {candidate.id: rank for rank, candidate in enumerate(candidates)}
    matches.sort(
        key=lambda pair: (
            pair[0] != "correct",
            pair[1].id in MISTAKES,
            PRIORITY.get(pair[1].id, lesson_rank[pair[1].id]),
        )
    )
    how, chosen = matches[0]
    mistake = MISTAKES.get(chosen.id)
    message = f"Not quite: {mistake.title}." if mistake else "Not quite."
    if how == "almost":
        message += f" (And give {rule.asks_for()}.)"
    own = explain(chosen) if explain else chosen.explanation
    explanation = own or (mistake.explanation if mistake else None)
    others = _unique(candidate.id for _, candidate in matches[1:] if candidate.id != chosen.id)
    if others:
        also = "; ".join(MISTAKES[other].title if other in MISTAKES else other for other in others)
        explanation = f"{explanation or ''} It also matches another mistake: {also}.".strip()
    return Verdict("wrong", message, reading, chosen.id, explanation, value)


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))
