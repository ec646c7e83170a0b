"""A read step: prose to read, nothing to answer (the tutor marks it read when the learner goes on)."""

from __future__ import annotations

from gdtutor.engine.steps.base import StepKind, StepState
from gdtutor.lessons.model import ReadStep


class Read(StepKind[ReadStep, StepState]):
    kind = "read"
