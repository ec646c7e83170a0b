"""Everything a front-end draws for the current step, as plain data (text is plain Unicode, never markup).

Prompts and hints are Markdown with their ``$…$`` math already turned into Unicode; front-ends that do not
render Markdown can print them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from gdtutor.checking import Verdict

StepStatus = Literal["open", "solved", "revealed", "skipped", "read"]

# Where a step stands, in words for the learner (a review, the answers on a step).
STATUS_WORDS: dict[StepStatus, str] = {
    "solved": "you solved it",
    "revealed": "the tutor showed the answer",
    "skipped": "skipped",
    "open": "not finished",
    "read": "read",
}


@dataclass(frozen=True)
class Cell:
    """One cell of an iterate table: ``text`` as the learner (or the tutor) filled it, None while empty.
    ``state``: "given", "right", "revealed" (shown by the tutor), "empty" or "current"."""

    text: str | None
    state: Literal["given", "right", "revealed", "empty", "current"]


@dataclass(frozen=True)
class TableView:
    columns: tuple[str, ...]  # headers, e.g. ("iteration", "θ", "α·dJ/dθ")
    rows: tuple[tuple[Cell, ...], ...]  # first cell of each row is the iteration number (state "given")


@dataclass(frozen=True)
class DataView:
    """The training set of the current step, as written in the lesson (raw, never scaled), for the learner
    to read: ``source`` says where it came from (the data file's name, or "the lesson")."""

    source: str
    columns: tuple[str, ...]  # "x" (or "x₁", "x₂" …) then "y"
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class LineView:
    """A derivation line: its math (Unicode), the rules once answered (or revealed), and whether it is the
    line being asked about."""

    math: str
    rules: str | None
    current: bool
    note: str = ""


@dataclass(frozen=True)
class AnswerView:
    """One answer the learner gave on a step, for them to look back on: ``answer`` exactly as typed (plain
    text: a front-end escapes it), ``verdict`` the checker's one line ("Not quite: you added the step …"),
    which names the mistake and never the right value, and ``when`` in words ("2026-12-01 17:20 UTC", or ""
    when the record has no time)."""

    answer: str
    status: str  # "correct" | "almost" | "wrong" | "invalid"
    verdict: str
    when: str


@dataclass(frozen=True)
class StepView:
    lesson_id: str
    lesson_title: str
    step_id: str
    kind: str
    number: int  # 1-based position in the lesson
    total: int
    prompt: str
    asking: str  # what to type now: "θ after iteration 1, a number" ...; "" for a read step
    problem: str  # the problem in one line: "J(θ) = θ², start θ = 3, α = 0.1"
    options: tuple[str, ...] = ()  # choice options, or the rule list of a derivation, numbered from 1
    table: TableView | None = None
    lines: tuple[LineView, ...] = ()
    hints: tuple[str, ...] = ()  # the hints revealed so far
    hints_total: int = 0
    attempts: int = 0
    status: StepStatus = "open"
    last: Verdict | None = None
    solution: str | None = None  # the worked solution, once shown
    skills: tuple[str, ...] = field(default_factory=tuple)
    has_data: bool = False  # the step's problem is a data set the learner can look at (Tutor.data())
    answers: tuple[AnswerView, ...] = ()  # every answer given on this step, oldest first (Tutor.view)

    @property
    def is_question(self) -> bool:
        return self.kind != "read"

    @property
    def complete(self) -> bool:
        """Nothing left to answer here: the front-end offers next()."""
        return self.status != "open"

    @property
    def enter_goes_on(self) -> bool:
        """Enter (with nothing to answer) means next(): a read step, or a step already finished."""
        return not self.is_question or self.complete
