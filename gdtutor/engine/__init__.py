"""The tutoring engine: the state machine every front-end drives (no rendering, no textual, no plotext).

from gdtutor.engine import Tutor
tutor = Tutor(lesson, seed=1234, recorder=store, resume=store.lesson_state(lesson.id))
tutor.view(); tutor.submit("2.4"); tutor.hint(); tutor.next(); tutor.plots()

Each name is imported from its module when first asked for: the views, the events and the opening view
(gdtutor.engine.opening) load without numpy, which the tutor and the plots import.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_MODULES = {
    "gdtutor.engine.events": (
        "Event",
        "Feedback",
        "HintShown",
        "LessonFinished",
        "Notice",
        "PlotsChanged",
        "SolutionShown",
        "StepEntered",
    ),
    "gdtutor.engine.plots": ("PlotSpec", "Series"),
    "gdtutor.engine.recorder": ("Attempt", "Recorder", "Resume", "ResumeState"),
    "gdtutor.engine.tutor": ("Tutor",),
    "gdtutor.engine.views": ("Cell", "LineView", "StepView", "TableView"),
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}

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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
