"""Practice in the app: round after round on the weakest skill, its mastery shown, until every skill is
mastered; answers come from the engine's own questions."""

from __future__ import annotations

import re

import pytest
from screens import notifications, settle

from gdtutor.progress.mastery import MASTERY_THRESHOLD
from gdtutor.progress.skills import skill_name
from gdtutor.tui.screens.picker import PickerScreen
from gdtutor.tui.screens.practice import PracticeScreen
from gdtutor.tui.widgets.feedback import FeedbackPanel
from gdtutor.tui.widgets.lesson_header import LessonHeader

pytestmark = pytest.mark.asyncio


async def finish_round_right(pilot, screen: PracticeScreen) -> None:
    for _ in range(50):
        if screen.tutor.finished:
            return
        view = screen.tutor.view()
        if view.is_question and not view.complete:
            screen.query_one("#answer").value = screen.tutor.question().answer()
        await pilot.press("enter")
        await pilot.pause()
    raise AssertionError("the round did not finish")


def title(screen: PracticeScreen) -> str:
    return screen.query_one(LessonHeader).title


async def test_practice_goes_round_after_round_until_every_skill_is_mastered(fixture_app):
    app = fixture_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        skills = app.course.skills()
        assert skills
        await pilot.press("f2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        # in words, as gdtutor progress says it
        assert title(screen) == f"Practice: {skill_name(skills[0])}, not practised yet"
        said: list[str] = []
        for _ in range(30):
            first_tutor = screen.tutor
            await finish_round_right(pilot, screen)
            note = screen.query_one(FeedbackPanel).plain
            said.append(note)
            # how mastery moved, and what the percentage means
            assert re.search(r"mastery (\d+% → \d+%|\d+% after your first round) \(95% is mastered", note)
            if "Every skill is mastered" in note:
                break
            await pilot.press("enter")  # the next round, with new numbers, in the same screen
            await pilot.pause()
            assert app.screen is screen and screen.tutor is not first_tutor
            after = re.search(r"mastery (?:\d+% → )?(\d+%)", note).group(1)
            assert title(screen) == f"Practice: {skill_name(skills[0])}, mastery {after}"
            assert screen.tutor.view().number == 1 and not screen.tutor.finished
        else:
            raise AssertionError("practice never ended")
        assert len(said) > 1
        for skill in skills:
            assert any(f"You have mastered {skill_name(skill)}." in note for note in said)
        mastery = app.course.store.mastery()
        assert all(mastery[skill].p_known >= MASTERY_THRESHOLD for skill in skills)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        assert not app.course.store.lesson_state("fixture-descent").done  # practice leaves lessons alone

        app.open_practice()
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)  # nothing left: the app says so instead
        app.open_practice("no-such-skill")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        told = notifications(app)
        assert "Every skill is mastered: there is nothing left to practise." in told
        assert any("the skills to practise are: update-rule" in message for message in told)
