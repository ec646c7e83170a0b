"""The judges of answers load while the learner reads a lesson's first step, not on the first answer."""

from __future__ import annotations

import os
import subprocess
import sys


def test_the_judges_of_answers_load_while_the_first_step_is_read_not_on_the_first_answer(tmp_path):
    """In a fresh interpreter: the answer checkers (the descent questions' alone take about 10 ms to load)
    are loaded once the lesson's first step is on screen, before anything is answered."""
    wanted = ("gdtutor.checking.checker", "gdtutor.checking.gd_questions", "gdtutor.checking.formulas")
    script = f"""
import asyncio, sys
from gdtutor.lessons.folders import lesson_paths
from gdtutor.paths import builtin_lessons_dir
from gdtutor.progress.store import ProgressStore
from gdtutor.tui.app import GdtutorApp
from gdtutor.tui.course import Course

async def main():
    course = Course(lesson_paths([builtin_lessons_dir()], standard=False), ProgressStore.open)
    app = GdtutorApp(course, start_lesson="descent-on-theta-squared")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(150):
            await pilot.pause(0.02)
            if all(name in sys.modules for name in {wanted!r}):
                break
        print("answered:", app.screen.tutor.view().number > 1)
        print(sorted(name for name in {wanted!r} if name not in sys.modules))
    course.close()

asyncio.run(main())
"""
    env = {**os.environ, "GDTUTOR_DATA_DIR": str(tmp_path), "GDTUTOR_LEARNER": "reader"}
    command = [sys.executable, "-c", script]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    assert result.stdout.split("\n")[:2] == ["answered: False", "[]"]
