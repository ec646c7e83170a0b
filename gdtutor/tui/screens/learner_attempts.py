"""One learner's answers, step by step: the steps they answered lately, and every answer on the one
highlighted (time, the answer as typed but made inert, verdict, named mistake, hints)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from gdtutor.checking.plaintext import quote
from gdtutor.classroom.live import ClassWatch
from gdtutor.tui.widgets.class_tables import plain, replace_rows

if TYPE_CHECKING:
    from gdtutor.tui.dashboard import DashboardApp

VERDICT_STYLES = {"correct": "green", "almost": "yellow", "wrong": "red", "invalid": "dim"}


class LearnerAttemptsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the class"),
        Binding("f5", "reload", "Reload", tooltip="Read this learner's answers again"),
    ]

    def __init__(self, learner: str) -> None:
        super().__init__()
        self.learner = learner
        self._steps: list[tuple[str, str]] = []

    @property
    def dashboard(self) -> DashboardApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(plain(f"{self.learner}: steps answered lately (newest first)"), id="learner-title")
        yield DataTable(id="learner-steps", cursor_type="row")
        yield Static(Text("Answers on the highlighted step"), id="attempts-title")
        yield DataTable(id="learner-attempts", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#learner-steps", DataTable).add_columns("lesson", "step", "answers", "wrong")
        self.query_one("#learner-attempts", DataTable).add_columns(
            "time", "answer", "verdict", "mistake", "hints"
        )
        self._ready = True
        self.show_class(self.dashboard.class_watch)
        self.query_one("#learner-steps", DataTable).focus()

    _ready = False

    def show_class(self, watch: ClassWatch) -> None:
        if not self._ready:  # a poll can finish before the tables have their columns
            return
        problem = next((x.problem for x in watch.learners() if x.name == self.learner and x.problem), None)
        if problem:
            self.query_one("#learner-title", Static).update(
                plain(f"{self.learner}: cannot be read ({problem})")
            )
        steps = watch.steps_of(self.learner)
        if [(lesson, step) for lesson, step, _, _ in steps] == self._steps:
            return
        self._steps = [(lesson, step) for lesson, step, _, _ in steps]
        rows = [
            (f"{lesson}\0{step}", [plain(lesson, 24), plain(step, 20), Text(str(answers)), Text(str(wrong))])
            for lesson, step, answers, wrong in steps
        ]
        replace_rows(self.query_one("#learner-steps", DataTable), rows)
        self.action_reload()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "learner-steps":
            self.action_reload()

    def action_reload(self) -> None:
        steps = self.query_one("#learner-steps", DataTable)
        table = self.query_one("#learner-attempts", DataTable)
        table.clear()
        if not steps.row_count:
            return
        key = str(steps.coordinate_to_cell_key(steps.cursor_coordinate).row_key.value)
        lesson_id, step_id = key.split("\0", 1)
        for attempt in self.dashboard.class_watch.attempts_on(self.learner, lesson_id, step_id):
            table.add_row(
                Text(attempt.time[11:19]),
                Text(quote(attempt.answer, 30), no_wrap=True),
                Text(attempt.verdict, style=VERDICT_STYLES.get(attempt.verdict, "")),
                plain(attempt.mistake_id or "–", 20),
                Text(str(attempt.hints_used)),
            )
