"""A formula step: a derivative, an update rule, the cost or the hypothesis, judged by equivalence."""

from __future__ import annotations

from gdtutor.engine.steps.base import StepKind, StepState, Work
from gdtutor.lessons.model import FormulaStep, Lesson
from gdtutor.lessons.questions import Question, formula_question


class Formula(StepKind[FormulaStep, StepState]):
    kind = "formula"

    def asking(self, work: Work, step: FormulaStep, state: StepState) -> str:
        return "a formula (for example 2*theta)"

    def ask(self, lesson: Lesson, step: FormulaStep) -> Question:
        return formula_question(lesson, step)
