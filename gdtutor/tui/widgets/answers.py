"""The learner's answers on a step, as a small table: each answer exactly as typed (plain text, never markup),
how it was judged in words (the named mistake, never the right value), and when."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from gdtutor.engine.views import AnswerView
from gdtutor.safe_text import excerpt

ANSWER_SHOWN = 80  # characters of a long answer shown (it is cut with "…")
VERDICT_STYLES = {"correct": "green", "almost": "yellow", "wrong": "red", "invalid": "dim"}


def answers_renderable(answers: Sequence[AnswerView]) -> RenderableType:
    """Numbered answers, oldest first; the verdict wraps under itself so the answers stay lined up."""
    if not answers:
        return Text("You have given no answer on this step yet.", style="italic")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(overflow="fold", max_width=24)
    grid.add_column(ratio=1)
    grid.add_column(no_wrap=True, style="dim")
    for number, answer in enumerate(answers, start=1):
        grid.add_row(
            Text(f"{number}.", style="bold"),
            Text(excerpt(answer.answer, ANSWER_SHOWN)),
            Text(answer.verdict, style=VERDICT_STYLES.get(answer.status, "")),
            Text(answer.when[5:] if answer.when[:4].isdigit() else answer.when),
        )
    return grid
