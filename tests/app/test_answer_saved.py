"""An answer is acknowledged only once the store has committed it, and the commit runs off the event loop.

Another connection holds the learner's database locked, as a second writer would, so the store's commit has
to wait for it: meanwhile the app goes on (keys reach the answer box) but no verdict shows; once the lock
goes the verdict shows, and the attempt is already in the file.
"""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
from screens import settle
from textual import events
from textual.widgets import Input

from gdtutor.tui.screens.lesson import LessonScreen
from gdtutor.tui.widgets.feedback import FeedbackPanel

pytestmark = pytest.mark.asyncio

LESSON = "descent-on-theta-squared"


def attempts_in_file(path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as reader:
        return reader.execute("SELECT step_id, verdict FROM attempts ORDER BY id").fetchall()


async def until(condition, seconds: float = 20) -> None:
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("never happened")


async def test_the_verdict_waits_for_the_commit_while_the_app_goes_on(builtin_app):
    app = builtin_app(LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        await pilot.press("enter")  # past the reading, to the first question
        await settle(pilot)
        step = screen.tutor.view().step_id
        path = app.course.store.path
        answer_box = screen.query_one("#answer", Input)
        feedback = screen.query_one(FeedbackPanel)
        answer_box.value = screen.tutor.question().answer()

        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # the write lock: the store's commit waits for it
        try:
            app.post_message(events.Key("enter", "\r"))
            await until(lambda: screen.tutor.state.attempts == 1)  # checked, handed to the store's thread
            app.post_message(events.Key("z", "z"))  # the loop still reads keys into the answer box
            await until(lambda: answer_box.value.endswith("z"))
            await asyncio.sleep(0.3)
            assert feedback.plain == ""
            assert attempts_in_file(path) == []
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        await until(lambda: feedback.plain != "")
        assert feedback.plain.startswith("✓")
        assert attempts_in_file(path) == [(step, "correct")]
