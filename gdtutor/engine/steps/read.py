"""A read step: prose to read, nothing to answer (the tutor marks it read when the learner goes on)."""

from __future__ import annotations

from gdtutor.engine.steps.base import StepKind, StepState
from gdtutor.lessons.model import Lesson, ReadStep
from gdtutor.lessons.questions import Question


class Read(StepKind[ReadStep, StepState]):
    kind = "read"

    def path_questions(self, lesson: Lesson, step: ReadStep) -> list[tuple[str, Question]]:
        return []
