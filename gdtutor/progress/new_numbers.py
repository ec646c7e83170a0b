"""New numbers for a practice round on a lesson that draws none of its own: another start, another α and
other data within the lesson's problem, each only where the round's questions allow it.

A part stays when a question sets its own (a step's override); when the text of a question or hint quotes a
number of the problem or of its run that the new value would make false (θ = 3, a table's 0.48, a data
point); when no candidate keeps descent behaving as it does in the lesson (converging, bouncing or blowing
up, costs falling or not), which is often the lesson's point; or when it would not change any answer. What
stays is said in words. The round is graded by the solver on the new problem, as every lesson is.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from gdtutor.errors import GdtutorError

# Starts a round may move θ to, away from 0 (where most of the course's bowls have their floor).
STARTS = (-4.0, -3.0, -2.0, -1.5, 1.5, 2.0, 2.5, 4.0, 5.0)
# α is scaled by one of these (then rounded to two significant figures).
ALPHA_SCALES = (0.5, 0.75, 1.25, 1.5)
# Each label moves by one of these many units (the unit fits the labels' size), at least one of them moving.
DATA_MOVES = (-2, -1, 0, 1, 2)
TRIES = 8  # candidates tried for each part before it stays
RUN_ROWS = 30  # rows of each run whose numbers a text may quote (and the last row)
STUDY_UPDATES = 300  # how descent behaves is judged on its first updates (a lesson may ask for thousands)

_MATH = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<!\\)\$(.+?)(?<!\\)\$", re.DOTALL)
_PLACEHOLDER = re.compile(r"\{[a-z][a-z0-9_]*\}")  # filled from the round's own problem: never stale
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.(\d+))?(?![\d.])")
# Inside maths, a number right after these is an index or a label (x^{(2)}, \sum_{i=1}), not a value.
_INDEX_BEFORE = re.compile(r"(?:[_^]\{?\(?|\b[ijkmn]\s*=\s*)$")
# Outside maths, a number is a value after "=", "≈", an opening bracket, a comma, a colon, a minus, a
# table bar or "about" (θ = 3, (1, 2), | 4 |, costs: 20.5), and not in "Lesson 3" or "3 decimals".
_VALUE_BEFORE = re.compile(r"(?:[=≈(,:|\-−]|\babout)\s*$")


Slot = tuple[str, str]  # where a number is: ("start", "theta"), ("thetas 1", "2,0"), ("data", "3,1") …


@dataclass(frozen=True)
class Written:
    """A number a text states as a value, to the decimals it is written with (its sign left aside)."""

    value: float
    decimals: int

    def stands_for(self, number: float, sign: float | None = None) -> bool:
        """Whether ``number`` is written so (its sign aside, or with ``sign`` when given): rounded to the
        decimals shown, or for a whole number to one part in a thousand (a run that settled on θ₀ = 1)."""
        within = 0.5 * 10.0**-self.decimals if self.decimals else 1e-3 * max(1.0, self.value)
        return abs(abs(number) - self.value) < within and (sign is None or number * sign > 0 or number == 0)

    def is_exactly(self, number: float) -> bool:
        return abs(abs(number) - self.value) <= 1e-9 * max(1.0, self.value)


@dataclass(frozen=True)
class Quote:
    """A number a text states, and where in the problem or its run it is (a slot and its value there)."""

    number: Written
    slots: dict[Slot, float]

    def still_true(self, numbers: dict[Slot, float]) -> bool:
        """Whether the number is still what it was everywhere it may refer to (a new draw that keeps x = 1
        but moves the fitted θ₀ = 1 makes "y = 1 + 2x" false)."""
        return all(slot in numbers and self._same(value, numbers[slot]) for slot, value in self.slots.items())

    def _same(self, before: float, after: float) -> bool:
        if self.number.is_exactly(before):
            return self.number.is_exactly(after) and before * after >= 0
        return self.number.stands_for(after, 1.0 if before >= 0 else -1.0)


@dataclass(frozen=True)
class NewNumbers:
    """The lesson a round runs on, what in it is new (words for the learner), and why the rest stays."""

    lesson: Any
    varied: tuple[str, ...]
    kept: str


def new_numbers(lesson: Any, step_ids: Sequence[str], seed: int) -> NewNumbers:
    """``lesson`` with new numbers drawn from ``seed`` where the round's steps allow them."""
    steps = [lesson.step(step_id) for step_id in step_ids]
    if not any(step.kind in ("number", "iterate", "explore") for step in steps):
        return NewNumbers(lesson, (), "these questions are about formulas and ideas, not numbers")
    texts = [
        _PLACEHOLDER.sub("", text) for step in steps for text in (step.prompt, *(h.text for h in step.hints))
    ]
    written = [number for text in texts for number in values_written(text)]
    problem = lesson.problem
    before, numbers = _study(problem, steps)
    # Each quoted number with what it may be (θ₁ at row 2, the start, a label…) and the sign it has there:
    # a new draw keeps the text true only if one of those still has that value (3 stays the start, not
    # some gradient that happens to be 3; a step of −0.3 is written "0.3" too).
    quoted = [quote for quote in (_quote(number, numbers) for number in written) if quote.slots]
    chance = random.Random(seed)
    varied: list[str] = []
    kept: list[str] = []
    for part in PARTS:
        if part.field == "data" and not problem.is_regression:
            continue
        if any(getattr(step.overrides, part.field) is not None for step in steps):
            kept.append(f"a question sets its own {part.own}")
            continue
        if part.field == "data" and problem.data_file:
            kept.append("the data come from the lesson's file")
            continue
        answers = _answers(lesson, problem, steps)
        failures: set[str] = set()
        for candidate in part.candidates(problem, chance):
            failure = _why_not(lesson, candidate, steps, quoted, before, answers)
            if not failure:
                problem = candidate
                varied.append(part.named)
                break
            failures.add(failure)
        else:
            if "quoted" in failures:
                kept.append(f"the questions quote numbers that depend on {part.named}")
            elif "behaviour" in failures:
                kept.append(f"{part.other} would change how descent behaves here")
    if not varied and not kept:
        kept.append("these answers do not depend on the start, α or the data")
    return NewNumbers(replace(lesson, problem=problem) if varied else lesson, tuple(varied), "; ".join(kept))


def values_written(text: str) -> Iterator[Written]:
    """The numbers ``text`` (lesson prose) states as values a new draw could make false: in maths other
    than an index (``$\\theta = 3$``, ``$2 \\cdot 3$``, not ``$x^{(3)}$``), or outside it as a value
    (``θ = 3``, ``(1, 2)``, a table cell; not "lesson 3" or "3 decimals")."""
    spans = [match.span() for match in _MATH.finditer(text)]
    for match in _NUMBER.finditer(text):
        before = text[max(0, match.start() - 12) : match.start()]
        in_maths = any(start <= match.start() < end for start, end in spans)
        if (in_maths and not _INDEX_BEFORE.search(before)) or (not in_maths and _VALUE_BEFORE.search(before)):
            yield Written(float(match.group(0)), len(match.group(1) or ""))


def writes_down(text: str, value: float) -> bool:
    """Whether ``text`` states ``value`` (at the decimals it writes) as a value."""
    return any(number.stands_for(value) for number in values_written(text))


def _quote(number: Written, numbers: dict[Slot, float]) -> Quote:
    """Where in the problem and its run a written number may be: where it is exactly, and where the run
    comes to it at the decimals written. A number with one decimal that is exactly somewhere is taken to
    be that (α = 0.1 is α, not some θ that rounds to 0.1); with none or several it may also be a run's
    value (y = 1 + 2x over a run that settles on θ₀ = 1, θ ≈ 0.403)."""
    near = {slot: value for slot, value in numbers.items() if number.stands_for(value)}
    exact = {slot: value for slot, value in near.items() if number.is_exactly(value)}
    if exact and number.decimals == 1:
        return Quote(number, exact)
    return Quote(number, near)


def _why_not(
    lesson: Any,
    candidate: Any,
    steps: Sequence[Any],
    quoted: Sequence[Quote],
    before: tuple[object, ...],
    answers: tuple[str, ...] | None,
) -> str:
    """What keeps ``candidate`` from being used ("" when nothing does)."""
    behaviours, numbers = _study(candidate, steps)
    if not all(quote.still_true(numbers) for quote in quoted):
        return "quoted"
    if behaviours != before:
        return "behaviour"
    new_answers = _answers(lesson, candidate, steps)
    if new_answers is None:
        return "no run"
    # An explore step's answer is a word that stays; the run the learner watches is what is new.
    if new_answers == answers and not any(step.kind == "explore" for step in steps):
        return "no effect"
    return ""


def _starts(problem: Any, chance: random.Random) -> Iterator[Any]:
    for _ in range(TRIES):
        moved = {
            name: chance.choice([v for v in STARTS if v != float(v0)]) for name, v0 in problem.start.items()
        }
        yield replace(problem, start=moved)


def _alphas(problem: Any, chance: random.Random) -> Iterator[Any]:
    for _ in range(TRIES):
        alpha = float(f"{problem.alpha * chance.choice(ALPHA_SCALES):.2g}")
        if alpha != problem.alpha:
            yield replace(problem, alpha=alpha)


def _data(problem: Any, chance: random.Random) -> Iterator[Any]:
    """The data with every example's label (its last value) moved by a few units of its size."""
    labels = [float(row[-1]) for row in problem.data]
    largest = max((abs(label) for label in labels), default=1.0)
    unit = 1.0 if largest < 50 else 10.0 ** (math.floor(math.log10(largest)) - 1)
    for _ in range(TRIES):
        moves = [chance.choice(DATA_MOVES) for _ in labels]
        if not any(moves):
            moves[chance.randrange(len(moves))] = chance.choice([-1, 1])
        data = tuple(
            (*row[:-1], float(row[-1]) + move * unit) for row, move in zip(problem.data, moves, strict=True)
        )
        yield replace(problem, data=data)


@dataclass(frozen=True)
class Part:
    """A part of the problem a round may change: its field, how the learner reads it, and its candidates."""

    field: str
    named: str  # "the start": what changed
    own: str  # "a question sets its own start"
    other: str  # "another start would change how descent behaves here"
    candidates: Callable[[Any, random.Random], Iterator[Any]]


PARTS = (
    Part("start", "the start", "start", "another start", _starts),
    Part("alpha", "α", "α", "another α", _alphas),
    Part("data", "the data", "data", "other data", _data),
)


def _study(problem: Any, steps: Sequence[Any]) -> tuple[tuple[object, ...], dict[Slot, float]]:
    """How descent goes on each problem the steps work on, by the solver, and the numbers a text could
    quote: the start, α, the data, and the θ, steps, gradients and costs of each run's first rows (and last).

    The runs are made on setups of their own, not setup_for's shared ones: the candidates tried here must
    not push out the runs the lessons in use keep."""
    from gdtutor.lessons.problem import Setup, problem_key

    numbers: dict[Slot, float] = {("start", name): float(value) for name, value in problem.start.items()}
    numbers["alpha", ""] = float(problem.alpha)
    for i, row in enumerate(problem.data or ()):
        numbers.update({("data", f"{i},{j}"): float(value) for j, value in enumerate(row)})
    behaviours: list[object] = []
    seen: set[object] = set()
    for step in steps:
        spec = step.overrides.apply(problem)
        if problem_key(spec) in seen:
            continue
        seen.add(problem_key(spec))
        setup = Setup(replace(spec, iterations=min(spec.iterations, STUDY_UPDATES)))
        try:
            trace = setup.run()
        except GdtutorError:
            behaviours.append("no run")
            continue
        behaviours.append(_behaviour(trace))
        numbers.update(_quotable(trace, len(behaviours)))
        best = setup.minimizer() if spec.is_regression else None
        if best is not None:  # where a long run settles: the line a text may name (y = 1 + 2x)
            numbers.update({(f"best {len(behaviours)}", str(i)): float(v) for i, v in enumerate(best)})
    return tuple(behaviours), numbers


def _behaviour(trace: Any) -> object:
    """How a run went: how it stopped, whether θ bounces across the floor, whether the cost falls, stays
    or rises."""
    import numpy as np

    moves = trace.steps[:-1]
    bounces = bool(np.any(moves[1:] * moves[:-1] < 0)) if len(moves) > 1 else False
    change = float(trace.costs[-1] - trace.costs[0])
    trend = 0 if abs(change) <= 1e-9 * max(1.0, abs(float(trace.costs[0]))) else (1 if change > 0 else -1)
    return trace.stopped, bounces, trend


def _quotable(trace: Any, run: int) -> dict[Slot, float]:
    """The run's θ, steps, gradients and costs in its first rows and its last (rows counted from the end
    too, so the last row stays the last when a candidate's run stops at another length)."""
    import numpy as np

    rows = len(trace.costs)
    found: dict[Slot, float] = {}
    for row in {*range(min(RUN_ROWS, rows)), rows - 1}:
        at = "last" if row == rows - 1 else str(row)
        for name in ("thetas", "steps", "gradients"):
            for column, value in enumerate(np.ravel(getattr(trace, name)[row])):
                if np.isfinite(value):
                    found[f"{name} {run}", f"{at},{column}"] = float(value)
        if np.isfinite(trace.costs[row]):
            found[f"costs {run}", at] = float(trace.costs[row])
    return found


def _answers(lesson: Any, problem: Any, steps: Sequence[Any]) -> tuple[str, ...] | None:
    """The right answer to every question the steps ask along the solver's path (None: they can't be
    asked on this problem)."""
    from gdtutor.engine.steps import handler_for

    changed = replace(lesson, problem=problem)
    try:
        return tuple(
            question.answer()
            for step in steps
            if step.is_question
            for _, question in handler_for(step).path_questions(changed, step)
        )
    except GdtutorError:
        return None
