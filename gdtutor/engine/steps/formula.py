"""A formula step: a derivative, an update rule, the cost or the hypothesis, judged by equivalence."""

from __future__ import annotations

from collections.abc import Iterator

from gdtutor.engine.steps.base import StepKind, StepState, Work
from gdtutor.lessons.model import FormulaStep, Lesson
from gdtutor.lessons.questions import Question, formula_question


class Formula(StepKind[FormulaStep, StepState]):
    kind = "formula"

    def asking(self, work: Work, step: FormulaStep, state: StepState) -> str:
        """What to type, with an example of the notation that is neither the answer nor a known mistake (the
        old "2*theta" was both, on different steps)."""
        question = self.question(work, step, state)
        for example in _examples(work.setup(step).params):
            verdict = question.check(example)
            if verdict.status == "wrong" and verdict.mistake is None:
                return f"a formula, typed like {example}"
        return "a formula"

    def ask(self, lesson: Lesson, step: FormulaStep) -> Question:
        return formula_question(lesson, step)


def _examples(params: tuple[str, ...]) -> Iterator[str]:
    """Formulas in the problem's own names that show the notation: *, ^, a fraction, sum(…)."""
    first = params[0]
    yield f"3*{first}^2 - 1"
    yield f"({first} + 4)/5"
    yield "sum(x^2)/m"
    yield f"4*{first}^3"
