"""The tutoring engine: the state machine every front-end drives (no rendering, no textual, no plotext).

from gdtutor.engine import Tutor
tutor = Tutor(lesson, seed=1234, recorder=store, resume=store.lesson_state(lesson.id))
tutor.view(); tutor.submit("2.4"); tutor.hint(); tutor.next(); tutor.plots()
"""

from gdtutor.engine.events import (
    Event,
    Feedback,
    HintShown,
    LessonFinished,
    Notice,
    PlotsChanged,
    SolutionShown,
    StepEntered,
)
from gdtutor.engine.plots import PlotSpec, Series
from gdtutor.engine.recorder import Attempt, Recorder, Resume, ResumeState
from gdtutor.engine.tutor import Tutor
from gdtutor.engine.views import Cell, LineView, StepView, TableView

__all__ = [
    "Attempt",
    "Cell",
    "Event",
    "Feedback",
    "HintShown",
    "LessonFinished",
    "LineView",
    "Notice",
    "PlotSpec",
    "PlotsChanged",
    "Recorder",
    "Resume",
    "ResumeState",
    "Series",
    "SolutionShown",
    "StepEntered",
    "StepView",
    "TableView",
    "Tutor",
]
