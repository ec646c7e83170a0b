"""An explore step: predict what a solver run does; the run (and a compared one) is shown once predicted."""

from __future__ import annotations

from gdtutor.checking import Verdict
from gdtutor.engine.events import Event, Feedback
from gdtutor.engine.steps.base import StepKind, StepState, Work, with_plots
from gdtutor.lessons.model import ExploreStep, ProblemSpec
from gdtutor.lessons.questions import Question, explore_question


class Explore(StepKind[ExploreStep, StepState]):
    kind = "explore"
    advance_when_right = False  # the run the learner predicted is what they came to see: stay on it

    def asking(self, work: Work, step: ExploreStep, state: StepState) -> str:
        if step.predict == "outcome":
            return "converges, diverges or oscillates"
        return "a number of iterations"

    def ask(self, work: Work, step: ExploreStep) -> Question:
        return explore_question(work.lesson, step)

    def submit(
        self, work: Work, step: ExploreStep, state: StepState, question: Question, verdict: Verdict
    ) -> list[Event]:
        if verdict.status not in ("correct", "wrong"):
            return [Feedback(verdict)]
        # One prediction, right or wrong, and the solver's run answers it.
        state.status = "solved" if verdict.correct else "revealed"
        state.solution = question.solution()
        if verdict.correct:
            work.done(step)
        note = "" if verdict.correct else f"The solver's run: {state.solution}"
        return with_plots(work, [Feedback(verdict, note, complete=True)])

    def reveal(self, work: Work, step: ExploreStep, state: StepState, question: Question) -> list[Event]:
        return with_plots(work, super().reveal(work, step, state, question))

    def whole_run(self, step: ExploreStep, state: StepState) -> bool:
        return state.status != "open"

    def compared(self, step: ExploreStep, state: StepState, problem: ProblemSpec) -> ProblemSpec | None:
        return None if step.compare is None else step.compare.apply(problem)
