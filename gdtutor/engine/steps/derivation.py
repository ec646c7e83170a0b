"""A derivation step: a chain of lines; for each line after the first the learner names the rule(s) that
lead to it from the line above."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from gdtutor.checking import Verdict
from gdtutor.engine.events import Event, Feedback, SolutionShown
from gdtutor.engine.steps.base import StepKind, StepState, Work, finished
from gdtutor.engine.views import LineView, StepView
from gdtutor.lessons.mathtext import to_unicode
from gdtutor.lessons.model import RULES, DerivationStep, Lesson, LessonTest
from gdtutor.lessons.questions import Question, RuleQuestion


@dataclass
class LinesState(StepState):
    cursor: int = 0  # lines answered so far: the line asked about is cursor + 1
    rules: dict[int, tuple[str, bool]] = field(default_factory=dict)  # line: its rules, revealed or not


class Derivation(StepKind[DerivationStep, LinesState]):
    kind = "derivation"

    def new_state(self) -> LinesState:
        return LinesState()

    def asking(self, work: Work, step: DerivationStep, state: LinesState) -> str:
        if state.cursor >= len(step.lines) - 1:
            return ""
        return f"the rule(s) for line {state.cursor + 2}: numbers from the list, or names"

    def question(self, work: Work, step: DerivationStep, state: LinesState) -> Question:
        return RuleQuestion(step, state.cursor + 1)

    def submit(
        self, work: Work, step: DerivationStep, state: LinesState, question: Question, verdict: Verdict
    ) -> list[Event]:
        if not verdict.correct:
            return [Feedback(verdict)]
        complete = self._answered(step, state, revealed=False)
        if complete:
            finished(work, step, state)
        return [Feedback(verdict, complete=complete)]

    def reveal(self, work: Work, step: DerivationStep, state: LinesState, question: Question) -> list[Event]:
        text = question.solution()
        line = state.cursor + 1
        state.imperfect = True
        if self._answered(step, state, revealed=True):
            state.status = "revealed"
            state.solution = text
        return [SolutionShown(f"Line {line + 1}: {text}")]

    def path_questions(self, lesson: Lesson, step: DerivationStep) -> list[tuple[str, Question]]:
        return [(f"line {line + 1}", RuleQuestion(step, line)) for line in range(1, len(step.lines))]

    def grade_test(self, lesson: Lesson, step: DerivationStep, test: LessonTest) -> tuple[Verdict, str]:
        """A test gives the rules of every line after the first, separated by ';'; the first line not
        answered right is the verdict."""
        parts = test.answer.split(";")
        lines = range(1, len(step.lines))
        expected = "; ".join(RuleQuestion(step, line).answer() for line in lines)
        if len(parts) != len(lines):
            message = f"give the rules for {len(lines)} lines separated by ';', got {len(parts)}"
            return Verdict("invalid", message), expected
        verdicts = [RuleQuestion(step, line).check(part) for line, part in zip(lines, parts, strict=True)]
        worst = next((v for v in verdicts if v.status != "correct"), verdicts[0])
        return worst, expected

    def view(self, work: Work, step: DerivationStep, state: LinesState, view: StepView) -> StepView:
        lines = []
        for index, line in enumerate(step.lines):
            answered = state.rules.get(index)
            lines.append(
                LineView(
                    math=to_unicode(line.math),
                    rules=answered[0] if answered else None,
                    current=index == state.cursor + 1 and state.status == "open",
                    note=to_unicode(line.note) if answered else "",
                )
            )
        return replace(view, options=tuple(RULES.values()), lines=tuple(lines))

    def _answered(self, step: DerivationStep, state: LinesState, revealed: bool) -> bool:
        """The line asked about is answered (or shown): move to the next; True when none is left."""
        line = state.cursor + 1
        state.rules[line] = (", ".join(step.lines[line].rules), revealed)
        state.cursor += 1
        return state.cursor >= len(step.lines) - 1
