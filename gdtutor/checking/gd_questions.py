"""Numeric questions about one step of gradient descent, with the wrong values each known mistake leads to.

A ``GDQuestion`` stands on a θ (error carried forward: the engine passes the learner's own previous answer)
and asks for the θ after the next update, the step α·∂J/∂θ, the gradient ∂J/∂θ or the cost J(θ), for one
parameter or the whole vector. It knows the expected value, a one-line worked solution, and for every mistake
in the library that applies to this question the value it leads to, with an explanation in this step's
numbers.

Which mistakes apply (and how) is a teaching decision, made here:
- uphill (θ asked): θ + α·∇J.  step-sign (step asked): −α·∇J, the update's minus put into the step.
- no-alpha: θ − ∇J (θ asked), ∇J (step asked).
- step-not-theta (θ asked): the step α·∇J, and the gradient ∇J itself.
- off-by-one: for θ, the θ before this update and the θ after one update too many; for the other
  quantities, their value at the previous θ (when known) and at the next one.
- stale-theta, any update that uses an earlier θ than the one it updates: for θ, subtract this step from
  the starting θ (start − α·∇J(θ)), redo the first update (start − α·∇J(start)), or update this θ with the
  derivative taken one iteration back (θ − α·∇J(previous)) or at the start (θ − α·∇J(start)); for the
  other quantities, their value at the starting θ.
- sequential-update (several parameters; θ, step or gradient asked): each parameter in order is updated
  with the partial evaluated at the already-updated earlier ones. Parameter θ₀ is unaffected.
- Regression (LinearRegression) gradients: factor-two (2× and ½×), missing-mean (×m), missing-x (the
  partial for θⱼ, j ≥ 1, without its x factor, which is the partial for θ₀), sign-of-error ((y − h): −∇J).
  For the cost: factor-two (2× and ½×) and missing-mean (×m).
- Expression objectives: factor-two halves the partial for each parameter J is quadratic in (the derivative
  of θ² taken as θ).
A mistake whose value could coincide with the expected one is listed by ``ambiguous_mistakes`` and never
claimed by ``check``.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from typing import Any, Literal

import numpy as np

from gdtutor.checking.checker import check_number, check_vector
from gdtutor.checking.mistakes import MISTAKES, Mistaken
from gdtutor.checking.symbols import join_names, show, show_factor
from gdtutor.checking.tolerance import NumberRule, may_coincide
from gdtutor.checking.verdict import Verdict, reminded
from gdtutor.core.expr import Add, Expr, Sub, unicode_name
from gdtutor.core.expr.printing import to_unicode
from gdtutor.core.labels import partial_label
from gdtutor.core.objectives import ExpressionObjective, LinearRegression, Objective
from gdtutor.errors import GdtutorError

Asked = Literal["theta", "step", "gradient", "cost"]
ASKED: tuple[str, ...] = ("theta", "step", "gradient", "cost")
GradientOf = Callable[[np.ndarray], np.ndarray]

# A run has settled where its gradient is under this fraction of the one at its start (GDQuestion.settled).
SETTLED = 0.01

# At most this many examples are written out term by term in a regression worked solution.
TERMS_SHOWN = 4


class GDQuestion:
    """One numeric question about a step of gradient descent on ``objective``."""

    def __init__(
        self,
        objective: Objective,
        theta: Sequence[float] | np.ndarray | float,
        alpha: float,
        asked: Asked,
        param: str | int | None = None,
        start: Sequence[float] | np.ndarray | float | None = None,
        previous: Sequence[float] | np.ndarray | float | None = None,
        iteration: int | None = None,
    ) -> None:
        """``iteration``: the iteration the answer belongs to (θ asked: θ after that many updates; other
        quantities: their value there), used to count iterations in explanations."""
        if asked not in ASKED:
            raise GdtutorError(f"unknown question {asked!r}: ask for one of {', '.join(ASKED)}")
        if not (math.isfinite(alpha) and alpha > 0):
            raise GdtutorError(f"the learning rate α must be a positive number, not {alpha}")
        self.objective = objective
        self.params = tuple(objective.params)
        self.alpha = float(alpha)
        self.asked = asked
        self.index = self._param_index(param)
        self.theta = self._vector(theta, "θ")
        self.start = None if start is None else self._vector(start, "the starting θ")
        self.previous = None if previous is None else self._vector(previous, "the previous θ")
        self.iteration = iteration
        self._gradients: dict[bytes, np.ndarray] = {}
        self._gradient = self._gradient_at(self.theta)
        self._next = self.theta - self.alpha * self._gradient

    # -- what is asked -------------------------------------------------------------------------------------

    @cached_property
    def expected(self) -> float | tuple[float, ...]:
        """The right answer: a float, or a tuple for the whole vector of several parameters."""
        return self._select(self._answer_full(self.theta))

    @property
    def is_vector(self) -> bool:
        return self.asked != "cost" and self.index is None and len(self.params) > 1

    def mistaken(self) -> list[tuple[str, float | tuple[float, ...]]]:
        """(mistake id, wrong value) for every mistake that applies to this question."""
        return [(mistake_id, value) for mistake_id, _, value, _ in self._variants]

    def diagnoses(self) -> list[Mistaken]:
        """Every applicable mistake with its wrong value and an explanation in this step's numbers."""
        return [
            Mistaken(mistake_id, value, self._explanation(index))
            for index, (mistake_id, _, value, _) in enumerate(self._variants)
        ]

    def _explanation(self, index: int) -> str:
        mistake_id, variant, value, numbers = self._variants[index]
        fields = self._fields | {"value": show(value)} | numbers
        return MISTAKES[mistake_id].explain(variant, **fields)

    def ambiguous_mistakes(self, rule: NumberRule | None = None) -> list[str]:
        """Ids of mistakes whose value could equal the expected one at this step, under ``rule``."""
        rule = rule or NumberRule()
        expected = self.expected
        found = [mistake_id for mistake_id, value in self.mistaken() if _coincide(value, expected, rule)]
        return list(dict.fromkeys(found))

    def settled(self) -> bool:
        """Whether descent has done nearly all its work by this θ: the gradient here is under ``SETTLED`` of
        its size at the start. Every library mistake about the update (its sign or size, the θ it starts from
        or lands on, the order the parameters are updated in) differs from the right answer by an amount that
        shrinks with the gradient, so from here on such a mistake giving the right answer says that the run
        has converged, not that the lesson's numbers hide the mistake."""
        if self.start is None:
            return False
        at_start = np.linalg.norm(self._gradient_at(self.start))
        return bool(np.linalg.norm(self._gradient) <= SETTLED * at_start)

    def check(
        self, text: str, rule: NumberRule | None = None, lesson_mistakes: Iterable[Mistaken] = ()
    ) -> Verdict:
        """Judge a typed answer to this question and diagnose it against the library and the lesson.

        Only the mistake the verdict names needs its explanation in this step's numbers, so that one alone
        is written (``diagnoses`` writes them all); and only an answer that is not right needs the mistaken
        values, so a right one never works them out."""
        expected = self.expected
        variant_of: dict[int, int] = {}

        def mistaken() -> Iterator[Mistaken]:
            for index, (mistake_id, _, value, _) in enumerate(self._variants):
                candidate = Mistaken(mistake_id, value)
                variant_of[id(candidate)] = index
                yield candidate

        def explain(chosen: Mistaken) -> str | None:
            index = variant_of.get(id(chosen))
            return chosen.explanation if index is None else self._explanation(index)

        if isinstance(expected, tuple):
            verdict = check_vector(
                text,
                expected,
                rule,
                mistaken(),
                self.params,
                lesson_mistakes,
                asked=self.asked,
                explain=explain,
            )
        else:
            verdict = check_number(text, expected, rule, mistaken(), lesson_mistakes, explain=explain)
        return reminded(verdict, self.principle())

    def principle(self) -> str:
        """The rule this question applies, in words and symbols but none of its numbers: what a wrong answer
        that matches no known mistake is reminded of (it gives away nothing the lesson has not taught)."""
        if self.asked == "cost":
            return "The cost is J worked out at this iteration's θ: put that θ into J."
        if self.index is None and len(self.params) > 1:
            return {
                "theta": "After an update each parameter is its value before it minus α times its partial "
                "derivative, worked out at the θ the update starts from.",
                "step": "The step of each parameter is α times its partial derivative, worked out at this "
                "iteration's θ.",
                "gradient": "Each component of the gradient is a partial derivative of J, worked out at this "
                "iteration's θ.",
            }[self.asked]
        name = unicode_name(self.params[self.index or 0])
        slope = f"dJ/d{name}" if len(self.params) == 1 else partial_label(self.params[self.index or 0])
        return {
            "theta": f"The new {name} is the {name} the update starts from minus the step, α times {slope} "
            "worked out there.",
            "step": f"The step is α times {slope}, worked out at this iteration's θ.",
            "gradient": f"The slope is {slope} worked out at this iteration's θ: put that θ into it.",
        }[self.asked]

    def worked_solution(self, rule: NumberRule | None = None) -> str:
        """One line of plain Unicode working, e.g. "θ := 3 − 0.1 · 2·3 = 2.4"; with ``rule``, θ and the result
        carry as many digits as an answer to that rule needs (334302.06 at 2 decimals, not 334302)."""
        rule = rule or NumberRule()
        if self.asked == "cost":
            cost = float(self.objective.cost(self.theta))
            return f"J = {self._cost_working()} = {show(cost, rule.digits(cost))}"
        indices = range(len(self.params)) if self.index is None else [self.index]
        return "; ".join(self._component_working(index, rule) for index in indices)

    # -- the mistakes --------------------------------------------------------------------------------------

    @cached_property
    def _variants(self) -> list[tuple[str, str, Any, dict[str, str]]]:
        """(id, explanation variant, value, extra numbers for the explanation) for each applicable mistake."""
        theta, alpha, gradient = self.theta, self.alpha, self._gradient
        variants: list[tuple[str, str, Any, dict[str, str]]] = []

        def add(mistake_id: str, variant: str, full: np.ndarray | float, **numbers: str) -> None:
            variants.append((mistake_id, variant, self._select(full), numbers))

        # With the iteration known, off-by-one explanations count iterations instead of saying "this update".
        counted, counts = "", {}
        if self.iteration is not None:
            k = self.iteration
            counted, counts = "-k", {"k": str(k), "k_before": str(k - 1), "k_after": str(k + 1)}

        if self.asked == "theta":
            add("uphill", "theta", theta + alpha * gradient)
            add("no-alpha", "theta", theta - gradient)
            add("step-not-theta", "step", alpha * gradient)
            add("step-not-theta", "gradient", gradient)
            add("off-by-one", "before" + counted, theta, **counts)
            add(
                "off-by-one",
                "after" + counted,
                self._next - alpha * self._gradient_at(self._next),
                **counts,
            )
        else:
            if self.asked == "step":
                add("no-alpha", "step", gradient)
            if self.previous is not None:
                add("off-by-one", "earlier" + counted, self._answer_full(self.previous), **counts)
            add("off-by-one", "later" + counted, self._answer_full(self._next), **counts)
        if self.asked == "step":
            add("step-sign", "step", -alpha * gradient)
        previous = self.previous
        earlier = previous is not None and not np.array_equal(previous, theta)
        if self.asked == "theta" and previous is not None and earlier:
            # The stale-θ family: this θ updated with the derivative taken one iteration back...
            old = self._gradient_at(previous)
            add("stale-theta", "old-gradient", theta - alpha * old, prev=show(self._part(previous)))
        if self.start is not None and not np.array_equal(self.start, theta):
            start_numbers = {"start": show(self._part(self.start))}
            if self.asked == "theta":
                add("stale-theta", "start-step", self.start - alpha * gradient, **start_numbers)
                add("stale-theta", "start-again", self._answer_full(self.start), **start_numbers)
                if not (previous is not None and earlier and np.array_equal(previous, self.start)):
                    # ...or at the start, while the θ updated is the current one.
                    at_start = self._gradient_at(self.start)
                    add("stale-theta", "start-gradient", theta - alpha * at_start, **start_numbers)
            else:
                add("stale-theta", "at-start", self._answer_full(self.start), **start_numbers)
        if self._sequential_applies():
            variant = "theta" if self.asked == "theta" else "partial"
            asked = self.index if self.index is not None else len(self.params) - 1
            numbers = {"updated": join_names(self.params[:asked]), "old": show(theta)}
            if self.is_vector:  # name the parameter that was computed late, not θ as a whole
                late = unicode_name(self.params[asked])
                numbers |= {"sym": late, "d": f"∂J/∂{late}"}
            add("sequential-update", variant, self._sequential(self._gradient_at), **numbers)
        for mistake_id, wrong_gradient, why in self._gradient_mistakes():
            variant = "theta" if self.asked == "theta" else "partial"
            wrong = wrong_gradient(theta)
            numbers = {"wrong_grad": show(self._select(wrong)), "why": why}
            add(mistake_id, variant, self._answer_full(theta, wrong_gradient), **numbers)
        return variants

    def _gradient_mistakes(self) -> list[tuple[str, GradientOf | Callable[[np.ndarray], float], str]]:
        """(id, the mistaken gradient, or for the cost the mistaken cost, and why it is wrong)."""
        objective = self.objective
        if isinstance(objective, LinearRegression):
            return self._regression_mistakes(objective)
        if isinstance(objective, ExpressionObjective) and self.asked != "cost":
            halved = _quadratic_params(objective)
            if any(halved) and (self.index is None or halved[self.index]):
                factors = np.where(halved, 0.5, 1.0)
                why = "the derivative of θ² is 2θ, not θ"
                return [("factor-two", lambda theta: self._gradient_at(theta) * factors, why)]
        return []

    def _regression_mistakes(self, regression: LinearRegression) -> list[tuple[str, Any, str]]:
        half = regression.cost_kind == "half-mse"
        name = "one-half MSE" if half else "MSE"
        if self.asked == "cost":
            cost = regression.cost
            why = f"the {name} has {'1/(2m)' if half else '1/m'}"
            return [
                ("factor-two", lambda theta: 2 * cost(theta), why),
                ("factor-two", lambda theta: cost(theta) / 2, why),
                ("missing-mean", lambda theta: regression.m * cost(theta), ""),
            ]
        gradient = self._gradient_at
        right = "1/m" if half else "2/m"
        mistakes: list[tuple[str, Any, str]] = [
            ("sign-of-error", lambda theta: -gradient(theta), ""),
            ("missing-mean", lambda theta: regression.m * gradient(theta), ""),
            ("factor-two", lambda theta: 2 * gradient(theta), f"the {name}'s derivative has {right}"),
            ("factor-two", lambda theta: gradient(theta) / 2, f"the {name}'s derivative has {right}"),
        ]
        if len(self.params) > 1 and self.index != 0:
            mistakes.append(("missing-x", _without_x(gradient), ""))
        return mistakes

    def _sequential_applies(self) -> bool:
        return len(self.params) > 1 and self.asked != "cost" and self.index != 0

    def _sequential(self, gradient_of: GradientOf) -> np.ndarray:
        """Each parameter in order updated with the partial taken at the already-updated earlier ones."""
        updated = self.theta.copy()
        partials = np.empty_like(updated)
        for index in range(len(updated)):
            partials[index] = gradient_of(updated)[index]
            updated[index] = self.theta[index] - self.alpha * partials[index]
        if self.asked == "theta":
            return updated
        return partials if self.asked == "gradient" else self.alpha * partials

    # -- computing the asked quantity ----------------------------------------------------------------------

    def _answer_full(self, theta: np.ndarray, quantity_of: Callable[[np.ndarray], Any] | None = None) -> Any:
        """The asked quantity at ``theta``; ``quantity_of`` replaces the gradient (or, for the cost, J)."""
        if self.asked == "cost":
            return float((quantity_of or self.objective.cost)(theta))
        gradient = np.asarray((quantity_of or self._gradient_at)(theta), dtype=np.float64)
        if self.asked == "gradient":
            return gradient
        if self.asked == "step":
            return self.alpha * gradient
        return theta - self.alpha * gradient

    def _gradient_at(self, theta: np.ndarray) -> np.ndarray:
        """∇J at ``theta``, worked out once per θ (read only): the mistakes take it at the same few θs many
        times, and a regression's is a pass over the data."""
        key = np.asarray(theta, dtype=np.float64).tobytes()
        gradient = self._gradients.get(key)
        if gradient is None:
            gradient = np.asarray(self.objective.gradient(theta), dtype=np.float64)
            gradient.setflags(write=False)
            self._gradients[key] = gradient
        return gradient

    def _select(self, full: np.ndarray | float) -> float | tuple[float, ...]:
        if self.asked == "cost" or np.ndim(full) == 0:
            return float(full)
        if self.index is not None:
            return float(full[self.index])  # type: ignore[index]
        if len(self.params) == 1:
            return float(full[0])  # type: ignore[index]
        return tuple(float(value) for value in full)  # type: ignore[union-attr]

    def _part(self, vector: np.ndarray) -> float | tuple[float, ...]:
        """The asked parameter's component of a θ-shaped vector (all of it for a vector or a cost)."""
        if self.index is not None:
            return float(vector[self.index])
        return float(vector[0]) if len(vector) == 1 else tuple(float(value) for value in vector)

    # -- words and numbers ---------------------------------------------------------------------------------

    @cached_property
    def _fields(self) -> dict[str, str]:
        """The numbers every explanation template may use, for the asked parameter (or the vector); the
        mistaken value itself is added per mistake."""
        if self.is_vector:
            sym, derivative = "θ", "∇J"
        else:
            parameter = self.params[self.index or 0]
            sym = unicode_name(parameter)
            derivative = f"∂J/∂{sym}" if len(self.params) > 1 else f"dJ/d{sym}"
        return {
            "sym": sym,
            "d": derivative,
            "theta": show(self._part(self.theta)),
            "alpha": show(self.alpha),
            "grad": show(self._part(self._gradient)),
            "step": show(self._part(self.alpha * self._gradient)),
            "grad_f": show_factor(self._part(self._gradient)),
            "step_f": show_factor(self._part(self.alpha * self._gradient)),
            "expected": show(self.expected),
            "m": str(getattr(self.objective, "m", "m")),
            "start": "",
            "wrong_grad": "",
            "updated": "",
            "old": show(self.theta),
            "why": "",
        }

    def _component_working(self, index: int, rule: NumberRule) -> str:
        sym = unicode_name(self.params[index])
        derivative = f"∂J/∂{sym}" if len(self.params) > 1 else f"dJ/d{sym}"
        partial = self._gradient[index]
        working, factor = self._partial_working(index)
        if self.asked == "gradient":
            return _chain(f"{derivative} = {working}", show(partial, rule.digits(partial)))
        step = self.alpha * partial
        if self.asked == "step":
            return _chain(f"α·{derivative} = {show(self.alpha)} · {factor}", show(step, rule.digits(step)))
        theta, after = self.theta[index], self._next[index]
        old = show(theta, rule.digits(theta))
        line = f"{sym} := {old} − {show(self.alpha)} · {factor}"
        if isinstance(self.objective, LinearRegression):
            line += f" = {old} − {show(self.alpha)} · {show_factor(partial)}"
        return _chain(line, show(after, rule.digits(after)))

    def _partial_working(self, index: int) -> tuple[str, str]:
        """∂J/∂θⱼ at this θ with the numbers put in ("2·3", or "(1/3)·((−1)·1 + 0.5·2 + 2·3)"), and the same
        ready to be multiplied (in parentheses when it is a sum or starts with a minus)."""
        objective = self.objective
        if isinstance(objective, ExpressionObjective):
            partial = objective.partials[index]
            working = _with_numbers(partial, self.params, self.theta)
            sum_like = isinstance(partial, (Add, Sub)) or working.startswith("−")
            return working, f"({working})" if sum_like else working
        if isinstance(objective, LinearRegression):
            scale = ("1" if objective.cost_kind == "half-mse" else "2") + f"/{objective.m}"
            residuals = objective.residuals(self.theta)
            feature = None if index == 0 else objective.X[:, index - 1]
            if objective.m > TERMS_SHOWN:
                x = "" if index == 0 else f"·{unicode_name('x' + str(index)) if objective.n > 1 else 'x'}"
                working = f"({scale})·Σ(h − y){x}"
                return working, working
            terms = [
                show_factor(r) if feature is None else f"{show_factor(r)}·{show_factor(feature[i])}"
                for i, r in enumerate(residuals)
            ]
            working = f"({scale})·({' + '.join(terms)})"
            return working, working
        number = show_factor(self._gradient[index])
        return number, number

    def _cost_working(self) -> str:
        objective = self.objective
        if isinstance(objective, ExpressionObjective):
            return _with_numbers(objective.expr, self.params, self.theta)
        if isinstance(objective, LinearRegression):
            scale = f"1/{2 * objective.m}" if objective.cost_kind == "half-mse" else f"1/{objective.m}"
            residuals = objective.residuals(self.theta)
            if objective.m > TERMS_SHOWN:
                return f"({scale})·Σ(h − y)²"
            return f"({scale})·({' + '.join(show_factor(r) + '²' for r in residuals)})"
        return show(self.objective.cost(self.theta))

    # -- validation ----------------------------------------------------------------------------------------

    def _param_index(self, param: str | int | None) -> int | None:
        if param is None:
            return None
        if isinstance(param, int) and 0 <= param < len(self.params):
            return param
        if isinstance(param, str) and param in self.params:
            return self.params.index(param)
        raise GdtutorError(
            f"the question asks about {param!r}, which is not a parameter ({', '.join(self.params)})"
        )

    def _vector(self, value: Sequence[float] | np.ndarray | float, what: str) -> np.ndarray:
        vector = np.atleast_1d(np.asarray(value, dtype=np.float64)).copy()
        if vector.shape != (len(self.params),) or not np.isfinite(vector).all():
            raise GdtutorError(
                f"{what} must be {len(self.params)} finite numbers ({join_names(self.params)})"
            )
        return vector


def _coincide(value: Any, expected: Any, rule: NumberRule) -> bool:
    if isinstance(expected, tuple):
        return all(may_coincide(a, b, rule) for a, b in zip(value, expected, strict=True))
    return may_coincide(float(value), float(expected), rule)


def _without_x(gradient: GradientOf) -> GradientOf:
    """The regression gradient with every partial taken as Σ(h − y) times the scale: no x factor."""

    def mistaken(theta: np.ndarray) -> np.ndarray:
        right = gradient(theta)
        return np.full_like(right, right[0])

    return mistaken


def _quadratic_params(objective: ExpressionObjective) -> list[bool]:
    """For each parameter, is J a quadratic in it (∂²J/∂θ² a nonzero constant)? Worked out once per
    objective: every question on the problem asks, and each asking took the second derivatives again."""
    flags = _QUADRATIC.get(objective)
    if flags is None:
        flags = []
        for name, partial in zip(objective.params, objective.partials, strict=True):
            second = partial.diff(name)
            constant = not second.parameters()
            flags.append(constant and float(second.evaluate(objective.data)) != 0)
        _QUADRATIC[objective] = flags
    return list(flags)


_QUADRATIC: weakref.WeakKeyDictionary[ExpressionObjective, list[bool]] = weakref.WeakKeyDictionary()


def _with_numbers(formula: Expr, params: tuple[str, ...], theta: np.ndarray) -> str:
    """``formula`` printed with each parameter's value in its place: "2·θ" at θ = 3 -> "2·3"."""
    values = {name: show_factor(value) for name, value in zip(params, theta, strict=True)}
    return to_unicode(formula, names=values)


def _chain(working: str, result: str) -> str:
    """``working = result``, without repeating a result the working already is."""
    return working if working.endswith(f"= {result}") or working == result else f"{working} = {result}"
