"""A step of a lesson as a question: the right answer, how an answer is judged, and the worked solution.

The tutoring engine asks these questions and ``gdtutor validate`` runs the lesson's tests through them, so a
test passes exactly when the tutor would grade that answer the same way. References come from the core
solver and the expression engine (through ``problem``) and judging from ``gdtutor.checking``.

Error carried forward: a question about a descent can stand on a θ other than the solver's (the learner's
own value from the row above); everything is then worked out from there.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

import numpy as np

from gdtutor import checking, limits  # checking's judges load when a question is first built or answered
from gdtutor.checking.plaintext import AnswerError, quote, tidy
from gdtutor.checking.symbols import show
from gdtutor.checking.verdict import Verdict, reminded
from gdtutor.core.expr import Expr, format_number, unicode_name
from gdtutor.errors import GdtutorError
from gdtutor.lessons.mathtext import to_unicode
from gdtutor.lessons.mistake_ids import MEAN_NOT_SUBTRACTED, OTHER_DIVISOR
from gdtutor.lessons.model import (
    OUTCOMES,
    RULES,
    SCALING_ASKS,
    ChoiceStep,
    DerivationStep,
    ExploreStep,
    FormulaStep,
    IterateStep,
    Lesson,
    NumberStep,
    Step,
    drawn,
)
from gdtutor.lessons.problem import Setup, setup_for

if TYPE_CHECKING:
    from gdtutor.checking import FormulaCheck, FormulaMistake, GDQuestion, Mistaken, NumberRule

OVERFLOW = "This step overflows: its value is too large to work out, so no answer can be checked."
CARRIED_OVERFLOW = (
    "Your θ from earlier has grown so large that this step overflows, so there is no value to check your"
    " answer against. Ask for the solution to go on from the solver's θ."
)


def number_rule(lesson: Lesson, step: Step) -> NumberRule:
    decimals, sigfigs = lesson.precision(step)
    return checking.NumberRule(decimals=decimals, sigfigs=sigfigs)


class Question(Protocol):
    """One thing the learner answers: a step, a cell of a table, or a line of a derivation."""

    def check(self, text: str) -> Verdict: ...

    def solution(self) -> str: ...

    def answer(self) -> str:
        """The right answer as a learner would type it."""
        ...

    def mistaken_answers(self) -> list[tuple[str, str]]:
        """(mistake id, the answer it leads to, as typed) for every mistake that applies and could be
        told apart from the right answer; for ``gdtutor validate``'s fuzzing."""
        ...

    def coinciding_mistakes(self) -> list[str]:
        """Ids of mistakes that give the right answer here (so they cannot be diagnosed)."""
        ...


# ---- numbers ----


@dataclass
class NumberQuestion:
    """A number from the descent, judged by a ``GDQuestion`` standing on ``theta``."""

    gd: GDQuestion
    rule: NumberRule
    lesson_mistakes: list[Mistaken] = field(default_factory=list)
    show_value: bool = False  # the lesson's feedback.show_value: a diagnosis ends with the worked solution
    how: str = ""  # how the θ the working starts from was reached, when it is not the start or one update on

    @property
    def expected(self) -> float | tuple[float, ...]:
        return self.gd.expected

    @property
    def overflows(self) -> bool:
        """The value asked for is too large for a float: there is nothing to check an answer against."""
        return not all(math.isfinite(value) for value in np.atleast_1d(self.gd.expected))

    def check(self, text: str) -> Verdict:
        if self.overflows:
            return Verdict("invalid", OVERFLOW)
        verdict = self.gd.check(text, self.rule, self.lesson_mistakes)
        return _with_value(verdict, self.solution()) if self.show_value else verdict

    def solution(self) -> str:
        return self.how + self.gd.worked_solution(self.rule)

    def answer(self) -> str:
        return _typed(self.gd.expected, self.rule)

    def _diagnosable(self) -> list[tuple[str, object]]:
        return [(m.id, m.value) for m in self.lesson_mistakes] + self.gd.mistaken()

    def mistaken_answers(self) -> list[tuple[str, str]]:
        coinciding = set(self.coinciding_mistakes())
        return [
            (mid, _typed(value, self.rule)) for mid, value in self._diagnosable() if mid not in coinciding
        ]

    def coinciding_mistakes(self) -> list[str]:
        found = self.gd.ambiguous_mistakes(self.rule)
        expected = self.gd.expected
        for mistake in self.lesson_mistakes:
            if _same(mistake.value, expected, self.rule):
                found.append(mistake.id)
        return list(dict.fromkeys(found))


@dataclass
class DirectQuestion:
    """A number worked out directly rather than by descent: a prediction h(x), a feature's mean, deviation or
    scaled value, or θ* from the normal equation (a vector, one number per parameter in ``names``). The
    library's descent mistakes do not apply; the step's own do, and ``built_in`` ones after them."""

    expected: float | tuple[float, ...]
    working: str
    rule: NumberRule
    lesson_mistakes: list[Mistaken] = field(default_factory=list)
    show_value: bool = False  # the lesson's feedback.show_value: a diagnosis ends with the worked solution
    names: tuple[str, ...] = ()  # the parameters, when the answer gives all of them
    built_in: list[Mistaken] = field(default_factory=list)
    principle: str | None = None  # the rule a wrong answer that matches no known mistake is reminded of

    def check(self, text: str) -> Verdict:
        if isinstance(self.expected, tuple):
            verdict = checking.check_vector(
                text, self.expected, self.rule, self.built_in, self.names, self.lesson_mistakes
            )
        else:
            verdict = checking.check_number(
                text, self.expected, self.rule, self.built_in, self.lesson_mistakes
            )
        verdict = reminded(verdict, self.principle)
        return _with_value(verdict, self.working) if self.show_value else verdict

    def solution(self) -> str:
        return self.working

    def answer(self) -> str:
        return _typed(self.expected, self.rule)

    def _mistakes(self) -> list[Mistaken]:
        return self.lesson_mistakes + self.built_in

    def mistaken_answers(self) -> list[tuple[str, str]]:
        coinciding = set(self.coinciding_mistakes())
        return [(m.id, _typed(m.value, self.rule)) for m in self._mistakes() if m.id not in coinciding]

    def coinciding_mistakes(self) -> list[str]:
        if isinstance(self.expected, tuple):
            return [m.id for m in self._mistakes() if self.check(_typed(m.value, self.rule)).correct]
        return [m.id for m in self._mistakes() if _same(m.value, self.expected, self.rule)]


def _with_value(verdict: Verdict, solution: str) -> Verdict:
    """A diagnosed mistake's feedback ending with the worked solution (``feedback: {show_value: true}``)."""
    if not verdict.mistake:
        return verdict
    said = verdict.explanation
    return replace(verdict, explanation=f"{said} {solution}" if said else solution)


def _typed(value: object, rule: NumberRule) -> str:
    """A value written as a careful learner would type it: to the rule's digits, vectors comma-separated."""
    if isinstance(value, tuple):
        return ", ".join(_typed(v, rule) for v in value)
    number = float(value)  # type: ignore[arg-type]
    if rule.decimals is None and rule.sigfigs is None:
        return repr(number) if number != int(number) or abs(number) >= 1e15 else str(int(number))
    return rule.format(number)


def _same(value: object, expected: object, rule: NumberRule) -> bool:
    if isinstance(expected, tuple) or isinstance(value, tuple):
        return False
    expected_f = float(expected)  # type: ignore[arg-type]
    return abs(float(value) - expected_f) <= rule.half_width(expected_f)  # type: ignore[arg-type]


def _descent_question(
    lesson: Lesson,
    step: Step,
    setup: Setup,
    asked: str,
    param: str | None,
    stand_on: np.ndarray,
    previous: np.ndarray | None,
    iteration: int,
) -> NumberQuestion:
    gd = checking.GDQuestion(
        setup.objective,
        stand_on,
        setup.alpha,
        asked,  # type: ignore[arg-type]
        param=param,
        start=setup.start,
        previous=previous,
        iteration=iteration,
    )
    mistakes = _value_mistakes(step, setup, stand_on, gd.is_vector)
    return NumberQuestion(gd, number_rule(lesson, step), mistakes, show_value=lesson.show_value)


def _value_mistakes(
    step: Step, setup: Setup, stand_on: np.ndarray, is_vector: bool, inputs: np.ndarray | None = None
) -> list[Mistaken]:
    """The step's own mistakes, evaluated where the learner stands: one number each, or for an answer that
    gives every parameter (``is_vector``) one per parameter. x and xraw are a prediction's ``inputs`` when
    given."""
    env = setup.env(stand_on, inputs)
    found = []
    for mistake in step.mistakes:
        if mistake.value is None or isinstance(mistake.value, tuple) != is_vector:
            continue
        formulas = mistake.value if isinstance(mistake.value, tuple) else (mistake.value,)
        values = tuple(float(np.asarray(setup.parse(text).evaluate(env))) for text in formulas)
        if all(math.isfinite(value) for value in values):
            found.append(
                checking.Mistaken(mistake.id, values if is_vector else values[0], to_unicode(mistake.explain))
            )
    return found


def number_question(
    lesson: Lesson, step: NumberStep, stand_on: np.ndarray | None = None, setup: Setup | None = None
) -> NumberQuestion | DirectQuestion | CarriedQuestion:
    """The question of a number step. ``stand_on`` is the learner's own θ where the question starts (their
    earlier answer): the value worked from it is accepted as well as the solver's. ``setup``: the step's
    problem when the caller holds it already (a tutor keeps one per step)."""
    setup = setup or setup_for(lesson.problem_for(step))
    k = step.iteration
    if step.ask == "prediction":
        return prediction_question(lesson, step, setup)
    if step.ask in SCALING_ASKS:
        return scaling_question(lesson, step, setup)
    if step.ask == "minimizer":
        return minimizer_question(lesson, step, setup)
    base = k - 1 if step.ask == "theta" else k
    exact = setup.point(base)
    previous = setup.point(base - 1) if base >= 1 else None
    question = _descent_question(lesson, step, setup, step.ask, step.param, exact, previous, k)
    question.how = _how_reached(step.ask, k, setup, exact)
    if stand_on is None or np.array_equal(stand_on, exact):
        return question
    carried = _descent_question(lesson, step, setup, step.ask, step.param, stand_on, previous, k)
    return CarriedQuestion(carried, question)


def _how_reached(asked: str, iteration: int, setup: Setup, theta: np.ndarray) -> str:
    """The start of a worked solution that stands on a θ many updates in: the working shows one update (or
    one gradient, step or cost), so say how the θ it uses was reached."""
    several = len(setup.params) > 1
    rule = "θ := θ − α·∇J(θ)" if several else "θ := θ − α·dJ/dθ"
    start = show(setup.start if several else setup.start[0])
    if asked == "theta" and iteration >= 2:
        return f"{iteration} updates of {rule} from θ = {start}; the last one: "
    if asked != "theta" and iteration >= 1:
        reached = show(theta if several else theta[0])
        updates = f"{iteration} update{'s' * (iteration != 1)}"
        return f"θ = {reached} after {updates} of {rule} from θ = {start}; there "
    return ""


def prediction_inputs(step: NumberStep) -> np.ndarray:
    """A prediction step's input: one raw value per feature."""
    return np.array([drawn(value) for value in step.x or ()], dtype=np.float64)


def prediction_question(lesson: Lesson, step: NumberStep, setup: Setup) -> DirectQuestion:
    """h at θ after ``step.iteration`` updates, for the step's raw inputs (scaled like the training data
    when the problem scales its features), exactly as ``gdtutor solve --predict`` works it out."""
    theta = setup.point(step.iteration)
    raw = prediction_inputs(step)
    value = float(np.ravel(setup.objective.predict(theta, raw))[0])  # type: ignore[attr-defined]
    seen = setup.scaled(raw.reshape(1, -1))[0]
    several = raw.size > 1
    names = [unicode_name(f"x{j + 1}") if several else "x" for j in range(raw.size)]
    terms = " + ".join(f"{show(t)} · {show(v)}" for t, v in zip(theta[1:], seen, strict=True))
    working = f"h = {show(theta[0])} + {terms} = {show(value)}"
    if setup.spec.normalize:
        mu, sigma = setup.feature_stats
        scaled = "; ".join(
            f"{name} = ({show(r)} − {show(m)}) / {show(s)} = {show(z)}"
            for name, r, m, s, z in zip(names, raw, mu, sigma, seen, strict=True)
        )
        working = f"scaled like the training data: {scaled}. {working}"
    elif not several:
        working = f"h({show(raw[0])}) = {show(theta[0])} + {terms} = {show(value)}"
    mistakes = _value_mistakes(step, setup, theta, False, raw)
    hypothesis = "θ₀ + θ₁x₁ + θ₂x₂ + …, each feature times its θ" if several else "θ₀ + θ₁x"
    scaled_first = " (scaled as the training data was)" if setup.spec.normalize else ""
    principle = f"A prediction puts the example's x{scaled_first} into h = {hypothesis}, with the θ it names."
    return DirectQuestion(
        value, working, number_rule(lesson, step), mistakes, lesson.show_value, principle=principle
    )


def scaling_question(lesson: Lesson, step: NumberStep, setup: Setup) -> DirectQuestion:
    """A feature's mean, its standard deviation (dividing by m − ddof), or a raw value of it scaled to a
    z-score (x − μ) / σ, exactly as ``normalize`` scales it."""
    column = (step.feature or 1) - 1
    raw = setup.design[0][:, column]
    m, ddof = raw.shape[0], setup.spec.ddof
    mu, sigma = (float(v[column]) for v in setup.feature_stats)
    if step.ask == "normalized" and not sigma > 0:
        raise GdtutorError(
            f"feature x{column + 1} has no spread to scale by (the same value in every row, or too few rows)"
        )
    other_sigma = float(np.std(raw, ddof=1 - ddof)) if m > 1 - ddof else math.nan
    name = unicode_name(f"x{column + 1}") if setup.features > 1 else "x"
    mean_name, deviation_name = f"μ{name[1:]}", f"σ{name[1:]}"
    divisor = "m" if ddof == 0 else "m − 1"
    other = "m − 1" if ddof == 0 else "m"
    wrong_divisor = (
        f"The standard deviation here divides the sum of squared distances from the mean by {divisor}, "
        f"not by {other}."
    )
    built_in: list[Mistaken] = []
    if step.ask == "mean":
        expected = mu
        working = f"{mean_name} = Σ{name} / m = {show(float(raw.sum()))} / {m} = {show(mu)}"
    elif step.ask == "deviation":
        expected = sigma
        squares = float(((raw - mu) ** 2).sum())
        working = (
            f"{deviation_name} = √(Σ({name} − {mean_name})² / ({divisor})) = "
            f"√({show(squares)} / {m - ddof}) = {show(sigma)}"
        )
        built_in.append(checking.Mistaken(OTHER_DIVISOR, other_sigma, wrong_divisor))
    else:
        value = drawn((step.x or (0.0,))[0])
        expected = (value - mu) / sigma
        working = (
            f"({show(value)} − {mean_name}) / {deviation_name} = "
            f"({show(value)} − {show(mu)}) / {show(sigma)} = {show(expected)}"
        )
        built_in.append(checking.Mistaken(OTHER_DIVISOR, (value - mu) / other_sigma, wrong_divisor))
        built_in.append(
            checking.Mistaken(
                MEAN_NOT_SUBTRACTED,
                value / sigma,
                "A z-score measures the distance from the mean in deviations: take the mean away first, "
                "then divide.",
            )
        )
    inputs = np.array([drawn(v) for v in step.x]) if step.x else None
    own = _value_mistakes(step, setup, setup.start, False, _one_feature_inputs(setup, column, inputs))
    finite = [mistake for mistake in built_in if math.isfinite(float(mistake.value))]
    principle = {
        "mean": f"The mean of {name} is the sum of its values divided by m, how many there are.",
        "deviation": f"The standard deviation of {name} is the square root of the squared distances from the "
        f"mean, added up and divided by {divisor}.",
    }.get(
        step.ask,
        f"A scaled value is its distance from the mean in standard deviations: ({name} − {mean_name}) / "
        f"{deviation_name}.",
    )
    return DirectQuestion(
        expected,
        working,
        number_rule(lesson, step),
        own,
        lesson.show_value,
        built_in=finite,
        principle=principle,
    )


def _one_feature_inputs(setup: Setup, column: int, inputs: np.ndarray | None) -> np.ndarray | None:
    """A normalized question's one raw value, as a full input row (the other features at their means), so
    mistakes may name it as xraw (or xraw1 …) and its z-score as x."""
    if inputs is None:
        return None
    row = np.array(setup.feature_stats[0], dtype=np.float64)
    row[column] = inputs[0]
    return row


def minimizer_question(lesson: Lesson, step: NumberStep, setup: Setup) -> DirectQuestion:
    """θ*, where J is smallest, from the normal equation (least squares, as ``gdtutor solve --method
    normal-equation`` solves it), in the features descent uses (scaled when the problem scales them); the
    worked solution sets descent's θ after the problem's iterations beside it."""
    theta = setup.minimizer()
    assert theta is not None  # a data problem always has one
    params = setup.params
    descent = setup.run()
    after = descent.thetas[-1]
    shown = ", ".join(f"{unicode_name(n)} = {show(v)}" for n, v in zip(params, theta, strict=True))
    reached = ", ".join(f"{unicode_name(n)} = {show(v)}" for n, v in zip(params, after, strict=True))
    updates = descent.thetas.shape[0] - 1
    working = (
        f"The normal equation θ* = (XᵀX)⁻¹Xᵀy gives {shown}. Gradient descent after {updates} "
        f"iterations (α = {show(setup.alpha)}) stands at {reached}."
    )
    rule = number_rule(lesson, step)
    principle = (
        "θ* is where J is smallest, where every partial derivative of J is zero; for least squares the "
        "normal equation θ* = (XᵀX)⁻¹Xᵀy solves that in one go."
    )
    if step.param is not None and len(params) > 1:
        index = params.index(step.param)
        own = _value_mistakes(step, setup, after, False)
        return DirectQuestion(float(theta[index]), working, rule, own, lesson.show_value, principle=principle)
    vector = len(params) > 1
    own = _value_mistakes(step, setup, after, vector)
    expected: float | tuple[float, ...] = tuple(float(v) for v in theta) if vector else float(theta[0])
    names = params if vector else ()
    return DirectQuestion(expected, working, rule, own, lesson.show_value, names, principle=principle)


def cell_question(
    lesson: Lesson,
    step: IterateStep,
    row: int,
    column: str,
    stand_on: np.ndarray | None = None,
    rounded: bool = False,
) -> NumberQuestion | CarriedQuestion:
    """The cell (row, column) of a table. ``stand_on`` is the θ the cell is worked from: the learner's θ in
    the row above for the theta column, their θ in this row for the others (default: the solver's).

    ``rounded`` says the learner's θ was right, only rounded: then the value worked from the solver's exact θ
    is accepted too (the article's table, say), as well as the one worked from the learner's rounded θ.
    """
    setup = setup_for(lesson.problem_for(step))
    exact = setup.point(row - 1 if column == "theta" else row)
    base = exact if stand_on is None else stand_on
    param = None if column == "cost" else step.param
    question = _descent_question(lesson, step, setup, column, param, base, None, row)
    if stand_on is None or np.array_equal(base, exact):
        return question
    exact_question = (
        _descent_question(lesson, step, setup, column, param, exact, None, row)
        if rounded or question.overflows
        else None
    )
    return CarriedQuestion(question, exact_question)


@dataclass
class CarriedQuestion:
    """A cell worked from the learner's own θ (error carried forward), and, when that θ was only rounded,
    from the solver's exact θ too: either answer is right.

    When the learner's θ is so large that the value worked from it overflows, no answer is judged against
    it: the learner is told so, and the solution (and a revealed value) come from the solver's θ."""

    carried: NumberQuestion
    exact: NumberQuestion | None

    @property
    def _shown(self) -> NumberQuestion:
        """The question the solution and the answer come from."""
        return self.exact if self.carried.overflows and self.exact is not None else self.carried

    def check(self, text: str) -> Verdict:
        if self.carried.overflows:
            return Verdict("invalid", CARRIED_OVERFLOW)
        verdict = self.carried.check(text)
        if verdict.correct or self.exact is None:
            return verdict
        exact = self.exact.check(text)
        return exact if exact.correct else verdict

    def solution(self) -> str:
        return self._shown.solution()

    def answer(self) -> str:
        return self._shown.answer()

    @property
    def expected(self) -> object:
        return self._shown.gd.expected

    def mistaken_answers(self) -> list[tuple[str, str]]:
        return self._shown.mistaken_answers()

    def coinciding_mistakes(self) -> list[str]:
        return self._shown.coinciding_mistakes()


def settled_coincidences(question: Question) -> list[str]:
    """Those of a question's ``coinciding_mistakes`` that no lesson could avoid: the library's mistakes about
    the update, asked where the run has settled (``GDQuestion.settled``). Validate does not warn of them."""
    if isinstance(question, CarriedQuestion):
        question = question._shown
    if isinstance(question, NumberQuestion) and question.gd.settled():
        return question.gd.ambiguous_mistakes(question.rule)
    return []


# ---- choices, predictions, rules ----


@dataclass
class ChoiceQuestion:
    step: ChoiceStep

    def check(self, text: str) -> Verdict:
        options = [to_unicode(option.text) for option in self.step.options]
        verdict = checking.check_choice(text, options, self.step.answer - 1)
        if verdict.status in ("correct", "wrong") and isinstance(verdict.value, int):
            feedback = self.step.options[verdict.value].feedback
            if feedback:
                return Verdict(
                    verdict.status,
                    verdict.message,
                    verdict.reading,
                    explanation=to_unicode(feedback),
                    value=verdict.value,
                )
        return verdict

    def solution(self) -> str:
        option = self.step.options[self.step.answer - 1]
        text = f"{self.step.answer}) {to_unicode(option.text)}"
        return f"{text}: {to_unicode(option.feedback)}" if option.feedback else text

    def answer(self) -> str:
        return str(self.step.answer)

    def mistaken_answers(self) -> list[tuple[str, str]]:
        return []

    def coinciding_mistakes(self) -> list[str]:
        return []


# The words for each outcome, with those the prompts use ("reach the floor, fly off, or bounce?").
_OUTCOME_WORDS = {
    "converges": (
        "converges", "converge", "convergent", "converging", "c", "settles", "reaches the floor",
        "reach the floor", "reaches the minimum",
    ),
    "diverges": ("diverges", "diverge", "divergent", "diverging", "d", "flies off", "fly off", "blows up"),
    "oscillates": (
        "oscillates", "oscillate", "oscillating", "o", "bounces", "bounce", "bouncing", "flips",
        "jumps back and forth",
    ),
}  # fmt: skip


@dataclass
class ExploreQuestion:
    """A prediction about a solver run, judged against what the solver does."""

    step: ExploreStep
    truth: str | int
    working: str

    def check(self, text: str) -> Verdict:
        try:
            answer = tidy(text).casefold().rstrip(".")
        except AnswerError as error:
            return Verdict("invalid", error.message)
        if self.step.predict == "outcome":
            picked = next((name for name, words in _OUTCOME_WORDS.items() if answer in words), None)
            if picked is None and len(answer) >= 3:  # a start of one outcome's name: "conv", "osc"
                picked = next((name for name in OUTCOMES if name.startswith(answer)), None)
            if picked is None:
                return Verdict("invalid", f"Answer {', '.join(OUTCOMES)}.")
            reading = f"read as: {picked}"
            if picked == self.truth:
                return Verdict("correct", "Correct.", reading, explanation=self.working, value=picked)
            return Verdict("wrong", "Not what the solver does.", reading, value=picked)
        if not re.fullmatch(r"[0-9]{1,9}", answer):
            if not answer:
                return Verdict("invalid", "Type a number of iterations.")
            return Verdict("invalid", f"{quote(answer)} is not a whole number of iterations.")
        count = int(answer)
        assert isinstance(self.truth, int)
        if abs(count - self.truth) <= self.step.slack:
            return Verdict("correct", "Correct.", explanation=self.working, value=count)
        direction = "more" if count < self.truth else "fewer"
        return Verdict("wrong", f"Not quite: it takes {direction} iterations than that.", value=count)

    def solution(self) -> str:
        return self.working

    def answer(self) -> str:
        return str(self.truth)

    def mistaken_answers(self) -> list[tuple[str, str]]:
        return []

    def coinciding_mistakes(self) -> list[str]:
        return []


def explore_truth(lesson: Lesson, step: ExploreStep) -> tuple[str | int, str]:
    """What the solver says for an explore step, and a one-line account of the run."""
    setup = setup_for(lesson.problem_for(step))
    if step.predict == "outcome":
        trace = setup.run()
        first, last = float(trace.costs[0]), float(trace.costs[-1])
        if trace.stopped == "diverged" or last > first * (1 + 1e-9):
            outcome = "diverges"
        elif last < first * (1 - 1e-9):
            outcome = "converges"
        else:
            outcome = "oscillates"
        updates = trace.thetas.shape[0] - 1
        counted = "1 iteration" if updates == 1 else f"{updates} iterations"
        if outcome == "oscillates" and updates >= 2:
            between = " and ".join(show(float(value)) for value in trace.thetas[-2:, 0])
            account = (
                f"θ jumps back and forth between {between}, so J stays at {show(last)} for {counted}: "
                "it oscillates."
            )
        else:
            account = f"J went from {show(first)} to {show(last)} in {counted}: it {outcome}."
        return outcome, account
    until = step.until
    assert until is not None
    # Long enough to find the count, within the work one run may cost (validate reports a count not found).
    per_update = len(setup.spec.data or ()) * len(setup.params) or 1
    limit = max(setup.spec.iterations, min(limits.ITERATIONS, limits.DESCENT_WORK // per_update))
    if until.cost_below is not None:
        trace = setup.run(limit)
        hits = np.nonzero(trace.costs < until.cost_below)[0]
        goal = f"J < {show(until.cost_below)}"
    else:
        target = setup.minimizer()
        if target is None:
            raise GdtutorError("descent does not settle, so there is no minimum to get within reach of")
        trace = setup.toward_minimum(limit)
        distance = np.max(np.abs(trace.thetas - target), axis=1)
        hits = np.nonzero(distance < until.theta_within)[0]
        goal = f"θ within {show(until.theta_within)} of the minimum"  # type: ignore[arg-type]
    if hits.size == 0:
        raise GdtutorError(f"descent does not reach {goal} within {limit} iterations")
    count = int(hits[0])
    return count, f"{goal} first holds after {count} iterations."


def explore_question(lesson: Lesson, step: ExploreStep) -> ExploreQuestion:
    truth, working = explore_truth(lesson, step)
    return ExploreQuestion(step, truth, working)


RULE_NAMES = tuple(RULES)


# Ways of writing a rule's name with a space, or by another name, that mean one of RULES.
_RULE_PHRASES = {
    "constant multiple": "constant-multiple",
    "scalar multiple": "constant-multiple",
    "scalar-multiple": "constant-multiple",
}


def read_rules(text: str) -> frozenset[str] | str:
    """The rules named in ``text`` (numbers from the list, names, or unique beginnings of names), or the
    reason it could not be read."""
    try:
        cleaned = tidy(text).casefold()
    except AnswerError as error:
        return error.message
    for phrase, name in _RULE_PHRASES.items():
        cleaned = cleaned.replace(phrase, name)
    cleaned = re.sub(r"-?\brules?\b", " ", cleaned)
    words = [word.strip(".") for word in re.split(r"[\s,;+&]+|\band\b", cleaned) if word.strip(".")]
    if not words:
        return f"Name the rule: its number (1–{len(RULE_NAMES)}) or its name."
    picked = set()
    for word in words:
        if word.isascii() and word.isdigit() and 1 <= int(word) <= len(RULE_NAMES):
            picked.add(RULE_NAMES[int(word) - 1])
            continue
        matches = [name for name in RULE_NAMES if name == word] or [
            name for name in RULE_NAMES if name.startswith(word)
        ]
        if len(matches) > 1:
            return f"{quote(word)} could be {' or '.join(matches)}: type more of the name, or its number."
        if not matches:
            return f"{quote(word)} is not one of the rules: use a number from 1 to {len(RULE_NAMES)}."
        picked.add(matches[0])
    return frozenset(picked)


@dataclass
class RuleQuestion:
    """Which rules take line ``index - 1`` of a derivation to line ``index``."""

    step: DerivationStep
    index: int

    def check(self, text: str) -> Verdict:
        read = read_rules(text)
        if isinstance(read, str):
            return Verdict("invalid", read)
        right = frozenset(self.step.lines[self.index].rules)
        reading = "read as: " + ", ".join(sorted(read, key=RULE_NAMES.index))
        note = to_unicode(self.step.lines[self.index].note) or None
        if read == right:
            return Verdict("correct", "Correct.", reading, explanation=note, value=read)
        if read < right:
            return Verdict("wrong", "Right so far, but another rule is needed too.", reading, value=read)
        if read & right:
            return Verdict("wrong", "Partly: one of those rules is not used here.", reading, value=read)
        return Verdict("wrong", "Not that rule here.", reading, value=read)

    def solution(self) -> str:
        rules = self.step.lines[self.index].rules
        return "; ".join(RULES[rule] for rule in rules)

    def answer(self) -> str:
        return ", ".join(self.step.lines[self.index].rules)

    def mistaken_answers(self) -> list[tuple[str, str]]:
        return []

    def coinciding_mistakes(self) -> list[str]:
        return []


# ---- formulas ----


@dataclass
class FormulaQuestion:
    """A formula, compared with the reference the expression engine derives."""

    reference: Expr
    setup: Setup
    lesson_mistakes: list[FormulaMistake]
    label: str
    principle: str | None = None  # the rule a wrong formula that matches no known mistake is reminded of

    @cached_property
    def _checker(self) -> FormulaCheck:
        """One for every answer: the mistaken formulas' values at the sample points are worked out once."""
        return checking.FormulaCheck(
            self.reference,
            params=self.setup.params,
            features=self.setup.features,
            data=self.setup.formula_data(),
            lesson_mistakes=self.lesson_mistakes,
        )

    def check(self, text: str) -> Verdict:
        verdict = self._checker.check(text)
        if verdict.status == "wrong" and verdict.mistake is None:
            return self._value_instead_of_formula(verdict) or reminded(verdict, self.principle)
        return verdict

    def _value_instead_of_formula(self, verdict: Verdict) -> Verdict | None:
        """A number typed where a formula is asked, when it is the formula's value at the start: say so."""
        answer = verdict.value
        if not isinstance(answer, Expr) or not answer.is_constant() or not self.reference.parameters():
            return None
        start = self.setup.start
        with np.errstate(all="ignore"):
            at_start = np.asarray(self.reference.evaluate(self.setup.env(start)), dtype=float)
            typed = float(np.asarray(answer.evaluate({}), dtype=float))
        if at_start.size != 1 or not np.isclose(typed, float(at_start), rtol=1e-3, atol=1e-9):
            return None
        where = ", ".join(
            f"{unicode_name(name)} = {format_number(value)}"
            for name, value in zip(self.setup.params, start, strict=True)
        )
        names = ", ".join(unicode_name(name) for name in self.reference.parameters())
        return replace(
            verdict,
            explanation=(
                f"{format_number(typed)} is the value of {self.label} at {where}. The question asks for the "
                f"formula itself, in terms of {names}, "
                "so that it works at every θ."
            ),
        )

    def solution(self) -> str:
        return f"{self.label} = {self.reference.to_unicode()}"

    def answer(self) -> str:
        return self.reference.to_ascii()

    def _mistakes(self) -> list[FormulaMistake]:
        return self.lesson_mistakes + checking.derive_mistakes(self.reference)

    def mistaken_answers(self) -> list[tuple[str, str]]:
        coinciding = set(self.coinciding_mistakes())
        return [(m.id, m.formula.to_ascii()) for m in self._mistakes() if m.id not in coinciding]

    def coinciding_mistakes(self) -> list[str]:
        found = [m.id for m in self._mistakes() if self.check(m.formula.to_ascii()).correct]
        return list(dict.fromkeys(found))


def formula_question(lesson: Lesson, step: FormulaStep) -> FormulaQuestion:
    setup = setup_for(lesson.problem_for(step))
    param = step.param or setup.params[0]
    name = unicode_name(param)
    several = len(setup.params) > 1
    d = f"∂/∂{name}" if several else f"d/d{name}"
    if step.ask == "derivative":
        source = setup.parse(step.of) if step.of else setup.cost_expr()
        reference = source.diff(param)
        label = f"{d} ({source.to_unicode()})" if step.of else (f"∂J/∂{name}" if several else f"dJ/d{name}")
    elif step.ask == "update":
        reference = setup.parse(f"{param} - alpha*({setup.cost_expr().diff(param).to_ascii()})")
        label = f"new {name}"
    elif step.ask == "cost":
        reference, label = setup.cost_expr(), "J"
    else:
        reference, label = setup.hypothesis_expr(), "h(x)"
    principle = formula_principle(step.ask, name, several)
    mistakes = [
        checking.FormulaMistake(mistake.id, setup.parse(mistake.formula), to_unicode(mistake.explain))
        for mistake in step.mistakes
        if mistake.formula is not None
    ]
    return FormulaQuestion(reference, setup, mistakes, label, principle)


def formula_principle(ask: str, name: str, several: bool) -> str | None:
    """The rules a derivative (or an update) is worked out by, with no part of this one's answer in them."""
    held = ", the other parameters held as numbers" if several else ""
    derivative = (
        f"Differentiate term by term in {name}{held}: a power of {name} comes down in front and drops by "
        f"one, a term without {name} goes, and a bracket to a power is also multiplied by the derivative of "
        "its inside (the chain rule)."
    )
    if ask == "derivative":
        return derivative
    if ask == "update":
        slope = f"∂J/∂{name}" if several else f"dJ/d{name}"
        return f"The new {name} is {name} minus α times {slope}, written as a formula. {derivative}"
    return None


def table_cells(step: IterateStep) -> list[tuple[int, str]]:
    """The cells a learner fills in, in order: every (row, column) except the first row's θ."""
    return [
        (row, column)
        for row in range(step.first, step.last + 1)
        for column in step.columns
        if not (row == step.first and column == "theta")
    ]


def carried_theta(
    setup_point: np.ndarray, learner: Sequence[float] | None, param: str | None, params: tuple[str, ...]
) -> np.ndarray:
    """The θ a learner stands on: the solver's, with the learner's own value(s) put in."""
    if learner is None:
        return setup_point
    theta = np.array(setup_point, dtype=np.float64)
    values = np.asarray(learner, dtype=np.float64)
    if values.size == theta.size:
        return values.copy()
    index = params.index(param) if param is not None else 0
    theta[index] = float(values[0])
    return theta
