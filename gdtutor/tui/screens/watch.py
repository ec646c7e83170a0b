"""The dashboard's main screen: who needs help (ranked by evidence), every learner, mistakes by step.

Every string from a store (names, lesson and step ids, mistake ids, answers) is shown as plain ``Text``
with control characters escaped, never as markup.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from gdtutor.checking.plaintext import escape_controls
from gdtutor.classroom.live import ClassWatch, LearnerLive, StepHeat
from gdtutor.tui.screens.learner_attempts import LearnerAttemptsScreen
from gdtutor.tui.widgets.class_tables import ago, heat_cell, plain, replace_rows

HEAT_COLUMNS = 6  # the most common mistakes in the class get a column each
NAME_WIDTH = 18


class WatchScreen(Screen[None]):
    """Needs help on top; below, F2 every learner, F3 the class's mistakes per step. Enter opens a learner."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "tab('learners-tab')", "Learners", tooltip="Every learner: active or not, and where"),
        Binding("f3", "tab('heat-tab')", "Mistakes", tooltip="The class's named mistakes on each step"),
        Binding("f4", "focus_help", "Needs help", tooltip="Move to the needs-help list"),
        Binding(
            "enter",
            "open_learner",
            "Answers",
            priority=True,
            tooltip="The highlighted learner's answers, step by step",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Needs help"), id="help-title")
        yield DataTable(id="needs-help", cursor_type="row", zebra_stripes=True)
        with TabbedContent(initial="learners-tab"):
            with TabPane("Learners", id="learners-tab"):
                yield DataTable(id="learners", cursor_type="row", zebra_stripes=True)
            with TabPane("Mistakes by step", id="heat-tab"):
                yield DataTable(id="heat", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#needs-help", DataTable).add_columns("learner", "on step", "evidence")
        self.query_one("#learners", DataTable).add_columns(
            "learner", "now", "lesson", "step", "answers", "last"
        )
        self.query_one("#needs-help", DataTable).focus()
        self._ready = True
        self.show_class(self.app.class_watch)  # type: ignore[attr-defined]

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one("#learners" if tab == "learners-tab" else "#heat", DataTable).focus()

    def action_focus_help(self) -> None:
        self.query_one("#needs-help", DataTable).focus()

    def action_open_learner(self) -> None:
        focused = self.focused
        if isinstance(focused, DataTable) and focused.id in ("needs-help", "learners") and focused.row_count:
            self._open(focused.coordinate_to_cell_key(focused.cursor_coordinate).row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row of a focused table (the table takes Enter before the screen's binding does)."""
        if event.data_table.id in ("needs-help", "learners"):
            self._open(event.row_key.value)

    def _open(self, learner: str | None) -> None:
        if learner:
            self.app.push_screen(LearnerAttemptsScreen(learner))

    _ready = False

    def show_class(self, watch: ClassWatch) -> None:
        if not self._ready:  # the first poll can finish before the tables have their columns
            return
        now = watch.clock()
        learners = watch.learners()
        active = sum(watch.is_active(learner) for learner in learners)
        word = "connected" if watch.served else "active"
        self.app.sub_title = f"{len(learners)} learners · {active} {word} · {now:%H:%M:%S}"
        try:
            self._show_help(watch)
            self._show_learners(watch, learners, now)
            self._show_heat(watch.heat())
        except NoMatches:  # a poll that finished while the app was closing: the tables are already gone
            return

    def _show_help(self, watch: ClassWatch) -> None:
        table = self.query_one("#needs-help", DataTable)
        cases = watch.needs_help()
        rows = [
            (
                case.learner,
                [plain(case.learner, NAME_WIDTH), plain(case.step_id, 16), plain("; ".join(case.reasons))],
            )
            for case in cases
        ]
        replace_rows(table, rows)
        title = f"Needs help ({len(cases)})" if cases else "Needs help: nobody right now"
        self.query_one("#help-title", Static).update(Text(title, style="bold"))

    def _show_learners(self, watch: ClassWatch, learners: list[LearnerLive], now: datetime) -> None:
        rows = []
        for learner in learners:
            if learner.problem:
                state = Text("unreadable", style="bold red")
            elif watch.is_active(learner):
                state = Text("● connected" if watch.served else "● active", style="bold green")
            else:
                state = Text("idle", style="dim")
            rows.append(
                (
                    learner.name,
                    [
                        plain(learner.name, NAME_WIDTH),
                        state,
                        plain(learner.lesson_id, 14),
                        plain(learner.step_id, 16),
                        Text(str(learner.attempts)),
                        Text(ago(now, learner.last_answer)),
                    ],
                )
            )
        replace_rows(self.query_one("#learners", DataTable), rows)

    def _show_heat(self, heat: list[StepHeat]) -> None:
        table = self.query_one("#heat", DataTable)
        totals: dict[str, int] = {}
        for step in heat:
            for mistake, count in step.mistakes.items():
                totals[mistake] = totals.get(mistake, 0) + count
        mistakes = sorted(totals, key=lambda m: (-totals[m], m))[:HEAT_COLUMNS]
        header = ["step", "answers", "wrong", *mistakes]
        if [str(column.label) for column in table.columns.values()] != [escape_controls(h) for h in header]:
            table.clear(columns=True)
            for label in header:
                table.add_column(plain(label, 16))
        rows = [
            (
                f"{step.lesson_id}\0{step.step_id}",
                [
                    plain(step.step_id, 16),
                    Text(str(step.answers)),
                    heat_cell(step.wrong, step.answers),
                    *(heat_cell(step.mistakes.get(m, 0), step.answers) for m in mistakes),
                ],
            )
            for step in heat
        ]
        replace_rows(table, rows)
