"""An explore step: predict what a solver run does; the run (and a compared one) is shown once predicted."""

from __future__ import annotations

from gdtutor.checking import Verdict
from gdtutor.engine.events import Event, Feedback
from gdtutor.engine.steps.base import StepKind, StepState, Work, with_plots
from gdtutor.lessons.model import ExploreStep, Lesson, ProblemSpec
from gdtutor.lessons.questions import Question, explore_question, explore_truth


class Explore(StepKind[ExploreStep, StepState]):
    kind = "explore"
    advance_when_right = False  # the run the learner predicted is what they came to see: stay on it

    def asking(self, work: Work, step: ExploreStep, state: StepState) -> str:
        if step.predict == "outcome":
            return "converges, diverges or oscillates"
        return "a number of iterations"

    def ask(self, lesson: Lesson, step: ExploreStep) -> Question:
        return explore_question(lesson, step)

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

    def claims(self, lesson: Lesson, step: ExploreStep) -> list[tuple[str, str]]:
        truth, account = explore_truth(lesson, step)
        stated = step.answer
        if step.predict == "outcome":
            right = stated == truth
        else:
            right = isinstance(stated, int) and abs(stated - int(truth)) <= step.slack
        return [] if right else [(".answer", f"the solver says {truth}, not {stated} ({account})")]

    def whole_run(self, step: ExploreStep, state: StepState) -> bool:
        return state.status != "open"

    def compared(self, step: ExploreStep, state: StepState, problem: ProblemSpec) -> ProblemSpec | None:
        return None if step.compare is None else step.compare.apply(problem)
