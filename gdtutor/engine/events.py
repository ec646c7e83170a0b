"""What happened, for a front-end to show. Events carry data and plain text; they never carry markup."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gdtutor.checking import Verdict
from gdtutor.engine.views import StepView

if TYPE_CHECKING:  # the plots need numpy, which a front-end's first screen does without (events it needs)
    from gdtutor.engine.plots import PlotSpec


@dataclass(frozen=True)
class Feedback:
    """How an answer was judged. ``note`` adds what the verdict cannot know (error carried forward, the table
    moving on); ``complete`` is True when this answer finished the step. The tutor decides what comes next:
    ``advance`` True means go on now (the front-end calls next() and keeps this feedback in view), False
    means stay on the finished step until the learner goes on (Enter)."""

    verdict: Verdict
    note: str = ""
    complete: bool = False
    advance: bool = False


@dataclass(frozen=True)
class HintShown:
    text: str
    index: int  # 1-based
    total: int


@dataclass(frozen=True)
class SolutionShown:
    text: str


@dataclass(frozen=True)
class Notice:
    """Something to tell the learner that is not about an answer ("no more hints", "answer first")."""

    text: str


@dataclass(frozen=True)
class StepEntered:
    view: StepView


@dataclass(frozen=True)
class PlotsChanged:
    plots: list[PlotSpec] = field(default_factory=list)


@dataclass(frozen=True)
class LessonFinished:
    """The lesson is over: how many question steps were solved, revealed or skipped, out of how many."""

    solved: int
    revealed: int
    skipped: int
    questions: int


Event = Feedback | HintShown | SolutionShown | Notice | StepEntered | PlotsChanged | LessonFinished
