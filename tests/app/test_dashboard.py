"""`gdtutor class watch` driven by Textual's pilot over a class made through the engine (see
tests/fixtures/classroom.py): it picks out the stuck learner, updates within two seconds of an answer, and
shows a learner's answers inert."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from fixtures.classroom import INJECTIONS, STALLED, STUCK, Clock, make_class, store_clock
from screens import settle, until  # settle alone can return between a poll's worker and its table
from textual.widgets import DataTable

from gdtutor.classroom.live import ClassWatch
from gdtutor.progress.store import Attempt, ProgressStore
from gdtutor.tui.dashboard import POLL_SECONDS, DashboardApp
from gdtutor.tui.screens.learner_attempts import LearnerAttemptsScreen

SIZE = (80, 24)
pytestmark = pytest.mark.asyncio


@pytest.fixture(scope="module")
def watched_class(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    return folder, make_class(folder)


def keys(table: DataTable) -> list[str]:
    return [row.value for row in table.rows]


def cells(table: DataTable) -> list[str]:
    return [str(cell) for row in table.rows for cell in table.get_row(row)]


async def test_the_stuck_learner_tops_the_needs_help_list(watched_class):
    folder, ledger = watched_class
    app = DashboardApp(folder, clock=lambda: ledger.now)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        help_table = app.screen.query_one("#needs-help", DataTable)
        assert keys(help_table) == [STUCK, STALLED]  # nobody else: the others left or are doing fine
        stuck = " ".join(str(cell) for cell in help_table.get_row(STUCK))
        assert "first-step" in stuck and "5 wrong answers" in stuck
        assert "no answer for 7 min" in " ".join(str(cell) for cell in help_table.get_row(STALLED))
        learners = app.screen.query_one("#learners", DataTable)
        assert len(keys(learners)) == 23
        active = [key for key in keys(learners) if "active" in str(learners.get_row(key)[1])]
        assert active == ["quin", "ray", STUCK]
        assert "unreadable" in str(learners.get_row("zed-damaged")[1])


async def test_an_answer_shows_within_two_seconds(watched_class, tmp_path):
    import shutil

    folder = tmp_path / "class"
    shutil.copytree(watched_class[0], folder)
    ledger = watched_class[1]
    app = DashboardApp(folder, clock=lambda: ledger.now)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        heat = app.screen.query_one("#heat", DataTable)
        key = "descent-on-theta-squared\0first-update"
        before = int(str(heat.get_row(key)[1]))
        clock = Clock(ledger.now - timedelta(seconds=30))
        with store_clock(clock), ProgressStore.open("ana", folder / "learners") as store:
            for _ in range(3):
                clock.tick(5)
                store.record_attempt(
                    Attempt("descent-on-theta-squared", "first-update", 1, "3.6", "wrong", "uphill")
                )
        answered = time.monotonic()
        while int(str(heat.get_row(key)[1])) == before:
            assert time.monotonic() - answered < 2.0, "the dashboard did not show the answers within 2 s"
            await pilot.pause(0.05)
        assert int(str(heat.get_row(key)[1])) == before + 3
        assert "uphill" in [str(column.label) for column in heat.columns.values()]
        help_table = app.screen.query_one("#needs-help", DataTable)
        while "ana" not in keys(help_table):
            assert time.monotonic() - answered < 2.0
            await pilot.pause(0.05)


async def test_enter_on_a_learner_shows_their_answers_on_the_step(watched_class):
    folder, ledger = watched_class
    app = DashboardApp(folder, clock=lambda: ledger.now)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        help_table = app.screen.query_one("#needs-help", DataTable)
        await until(pilot, lambda: keys(help_table)[:1] == [STUCK] and help_table.has_focus)
        await pilot.press("enter")  # the needs-help list has the focus, its first row is the stuck learner
        await until(pilot, lambda: isinstance(app.screen, LearnerAttemptsScreen))
        screen = app.screen
        assert isinstance(screen, LearnerAttemptsScreen) and screen.learner == STUCK
        attempts = screen.query_one("#learner-attempts", DataTable)
        typed = [a.answer for a in ledger.answers if a.learner == STUCK and a.step_id == "first-step"]
        await until(pilot, lambda: attempts.row_count == len(typed))
        assert [str(attempts.get_row(row)[1]) for row in attempts.rows] == [f"“{text}”" for text in typed]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LearnerAttemptsScreen)


async def test_typed_injections_are_shown_inert(watched_class):
    folder, ledger = watched_class
    app = DashboardApp(folder, clock=lambda: ledger.now)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        learners = app.screen.query_one("#learners", DataTable)
        learners.move_cursor(row=keys(learners).index("eli"))
        await pilot.press("enter")
        await settle(pilot)
        steps = app.screen.query_one("#learner-steps", DataTable)
        steps.move_cursor(row=keys(steps).index("descent-on-theta-squared\0derivative"))
        await settle(pilot)
        shown = cells(app.screen.query_one("#learner-attempts", DataTable))
        assert (
            "“\\x1b]52;c;aGVsbG8=\\x07”" in shown and "“\\x1b[2J”" in shown and f"“{INJECTIONS[0]}”" in shown
        )
        assert not any("\x1b" in cell or "\x07" in cell for cell in shown)


async def test_no_poll_starts_while_the_last_one_is_still_reading(watched_class):
    """A slow poll (a first one over a large class, a slow disk) is not joined by the next tick's: that one
    would redraw the class half read. The redraw comes once the poll has read it all."""
    folder, ledger = watched_class
    release = threading.Event()
    polls: list[float] = []

    class SlowWatch(ClassWatch):
        def poll(self) -> bool:
            polls.append(time.monotonic())
            release.wait(10)
            return super().poll()

    app = DashboardApp(folder, clock=lambda: ledger.now, watch=SlowWatch(folder, lambda: ledger.now))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(2.5 * POLL_SECONDS)  # two ticks while the first poll waits
        assert len(polls) == 1 and app.sub_title.startswith("0 learners")  # nothing drawn half read
        assert keys(app.screen.query_one("#learners", DataTable)) == []
        release.set()
        await until(pilot, lambda: STUCK in keys(app.screen.query_one("#needs-help", DataTable)))
        assert set(ledger.learners) <= set(keys(app.screen.query_one("#learners", DataTable)))
