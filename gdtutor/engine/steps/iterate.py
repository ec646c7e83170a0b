"""An iterate step: a table of the descent to fill in, cell by cell, each graded from the learner's own θ
in the row above (error carried forward).

A cell stays open while the learner retries; after ``cell_attempts`` wrong answers the right value is filled
in, marked as shown and said so in the feedback, and the table moves on from it: every later row and step is
graded against the table the learner sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

from gdtutor.checking import Verdict
from gdtutor.checking.symbols import QUANTITIES, component_label, show
from gdtutor.core.expr import unicode_name
from gdtutor.engine.events import Event, Feedback, SolutionShown
from gdtutor.engine.steps.base import (
    StepKind,
    StepState,
    Work,
    components,
    finished,
    to_precision,
    with_plots,
)
from gdtutor.engine.views import Cell, StepView, TableView
from gdtutor.lessons.model import IterateStep, Lesson, LessonTest
from gdtutor.lessons.problem import setup_for
from gdtutor.lessons.questions import (
    CarriedQuestion,
    NumberQuestion,
    Question,
    carried_theta,
    cell_question,
    number_rule,
    table_cells,
)


def column_title(column: str, params: tuple[str, ...]) -> str:
    """A table column's name: with one parameter the derivative is dJ/dθ (∇ waits for two parameters)."""
    if len(params) == 1 and column in ("step", "gradient"):
        derivative = f"dJ/d{unicode_name(params[0])}"
        return f"step α·{derivative}" if column == "step" else derivative
    return {"theta": "θ", "step": "step α·∇J", "gradient": "∇J", "cost": "J"}[column]


@dataclass
class TableState(StepState):
    cursor: int = 0  # the cell being asked, an index into table_cells(step)
    cells: dict[tuple[int, str], Cell] = field(default_factory=dict)
    cell_misses: dict[tuple[int, str], int] = field(default_factory=dict)
    rows: dict[int, np.ndarray] = field(default_factory=dict)  # the learner's θ per row


class Iterate(StepKind[IterateStep, TableState]):
    kind = "iterate"

    def new_state(self) -> TableState:
        return TableState()

    def asking(self, work: Work, step: IterateStep, state: TableState) -> str:
        cells = table_cells(step)
        if state.cursor >= len(cells):
            return ""
        row, column = cells[state.cursor]
        params = work.setup(step).params
        exactly = to_precision(work.lesson, step)
        if column != "cost" and len(params) > 1:
            if step.param is None:
                several = to_precision(work.lesson, step, several=True)
                return f"row {row}, {QUANTITIES[column]} as {components(column, params)}{several}"
            return f"row {row}, {component_label(column, step.param)}: a number{exactly}"
        return f"row {row}, {column_title(column, params)}: a number{exactly}"

    def question(self, work: Work, step: IterateStep, state: TableState) -> Question:
        row, column = table_cells(step)[state.cursor]
        base = row - 1 if column == "theta" else row
        stand_on = state.rows.get(base)
        if stand_on is None:
            stand_on = work.setup(step).point(base)
        # A θ in the table is right (perhaps rounded) or was filled in: a value worked from the solver's
        # exact θ is right too.
        return self.kept(
            state,
            (state.cursor, stand_on.tobytes()),
            lambda: cell_question(work.lesson, step, row, column, stand_on, rounded=True),
        )

    def submit(
        self, work: Work, step: IterateStep, state: TableState, question: Question, verdict: Verdict
    ) -> list[Event]:
        row, column = table_cells(step)[state.cursor]
        if column == "theta":
            work.path.keep_answer(work.setup(step), row, verdict, step.param)
        if verdict.correct:
            self._fill(work, step, state, row, column, verdict.value, "right")
            return self._next_cell(work, step, state, verdict, "")
        if verdict.status != "wrong":
            return [Feedback(verdict)]
        misses = state.cell_misses.get((row, column), 0) + 1
        state.cell_misses[(row, column)] = misses
        if misses < step.cell_attempts:
            if column == "theta":
                return with_plots(work, [Feedback(verdict)])
            return [Feedback(verdict)]
        self._fill(work, step, state, row, column, _expected(question), "revealed")
        state.imperfect = True
        tries = "1 try" if misses == 1 else f"{misses} tries"
        title = column_title(column, work.setup(step).params)
        shown = (
            f"After {tries} the table shows the right value: row {row}, {title} ="
            f" {state.cells[(row, column)].text} (marked “shown”)."
        )
        if state.cursor + 1 < len(table_cells(step)):
            shown += " The next cells are worked from it."
        return self._next_cell(work, step, state, verdict, shown)

    def reveal(self, work: Work, step: IterateStep, state: TableState, question: Question) -> list[Event]:
        text = question.solution()
        row, column = table_cells(step)[state.cursor]
        self._fill(work, step, state, row, column, _expected(question), "revealed")
        state.imperfect = True
        state.cursor += 1
        events: list[Event] = [
            SolutionShown(f"Row {row}, {column_title(column, work.setup(step).params)}: {text}")
        ]
        if state.cursor >= len(table_cells(step)):
            state.status = "revealed"
            state.solution = text
        return with_plots(work, events)

    def path_questions(self, lesson: Lesson, step: IterateStep) -> list[tuple[str, Question]]:
        cells = table_cells(step)
        return [(f"row {row}, {column}", cell_question(lesson, step, row, column)) for row, column in cells]

    def grade_test(self, lesson: Lesson, step: IterateStep, test: LessonTest) -> tuple[Verdict, str]:
        """A test names its cell (``row``, ``column``) and may give the learner's θ in the row above
        (``carried``): the cell is then graded from that θ, as the tutor carries a learner's error forward."""
        assert test.row is not None and test.column is not None
        setup = setup_for(lesson.problem_for(step))
        exact = setup.point(test.row - 1 if test.column == "theta" else test.row)
        stand_on = carried_theta(exact, test.carried, step.param, setup.params)
        rule = number_rule(lesson, step)
        rounded = all(abs(a - b) <= rule.half_width(b) for a, b in zip(stand_on, exact, strict=True))
        question = cell_question(lesson, step, test.row, test.column, stand_on, rounded)
        return question.check(test.answer), question.answer()

    def view(self, work: Work, step: IterateStep, state: TableState, view: StepView) -> StepView:
        cells = table_cells(step)
        current = cells[state.cursor] if state.cursor < len(cells) else None
        setup = work.setup(step)
        rows = []
        for row in range(step.first, step.last + 1):
            line = [Cell(str(row), "given")]
            for column in step.columns:
                if row == step.first and column == "theta":
                    first = setup.point(row)
                    if step.param is not None:
                        index = setup.params.index(step.param)
                        first = first[index : index + 1]
                    line.append(Cell(", ".join(show(v, unicode=False) for v in first), "given"))
                elif (row, column) in state.cells:
                    line.append(state.cells[(row, column)])
                else:
                    line.append(Cell(None, "current" if (row, column) == current else "empty"))
            rows.append(tuple(line))
        params = work.setup(step).params
        headers = ("iteration", *(column_title(column, params) for column in step.columns))
        return replace(view, table=TableView(headers, tuple(rows)))

    def _next_cell(
        self, work: Work, step: IterateStep, state: TableState, verdict: Verdict, note: str
    ) -> list[Event]:
        state.cursor += 1
        complete = state.cursor >= len(table_cells(step))
        if complete:
            finished(work, step, state)
        return with_plots(work, [Feedback(verdict, note, complete=complete)])

    def _fill(
        self,
        work: Work,
        step: IterateStep,
        state: TableState,
        row: int,
        column: str,
        value: object,
        how: Literal["right", "revealed"],
    ) -> None:
        numbers = np.atleast_1d(np.asarray(value, dtype=np.float64))
        state.cells[(row, column)] = Cell(", ".join(show(v, unicode=False) for v in numbers), how)
        if column == "theta":
            state.rows[row] = work.path.keep_iterate(work.setup(step), row, numbers, step.param)


def _expected(question: Question) -> object:
    assert isinstance(question, NumberQuestion | CarriedQuestion)  # what cell_question builds
    return question.expected
