"""A number step: θ, the step, the gradient or the cost at an iteration of the descent, or a prediction h(x).

Error carried forward across steps: a question about the descent stands on the learner's own θ from an
earlier step when there is one, and a θ the learner types is kept for the plots and the steps after it.
"""

from __future__ import annotations

from gdtutor.checking import Verdict
from gdtutor.checking.symbols import QUANTITIES, component_label, show
from gdtutor.core.expr import unicode_name
from gdtutor.engine.events import Event, PlotsChanged
from gdtutor.engine.steps.base import StepKind, StepState, Work, components, to_precision
from gdtutor.lessons.model import DIRECT_ASKS, SCALING_ASKS, Lesson, NumberStep, drawn
from gdtutor.lessons.questions import Question, number_question, prediction_inputs

WHAT = {"theta": "θ", "step": "the step α·∇J", "gradient": "the gradient", "cost": "the cost J"}
SCALING_WHAT = {"mean": "the mean of", "deviation": "the standard deviation of"}


class Number(StepKind[NumberStep, StepState]):
    kind = "number"

    def asking(self, work: Work, step: NumberStep, state: StepState) -> str:
        one = ": a number" + to_precision(work.lesson, step)
        several = to_precision(work.lesson, step, several=True)
        if step.ask == "prediction":
            return _prediction(work, step) + one
        if step.ask in SCALING_ASKS:
            return _scaling(work, step) + one
        params = work.setup(step).params
        if step.ask == "minimizer":
            return _minimum(params, step, one, several)
        return _descent(params, step, one, several)

    def question(self, work: Work, step: NumberStep, state: StepState) -> Question:
        if step.ask in ("prediction", *DIRECT_ASKS):
            return super().question(work, step, state)
        # Start from the learner's own earlier θ when there is one (asked afresh: it may have changed).
        base = step.iteration - 1 if step.ask == "theta" else step.iteration
        setup = work.setup(step)
        stand_on = work.path.theta_at(setup, base)
        return self.kept(
            state,
            None if stand_on is None else stand_on.tobytes(),
            lambda: number_question(work.lesson, step, stand_on=stand_on, setup=setup),
        )

    def ask(self, lesson: Lesson, step: NumberStep) -> Question:
        return number_question(lesson, step)

    def submit(
        self, work: Work, step: NumberStep, state: StepState, question: Question, verdict: Verdict
    ) -> list[Event]:
        events = super().submit(work, step, state, question, verdict)
        if step.ask != "theta":
            return events
        setup = work.setup(step)
        work.path.keep_answer(setup, step.iteration, verdict, step.param)
        if verdict.correct and verdict.value is not None:
            work.path.keep_iterate(setup, step.iteration, verdict.value, step.param)
        if verdict.value is not None:
            events.append(PlotsChanged(work.plots()))
        return events


# What each kind of number question asks for. ``one``: ": a number" and the precision; ``several``: the
# precision of an answer in several numbers.


def _prediction(work: Work, step: NumberStep) -> str:
    inputs = prediction_inputs(step)
    X, _ = work.setup(step).design
    if any(list(row) == list(inputs) for row in X.tolist()):
        # Never h(4) for x⁽²⁾: which x the question means is what the learner reads off the table.
        return "the prediction"
    return f"the prediction h({', '.join(show(value, unicode=False) for value in inputs)})"


def _scaling(work: Work, step: NumberStep) -> str:
    feature = unicode_name(f"x{step.feature}") if work.setup(step).features > 1 else "x"
    if step.ask == "normalized":
        return f"{feature} = {show(drawn((step.x or (0.0,))[0]), unicode=False)} scaled"
    return f"{SCALING_WHAT[step.ask]} {feature}"


def _minimum(params: tuple[str, ...], step: NumberStep, one: str, several: str) -> str:
    if step.param is None and len(params) > 1:
        return f"θ* (the minimum) as {components('theta', params)}{several}"
    return f"{unicode_name(step.param or params[0])} at the minimum{one}"


def _descent(params: tuple[str, ...], step: NumberStep, one: str, several: str) -> str:
    at = f"at iteration {step.iteration}"
    if step.ask != "cost" and len(params) > 1:
        if step.param is None:
            return f"{QUANTITIES[step.ask]} {at} as {components(step.ask, params)}{several}"
        return f"{component_label(step.ask, step.param)} {at}{one}"
    if len(params) == 1 and step.ask == "step":  # ∇ waits for two parameters
        return f"the step α·dJ/d{unicode_name(params[0])} {at}{one}"
    return f"{WHAT[step.ask]} {at}{one}"
