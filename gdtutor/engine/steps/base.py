"""What every step kind provides, and the default for a step that asks one question.

A handler is stateless: what the learner has done on a step lives in its ``StepState`` (a kind with more to
remember subclasses it), and what a handler needs from the tutor comes through ``Work``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from gdtutor.checking import Verdict
from gdtutor.checking.symbols import component_label, join_words
from gdtutor.engine.events import Event, Feedback, PlotsChanged, SolutionShown
from gdtutor.engine.learner import LearnerPath
from gdtutor.engine.plots import PlotSpec
from gdtutor.engine.views import StepStatus, StepView
from gdtutor.lessons.model import AnyStep, Lesson, LessonTest, ProblemSpec
from gdtutor.lessons.problem import Setup
from gdtutor.lessons.questions import Question, number_rule


@dataclass
class StepState:
    """What the learner has done on one step."""

    status: StepStatus = "open"
    attempts: int = 0  # answers that were graded (an unreadable answer is not an attempt)
    hints_shown: int = 0
    last: Verdict | None = None
    solution: str | None = None
    # Some part was shown by the tutor or kept wrong: the step ends "revealed", not "solved".
    imperfect: bool = False
    asked: Question | None = None  # the question asked, once built
    asked_on: Hashable = None  # what it stands on, for a question that changes (the learner's own θ)


class Work(Protocol):
    """What a step handler may use of the tutor driving it."""

    @property
    def lesson(self) -> Lesson: ...

    @property
    def path(self) -> LearnerPath: ...

    def setup(self, step: AnyStep) -> Setup: ...

    def done(self, step: AnyStep) -> None:
        """Tell the recorder the learner solved ``step``."""

    def plots(self) -> list[PlotSpec]: ...


StepT = TypeVar("StepT", bound=AnyStep)
StateT = TypeVar("StateT", bound=StepState)


class StepKind(Generic[StepT, StateT]):
    """One kind of step: what it asks, how an answer and a reveal change its state, what its view adds.

    The defaults fit a step that asks one question: a right answer solves it, the solution reveals it.
    """

    kind: ClassVar[str]
    # After a right answer that finishes the step the tutor goes on at once, unless this is False: the step
    # then waits for Enter (an explore step's run is what the learner came to see).
    advance_when_right: ClassVar[bool] = True

    def new_state(self) -> StepState:
        """A fresh state; a kind with more to remember returns its own subclass."""
        return StepState()

    def asking(self, work: Work, step: StepT, state: StateT) -> str:
        """What to type now, in a few words ("" when nothing is asked)."""
        return ""

    def question(self, work: Work, step: StepT, state: StateT) -> Question:
        """The question asked now."""
        if state.asked is None:
            state.asked = self.ask(work.lesson, step)
        return state.asked

    def ask(self, lesson: Lesson, step: StepT) -> Question:
        """The one question of a step that always asks the same."""
        raise TypeError(f"a {self.kind} step asks no question")

    def kept(self, state: StateT, on: Hashable, build: Callable[[], Question]) -> Question:
        """The question that stands on ``on`` (a θ's bytes, a cell): built again only when that changed, not
        for each answer to it."""
        if state.asked is None or state.asked_on != on:
            state.asked, state.asked_on = build(), on
        return state.asked

    # ---- for gdtutor validate (gdtutor.engine.selftest): the lesson's claims against the solver ----

    def path_questions(self, lesson: Lesson, step: StepT) -> list[tuple[str, Question]]:
        """Every question the step asks when the learner follows the solver, each with a label for
        messages ("row 2, step"); every mistaken answer of each is graded, and none may be accepted."""
        return [("", self.ask(lesson, step))]

    def claims(self, lesson: Lesson, step: StepT) -> list[tuple[str, str]]:
        """What the author states that the solver contradicts: (the field, after the step's path, and why)."""
        return []

    def grade_test(self, lesson: Lesson, step: StepT, test: LessonTest) -> tuple[Verdict, str]:
        """An author's ``tests:`` entry graded exactly as the tutor would grade it, and the right answer."""
        question = self.ask(lesson, step)
        return question.check(test.answer), question.answer()

    def submit(
        self, work: Work, step: StepT, state: StateT, question: Question, verdict: Verdict
    ) -> list[Event]:
        """A readable or unreadable answer was judged (and recorded, and counted): update the state."""
        if verdict.correct:
            state.status = "solved"
            work.done(step)
        return [Feedback(verdict, complete=verdict.correct)]

    def reveal(self, work: Work, step: StepT, state: StateT, question: Question) -> list[Event]:
        """The learner asked for the solution of what is asked now."""
        state.status = "revealed"
        state.solution = question.solution()
        return [SolutionShown(state.solution)]

    def view(self, work: Work, step: StepT, state: StateT, view: StepView) -> StepView:
        """The step's view with what this kind shows besides its prompt (options, a table, lines)."""
        return view

    def whole_run(self, step: StepT, state: StateT) -> bool:
        """Whether the plots may show the solver's whole run (it gives nothing away any more)."""
        return False

    def compared(self, step: StepT, state: StateT, problem: ProblemSpec) -> ProblemSpec | None:
        """A second problem to plot beside the step's when its whole run is shown."""
        return None


AnyKind = StepKind[Any, Any]


def with_plots(work: Work, events: list[Event]) -> list[Event]:
    return [*events, PlotsChanged(work.plots())]


def components(asked: str, params: tuple[str, ...]) -> str:
    """``2 numbers: ∂J/∂θ₀ and ∂J/∂θ₁, separated by commas``: how many numbers, and what each one holds."""
    labels = join_words(component_label(asked, param) for param in params)
    return f"{len(params)} numbers: {labels}, separated by commas"


def to_precision(lesson: Lesson, step: AnyStep, several: bool = False) -> str:
    """How exactly to answer, said before the first answer: ", to 3 decimals" ("" if the lesson sets none)."""
    rule = number_rule(lesson, step)
    if rule.decimals is None and rule.sigfigs is None:
        return ""
    return f", {'each ' if several else ''}to {rule.asks_for()}"


def finished(work: Work, step: AnyStep, state: StepState) -> None:
    """Every part of a step with several parts is answered or shown: it is solved unless a part was not."""
    state.status = "revealed" if state.imperfect else "solved"
    if not state.imperfect:
        work.done(step)
