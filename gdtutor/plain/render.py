"""Steps and events as plain lines of text. Everything from a lesson file or an answer passes ``clean_*``;
what a lesson author wrote in Markdown passes ``prose_lines`` (markers removed) first, what a learner typed
never does."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from gdtutor.checking.choices import option_label
from gdtutor.engine.events import (
    Event,
    Feedback,
    HintShown,
    LessonFinished,
    Notice,
    SolutionShown,
)
from gdtutor.engine.views import STATUS_WORDS, AnswerView, Cell, DataView, StepView, TableView
from gdtutor.lessons.glossary import GLOSSARY
from gdtutor.plain.markdown import markdown_lines
from gdtutor.plain.text import clean_line

COMMANDS = ("hint", "solution", "skip", "back", "show", "plot", "help", "quit")

HELP = """Type your answer and press Enter. Numbers: 2.4, -0.5, 1e-3. Several numbers: 2.4, -1.
Formulas: 2*theta, theta^2, 1/m * sum((h - y)*x) (theta1 is θ₁).
Commands:
  hint       the next hint
  solution   the worked solution
  skip       leave this step and go on
  back       the previous step
  next       go on (or just press Enter) once a step is done
  show       show this step again (with its table so far)
  glossary   what the symbols and words mean (m, x(i), h, theta, alpha, J, ...)
  plot       draw the plots of this step with characters
  data       show the lesson's data set as a table
  answers    the answers you gave on this step, with how each was judged
  quit       stop here (your progress is kept)"""


def step_lines(view: StepView) -> list[str]:
    lines = ["", f"Step {view.number} of {view.total}", ""]
    lines += prose_lines(view.prompt.strip())
    if view.is_question:
        lines += ["", clean_line(f"Problem: {view.problem}")]
    if view.kind == "choice":
        options = enumerate(view.options)
        lines.append("")
        for index, option in options:
            lines += prose_lines(option, first=f"  {option_label(index)}) ")
    if view.table is not None:
        lines += ["", *table_lines(view.table)]
    if view.lines:
        lines.append("")
        for number, line in enumerate(view.lines, 1):
            rules = f"   [{line.rules}]" if line.rules else ("   [?]" if line.current else "")
            lines.append(clean_line(f"  {number}. {line.math}{rules}"))
        lines += ["", "Rules:"] + [clean_line(f"  {i}) {rule}") for i, rule in enumerate(view.options, 1)]
    for index, hint in enumerate(view.hints, 1):
        lines += prose_lines(hint, first=f"Hint {index}: ")
    return lines


def answer_lines(answers: Sequence[AnswerView]) -> list[str]:
    """The learner's answers on a step, oldest first: each as typed, how it was judged, and when."""
    if not answers:
        return ["You have given no answer on this step yet."]
    count = len(answers)
    lines = [f"Your {count} answer{'s' * (count != 1)} on this step, oldest first:"]
    for number, answer in enumerate(answers, 1):
        when = f"  ({answer.when})" if answer.when else ""
        lines.append(clean_line(f"  {number}. {answer.answer}  ->  {answer.verdict}{when}"))
    return lines


def review_lines(views: Sequence[StepView]) -> list[str]:
    """A finished lesson to read back: every step as the learner left it, with their answers on it."""
    lines = ["Review: every step with your answers (nothing you do here is recorded)."]
    for view in views:
        lines += step_lines(view)
        if view.is_question:
            lines += ["", clean_line(f"This step: {STATUS_WORDS[view.status]}.")]
            lines += answer_lines(view.answers)
            if view.solution:
                lines += prose_lines(view.solution, first="Solution: ")
    return [*lines, "", "End of the review."]


def prose_lines(text: str, first: str = "") -> list[str]:
    """An author's Markdown as clean plain lines, the first one after ``first`` (e.g. "Hint 1: ")."""
    lines = [clean_line(line.replace("\t", "    ")) for line in markdown_lines(text)] or [""]
    lines[0] = clean_line(first) + lines[0]
    return lines


def glossary_lines() -> list[str]:
    """The glossary, one entry per paragraph: its heading, then the meaning indented."""
    lines = ["Glossary"]
    for entry in GLOSSARY:
        lines += ["", entry.heading()]
        lines += ["    " + line for line in textwrap.wrap(entry.meaning, width=72)]
    return lines


def table_lines(table: TableView) -> list[str]:
    return aligned(table.columns, [[cell_text(cell) for cell in row] for row in table.rows])


def aligned(columns: Sequence[str], texts: Sequence[Sequence[str]]) -> list[str]:
    """A header and rows lined up in columns with spaces, indented two."""
    widths = [max(len(header), *(len(row[i]) for row in texts)) for i, header in enumerate(columns)]
    header = " | ".join(h.ljust(w) for h, w in zip(columns, widths, strict=True))
    lines = ["  " + header, "  " + "-+-".join("-" * w for w in widths)]
    for row in texts:
        lines.append("  " + " | ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)))
    return [clean_line(line.rstrip()) for line in lines]


def data_lines(data: DataView | None) -> list[str]:
    """The step's data set as a table, with where it came from; or why there is none."""
    if data is None:
        return ["This step has no data set: it minimizes a formula."]
    count = len(data.rows)
    heading = f"The data ({count} example{'s' * (count != 1)}, from {data.source}):"
    return [clean_line(heading), *aligned(data.columns, data.rows)]


def cell_text(cell: Cell) -> str:
    """A cell as the table shows it: a value the tutor filled in says so."""
    if cell.text is None:
        return "?" if cell.state == "current" else ""
    return f"{cell.text} (shown)" if cell.state == "revealed" else cell.text


def asking_line(view: StepView) -> str:
    """What the learner can do now: answer (and how), or go on."""
    if not view.is_question or view.status == "read":
        return "(Press Enter to go on.)"
    if view.complete and view.solution:
        return clean_line(f"(Done. Solution: {view.solution}) Press Enter to go on.")
    if view.complete:
        return clean_line(f"(Done: {view.status}.) Press Enter to go on.")
    commands = (*COMMANDS[:6], "data", *COMMANDS[6:]) if view.has_data else COMMANDS
    return clean_line(f"Answer with {view.asking}. (commands: {', '.join(commands)})")


def event_lines(event: Event) -> list[str]:
    if isinstance(event, Feedback):
        verdict = event.verdict
        lines = []
        if verdict.reading:
            lines.append(clean_line(f"({verdict.reading})"))
        lines.append(clean_line(verdict.message))
        if verdict.explanation and verdict.status == "invalid":
            # the learner's text and a caret under it: each line as it is, so the caret stays in its column
            lines += [clean_line(line) for line in verdict.explanation.split("\n")]
        elif verdict.explanation:
            lines += prose_lines(verdict.explanation)
        if event.note:
            lines.append(clean_line(event.note))
        return lines
    if isinstance(event, HintShown):
        return prose_lines(event.text, first=f"Hint {event.index} of {event.total}: ")
    if isinstance(event, SolutionShown):
        return prose_lines(event.text, first="Solution: ")
    if isinstance(event, Notice):
        return [clean_line(event.text)]
    if isinstance(event, LessonFinished):
        return [
            "",
            clean_line(
                f"Lesson finished: {event.solved} of {event.questions} questions solved, "
                f"{event.revealed} with the solution shown, {event.skipped} skipped."
            ),
        ]
    return []
