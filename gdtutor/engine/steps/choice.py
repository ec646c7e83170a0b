"""A choice step: pick one of the options, by number, letter or text."""

from __future__ import annotations

from dataclasses import replace

from gdtutor import checking
from gdtutor.engine.steps.base import StepKind, StepState, Work
from gdtutor.engine.views import StepView
from gdtutor.lessons.mathtext import to_unicode
from gdtutor.lessons.model import ChoiceStep, Lesson
from gdtutor.lessons.questions import ChoiceQuestion, Question


class Choice(StepKind[ChoiceStep, StepState]):
    kind = "choice"

    def asking(self, work: Work, step: ChoiceStep, state: StepState) -> str:
        return f"an option: {checking.how_to_choose(len(step.options))}"

    def ask(self, lesson: Lesson, step: ChoiceStep) -> Question:
        return ChoiceQuestion(step)

    def view(self, work: Work, step: ChoiceStep, state: StepState, view: StepView) -> StepView:
        return replace(view, options=tuple(to_unicode(option.text) for option in step.options))
