"""The tutoring state machine every front-end drives.

A ``Tutor`` walks a lesson (instantiated for one learner's seed) step by step. It decides everything: which
step is current, whether an answer is right (through ``gdtutor.lessons.questions``), when a hint may be
revealed, what the worked solution is, how a table carries a learner's own values forward, and what to plot.
Front-ends only show its ``StepView``s, ``Event``s and ``PlotSpec``s and pass on what the learner typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from gdtutor.checking import Verdict, how_to_choose
from gdtutor.checking.symbols import QUANTITIES, component_label, join_words
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
from gdtutor.engine.figures import Answered, describe_problem, plots_for
from gdtutor.engine.plots import PlotSpec
from gdtutor.engine.recorder import Attempt, Recorder, ResumeState
from gdtutor.engine.views import Cell, LineView, StepStatus, StepView, TableView
from gdtutor.errors import GdtutorError
from gdtutor.lessons.mathtext import to_unicode
from gdtutor.lessons.model import (
    RULES,
    AnyStep,
    ChoiceStep,
    DerivationStep,
    ExploreStep,
    FormulaStep,
    IterateStep,
    Lesson,
    NumberStep,
    ReadStep,
)
from gdtutor.lessons.problem import Setup
from gdtutor.lessons.questions import (
    CarriedQuestion,
    NumberQuestion,
    Question,
    RuleQuestion,
    carried_theta,
    cell_question,
    number_question,
    question_for,
    table_cells,
)

COLUMN_TITLES = {"theta": "θ", "step": "step α·∇J", "gradient": "∇J", "cost": "J"}


@dataclass
class StepState:
    """What the learner has done on one step."""

    status: StepStatus = "open"
    attempts: int = 0  # answers that were graded (an unreadable answer is not an attempt)
    hints_shown: int = 0
    last: Verdict | None = None
    solution: str | None = None
    cursor: int = 0  # iterate: the cell being asked; derivation: the line being asked
    cells: dict[tuple[int, str], Cell] = field(default_factory=dict)
    cell_misses: dict[tuple[int, str], int] = field(default_factory=dict)
    rows: dict[int, np.ndarray] = field(default_factory=dict)  # iterate: the learner's θ per row
    kept_wrong: set[int] = field(default_factory=set)  # rows whose θ the learner got wrong and kept
    line_rules: dict[int, tuple[str, bool]] = field(default_factory=dict)  # derivation: text, revealed
    # Some cell or line was shown by the tutor or kept wrong: the step ends "revealed", not "solved".
    imperfect: bool = False


class Tutor:
    """One learner working through one lesson. See docs/architecture.md ("engine")."""

    def __init__(
        self,
        lesson: Lesson,
        seed: int,
        recorder: Recorder | None = None,
        resume: ResumeState | None = None,
    ) -> None:
        if not lesson.steps:
            raise GdtutorError(f"lesson {lesson.id} has no steps")
        self.lesson = lesson.instantiate(seed)
        self.seed = seed
        self.recorder = recorder
        self.finished = False
        self._states = [StepState() for _ in self.lesson.steps]
        self._questions: dict[int, Question] = {}
        # The learner's own θ per problem (keyed by its repr) and iteration, for plots.
        self._iterates: dict[str, dict[int, np.ndarray]] = {}
        # Every θ the learner typed, right or wrong, per problem: marked on the plots beside the solver's.
        self._answers: dict[str, list[Answered]] = {}
        self.index = self._resume(resume)
        self._tell_current()

    @classmethod
    def for_steps(
        cls, lesson: Lesson, step_ids: Sequence[str], seed: int, recorder: Recorder | None = None
    ) -> Tutor:
        """A tutor over some steps of ``lesson`` (in the order given), e.g. for practice with a fresh seed."""
        steps = tuple(lesson.step(step_id) for step_id in step_ids)
        return cls(replace(lesson, steps=steps), seed, recorder)

    # ---- reading the state ----

    @property
    def step(self) -> AnyStep:
        return self.lesson.steps[self.index]

    @property
    def state(self) -> StepState:
        return self._states[self.index]

    def view(self) -> StepView:
        step, state = self.step, self.state
        view = StepView(
            lesson_id=self.lesson.id,
            lesson_title=self.lesson.title,
            step_id=step.id,
            kind=step.kind,
            number=self.index + 1,
            total=len(self.lesson.steps),
            prompt=to_unicode(step.prompt),
            asking=self._asking(),
            problem=describe_problem(Setup(self.lesson.problem_for(step))),
            hints=tuple(to_unicode(hint.text) for hint in step.hints[: state.hints_shown]),
            hints_total=len(step.hints),
            attempts=state.attempts,
            status=state.status,
            last=state.last,
            solution=state.solution,
            skills=self.lesson.skills_for(step),
        )
        if isinstance(step, ChoiceStep):
            view = replace(view, options=tuple(to_unicode(option.text) for option in step.options))
        if isinstance(step, IterateStep):
            view = replace(view, table=self._table(step, state))
        if isinstance(step, DerivationStep):
            view = replace(view, options=tuple(RULES.values()), lines=self._lines(step, state))
        return view

    def plots(self) -> list[PlotSpec]:
        step = self.step
        spec = self.lesson.problem_for(step)
        learner = self._iterates.get(repr(spec), {})
        full_run = self.finished or (isinstance(step, ExploreStep) and self.state.status != "open")
        compare = None
        if isinstance(step, ExploreStep) and step.compare is not None and full_run:
            compare = step.compare.apply(spec)
        setup, answers = Setup(spec), self._answers.get(repr(spec), [])
        return plots_for(setup, learner, full_run, None if compare is None else Setup(compare), answers)

    def question(self) -> Question:
        """The question asked now: its ``answer()`` and ``mistaken_answers()`` let tests play a learner."""
        return self._question()

    # ---- actions ----

    def submit(self, text: str) -> list[Event]:
        if self.finished:
            return [Notice("The lesson is finished.")]
        step, state = self.step, self.state
        if isinstance(step, ReadStep):
            return [Notice("There is nothing to answer here; go on to the next step.")]
        if state.status != "open":
            return [Notice("This step is done; go on to the next step.")]
        question = self._question()
        verdict = question.check(text)
        self._record(text, verdict)
        state.last = verdict
        if verdict.status != "invalid":
            state.attempts += 1
        if isinstance(step, IterateStep):
            return self._submit_cell(step, state, question, verdict)
        if isinstance(step, DerivationStep):
            return self._submit_line(step, state, verdict)
        if isinstance(step, ExploreStep) and verdict.status in ("correct", "wrong"):
            state.status = "solved" if verdict.correct else "revealed"
            state.solution = question.solution()
            if verdict.correct:
                self._done(step)
            note = "" if verdict.correct else f"The solver's run: {state.solution}"
            return [Feedback(verdict, note, complete=True), PlotsChanged(self.plots())]
        theta_step = step if isinstance(step, NumberStep) and step.ask == "theta" else None
        if theta_step is not None:
            self._keep_answer(theta_step, theta_step.iteration, verdict)
        if verdict.correct:
            state.status = "solved"
            self._done(step)
            if theta_step is not None:
                self._keep_iterate(theta_step, theta_step.iteration, verdict.value)
        events: list[Event] = [Feedback(verdict, complete=verdict.correct)]
        if theta_step is not None and verdict.value is not None:
            events.append(PlotsChanged(self.plots()))
        return events

    def hint(self) -> list[Event]:
        step, state = self.step, self.state
        if isinstance(step, ReadStep) or self.finished:
            return [Notice("There is nothing to hint at here.")]
        if state.status != "open":
            return [Notice("This step is done; go on to the next step.")]
        if state.hints_shown >= len(step.hints):
            more = "no hints" if not step.hints else "no more hints"
            return [Notice(f"There are {more} for this step; ask for the solution to see it worked out.")]
        hint = step.hints[state.hints_shown]
        if state.attempts < hint.after_attempts:
            left = hint.after_attempts - state.attempts
            return [Notice(f"Have {left} more go{'es' if left != 1 else ''} before the next hint.")]
        state.hints_shown += 1
        return [HintShown(to_unicode(hint.text), state.hints_shown, len(step.hints))]

    def solution(self) -> list[Event]:
        step, state = self.step, self.state
        if isinstance(step, ReadStep) or self.finished:
            return [Notice("There is nothing to solve here.")]
        if state.status != "open":
            if state.solution:
                return [SolutionShown(state.solution)]
            return [Notice("This step is done; go on to the next step.")]
        question = self._question()
        text = question.solution()
        if isinstance(step, IterateStep):
            return self._reveal_cell(step, state, question, text)
        if isinstance(step, DerivationStep):
            return self._reveal_line(step, state, text)
        state.status = "revealed"
        state.solution = text
        events: list[Event] = [SolutionShown(text)]
        if isinstance(step, ExploreStep):
            events.append(PlotsChanged(self.plots()))
        return events

    def skip(self) -> list[Event]:
        if self.finished:
            return [Notice("The lesson is finished.")]
        if self.state.status == "open":
            self.state.status = "read" if isinstance(self.step, ReadStep) else "skipped"
        return self._advance()

    def next(self) -> list[Event]:
        if self.finished:
            return [Notice("The lesson is finished.")]
        if isinstance(self.step, ReadStep) and self.state.status == "open":
            self.state.status = "read"
            self._done(self.step)
        if self.state.status == "open":
            return [Notice("Answer this step first (or ask for a hint, the solution, or skip it).")]
        return self._advance()

    def back(self) -> list[Event]:
        if self.finished:
            self.finished = False
        elif self.index == 0:
            return [Notice("This is the first step.")]
        else:
            self.index -= 1
        self._tell_current()
        return [StepEntered(self.view()), PlotsChanged(self.plots())]

    # ---- steps with several questions ----

    def _submit_cell(
        self, step: IterateStep, state: StepState, question: Question, verdict: Verdict
    ) -> list[Event]:
        cells = table_cells(step)
        row, column = cells[state.cursor]
        # Over an overflow the note would contradict the verdict: there was nothing to grade from.
        note = "" if _overflows(question) else self._carried_note(step, state, row, column)
        if column == "theta":
            self._keep_answer(step, row, verdict)
        if verdict.correct:
            self._fill(step, state, row, column, verdict.value, "right")
            return self._after_cell(step, state, verdict, note)
        if verdict.status != "wrong":
            return [Feedback(verdict, note)]
        misses = state.cell_misses.get((row, column), 0) + 1
        state.cell_misses[(row, column)] = misses
        if misses < step.cell_attempts:
            if column == "theta":
                return [Feedback(verdict, note), PlotsChanged(self.plots())]
            return [Feedback(verdict, note)]
        if column == "theta" and verdict.value is not None:
            self._fill(step, state, row, column, verdict.value, "wrong")
            state.kept_wrong.add(row)
            state.imperfect = True
            moving = "Moving on with your value: the rows below are worked from it."
        else:
            expected = question.answer()
            state.cells[(row, column)] = Cell(expected, "revealed")
            state.imperfect = True
            moving = f"Moving on: it is {expected}."
        return self._after_cell(step, state, verdict, " ".join(filter(None, [note, moving])))

    def _after_cell(self, step: IterateStep, state: StepState, verdict: Verdict, note: str) -> list[Event]:
        state.cursor += 1
        complete = state.cursor >= len(table_cells(step))
        if complete:
            state.status = "revealed" if state.imperfect else "solved"
            if not state.imperfect:
                self._done(step)
        return [Feedback(verdict, note, complete=complete), PlotsChanged(self.plots())]

    def _reveal_cell(self, step: IterateStep, state: StepState, question: Question, text: str) -> list[Event]:
        row, column = table_cells(step)[state.cursor]
        self._fill(step, state, row, column, question.expected, "revealed")  # type: ignore[attr-defined]
        state.imperfect = True
        state.cursor += 1
        events: list[Event] = [SolutionShown(f"Row {row}, {COLUMN_TITLES[column]}: {text}")]
        if state.cursor >= len(table_cells(step)):
            state.status = "revealed"
            state.solution = text
        events.append(PlotsChanged(self.plots()))
        return events

    def _fill(
        self, step: IterateStep, state: StepState, row: int, column: str, value: object, how: str
    ) -> None:
        numbers = np.atleast_1d(np.asarray(value, dtype=np.float64))
        state.cells[(row, column)] = Cell(", ".join(_number_text(v) for v in numbers), how)  # type: ignore[arg-type]
        if column == "theta":
            setup = Setup(self.lesson.problem_for(step))
            theta = carried_theta(setup.point(row), tuple(numbers), step.param, setup.params)
            state.rows[row] = theta
            self._keep_iterate(step, row, theta)

    def _carried_note(self, step: IterateStep, state: StepState, row: int, column: str) -> str:
        base = row - 1 if column == "theta" else row
        if base not in state.kept_wrong:
            return ""
        theta = ", ".join(_number_text(v) for v in state.rows[base])
        where = "the row above" if column == "theta" else "this row"
        return f"Graded from your θ = {theta} in {where}, as the earlier value was off."

    def _submit_line(self, step: DerivationStep, state: StepState, verdict: Verdict) -> list[Event]:
        if not verdict.correct:
            return [Feedback(verdict)]
        line = state.cursor + 1
        state.line_rules[line] = (", ".join(step.lines[line].rules), False)
        state.cursor += 1
        complete = state.cursor >= len(step.lines) - 1
        if complete:
            state.status = "revealed" if state.imperfect else "solved"
            if not state.imperfect:
                self._done(step)
        return [Feedback(verdict, complete=complete)]

    def _reveal_line(self, step: DerivationStep, state: StepState, text: str) -> list[Event]:
        line = state.cursor + 1
        state.line_rules[line] = (", ".join(step.lines[line].rules), True)
        state.imperfect = True
        state.cursor += 1
        if state.cursor >= len(step.lines) - 1:
            state.status = "revealed"
            state.solution = text
        return [SolutionShown(f"Line {line + 1}: {text}")]

    # ---- helpers ----

    def _question(self) -> Question:
        step, state = self.step, self.state
        if isinstance(step, IterateStep):
            row, column = table_cells(step)[state.cursor]
            base = row - 1 if column == "theta" else row
            setup = Setup(self.lesson.problem_for(step))
            stand_on = state.rows.get(base)
            if stand_on is None:
                stand_on = setup.point(base)
            return cell_question(
                self.lesson, step, row, column, stand_on, rounded=base not in state.kept_wrong
            )
        if isinstance(step, DerivationStep):
            return RuleQuestion(step, state.cursor + 1)
        if isinstance(step, NumberStep) and step.ask != "prediction":
            # Error carried forward across steps: start from the learner's own earlier θ when there is one.
            base = step.iteration - 1 if step.ask == "theta" else step.iteration
            mine = self._iterates.get(repr(self.lesson.problem_for(step)), {}).get(base)
            return number_question(self.lesson, step, stand_on=mine)
        if self.index not in self._questions:
            self._questions[self.index] = question_for(self.lesson, step)
        return self._questions[self.index]

    def _asking(self) -> str:
        step, state = self.step, self.state
        if isinstance(step, ReadStep):
            return ""
        if isinstance(step, NumberStep):
            if step.ask == "prediction":
                return f"the prediction h({_number_text(float(step.x))}): a number"  # type: ignore[arg-type]
            what = {"theta": "θ", "step": "the step α·∇J", "gradient": "the gradient", "cost": "the cost J"}
            at = f"at iteration {step.iteration}"
            params = Setup(self.lesson.problem_for(step)).params
            if step.ask != "cost" and len(params) > 1:
                if step.param is None:
                    return f"{QUANTITIES[step.ask]} {at} as {_components(step.ask, params)}"
                return f"{component_label(step.ask, step.param)} {at}: a number"
            return f"{what[step.ask]} {at}: a number"
        if isinstance(step, FormulaStep):
            return "a formula (for example 2*theta)"
        if isinstance(step, ChoiceStep):
            return f"an option: {how_to_choose(len(step.options))}"
        if isinstance(step, ExploreStep):
            if step.predict == "outcome":
                return "converges, diverges or oscillates"
            return "a number of iterations"
        if isinstance(step, IterateStep):
            cells = table_cells(step)
            if state.cursor >= len(cells):
                return ""
            row, column = cells[state.cursor]
            params = Setup(self.lesson.problem_for(step)).params
            if column != "cost" and len(params) > 1:
                if step.param is None:
                    return f"row {row}, {QUANTITIES[column]} as {_components(column, params)}"
                return f"row {row}, {component_label(column, step.param)}: a number"
            return f"row {row}, {COLUMN_TITLES[column]}: a number"
        if isinstance(step, DerivationStep):
            if state.cursor >= len(step.lines) - 1:
                return ""
            return f"the rule(s) for line {state.cursor + 2}: numbers from the list, or names"
        return ""

    def _table(self, step: IterateStep, state: StepState) -> TableView:
        cells = table_cells(step)
        current = cells[state.cursor] if state.cursor < len(cells) else None
        setup = Setup(self.lesson.problem_for(step))
        rows = []
        for row in range(step.first, step.last + 1):
            line = [Cell(str(row), "given")]
            for column in step.columns:
                if row == step.first and column == "theta":
                    first = setup.point(row)
                    if step.param is not None:
                        first = first[setup.params.index(step.param) : setup.params.index(step.param) + 1]
                    line.append(Cell(", ".join(_number_text(v) for v in first), "given"))
                elif (row, column) in state.cells:
                    line.append(state.cells[(row, column)])
                else:
                    line.append(Cell(None, "current" if (row, column) == current else "empty"))
            rows.append(tuple(line))
        headers = ("iteration", *(COLUMN_TITLES[column] for column in step.columns))
        return TableView(headers, tuple(rows))

    def _lines(self, step: DerivationStep, state: StepState) -> tuple[LineView, ...]:
        views = []
        for index, line in enumerate(step.lines):
            answered = state.line_rules.get(index)
            views.append(
                LineView(
                    math=to_unicode(line.math),
                    rules=answered[0] if answered else None,
                    current=index == state.cursor + 1 and state.status == "open",
                    note=to_unicode(line.note) if answered else "",
                )
            )
        return tuple(views)

    def _keep_iterate(self, step: AnyStep, iteration: int, value: object) -> None:
        if value is None:
            return
        spec = self.lesson.problem_for(step)
        setup = Setup(spec)
        numbers = tuple(np.atleast_1d(np.asarray(value, dtype=np.float64)))
        param = getattr(step, "param", None)
        theta = carried_theta(setup.point(iteration), numbers, param, setup.params)
        self._iterates.setdefault(repr(spec), {})[iteration] = theta

    def _keep_answer(self, step: NumberStep | IterateStep, iteration: int, verdict: Verdict) -> None:
        """Keep a θ the learner typed (readable, right or wrong) for the plots."""
        if verdict.value is None or verdict.status == "invalid":
            return
        spec = self.lesson.problem_for(step)
        setup = Setup(spec)
        numbers = tuple(np.atleast_1d(np.asarray(verdict.value, dtype=np.float64)))
        try:
            base = setup.point(iteration)
        except GdtutorError:  # the solver ran away before this iteration: nothing to stand beside
            return
        theta = carried_theta(base, numbers, step.param, setup.params)
        answered = Answered(iteration, theta, right=verdict.status != "wrong")
        self._answers.setdefault(repr(spec), []).append(answered)

    def _record(self, text: str, verdict: Verdict) -> None:
        state, step = self.state, self.step
        # An answer after hints is still the first attempt; it carries hints_used, and knowledge tracing
        # counts a first attempt that needed help as not known yet (a right one included).
        first = state.attempts == 0 and not state.imperfect and state.solution is None
        if self.recorder is not None:
            self.recorder.record_attempt(
                Attempt(
                    lesson_id=self.lesson.id,
                    step_id=step.id,
                    seed=self.seed,
                    answer=text,
                    verdict=verdict.status,
                    mistake_id=verdict.mistake,
                    hints_used=state.hints_shown,
                    first_attempt=first and verdict.status != "invalid",
                    skills=self.lesson.skills_for(step),
                )
            )

    def _done(self, step: AnyStep) -> None:
        if self.recorder is not None:
            self.recorder.step_done(self.lesson.id, step.id)

    def _tell_current(self) -> None:
        if self.recorder is not None:
            self.recorder.set_current(self.lesson.id, None if self.finished else self.step.id)

    def _advance(self) -> list[Event]:
        if self.index + 1 >= len(self.lesson.steps):
            self.finished = True
            self._tell_current()
            return [self._summary()]
        self.index += 1
        self._tell_current()
        return [StepEntered(self.view()), PlotsChanged(self.plots())]

    def _summary(self) -> LessonFinished:
        questions = [
            s for s, step in zip(self._states, self.lesson.steps, strict=True) if step.kind != "read"
        ]
        return LessonFinished(
            solved=sum(s.status == "solved" for s in questions),
            revealed=sum(s.status == "revealed" for s in questions),
            skipped=sum(s.status in ("skipped", "open") for s in questions),
            questions=len(questions),
        )

    def _resume(self, resume: ResumeState | None) -> int:
        if resume is None:
            return 0
        ids = [step.id for step in self.lesson.steps]
        for index, step_id in enumerate(ids):
            if step_id in resume.done:
                self._states[index].status = "read" if self.lesson.steps[index].kind == "read" else "solved"
        if resume.current in ids:
            return ids.index(resume.current)
        return next((i for i, step_id in enumerate(ids) if step_id not in resume.done), 0)


def _overflows(question: Question) -> bool:
    """Whether the value asked for (worked from the learner's own θ) is too large to check against."""
    if isinstance(question, CarriedQuestion):
        return question.carried.overflows
    return isinstance(question, NumberQuestion) and question.overflows


def _number_text(value: float) -> str:
    """A number as the table shows it: up to 6 significant figures, no trailing zeros."""
    return f"{float(value):.6g}"


def _components(asked: str, params: tuple[str, ...]) -> str:
    """``2 numbers: ∂J/∂θ₀ and ∂J/∂θ₁, separated by commas``: how many numbers, and what each one holds."""
    labels = join_words(component_label(asked, param) for param in params)
    return f"{len(params)} numbers: {labels}, separated by commas"
