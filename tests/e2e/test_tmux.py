"""The installed ``gdtutor`` in a real terminal (tmux, 80×24): keys in with send-keys, the screen read back.

The answers typed come from the engine's own questions for this learner's variant, never from the test.
"""

from __future__ import annotations

import os
from pathlib import Path

from gdtutor.engine import Tutor
from gdtutor.lessons.loading import load_lesson
from gdtutor.paths import builtin_lessons_dir
from gdtutor.progress.learner import lesson_seed
from gdtutor.progress.store import ProgressStore

LESSON = "descent-on-theta-squared"
LEARNER = "e2e-learner"


def learner_tutor(data_dir: Path) -> Tutor:
    """The lesson as this learner sees it (the app's seed, from their store's salt), to know what to type."""
    path = next(p for p in sorted(builtin_lessons_dir().glob("*.yaml")) if load_lesson(p).id == LESSON)
    with ProgressStore.open(LEARNER, data_dir) as store:
        salt = store.seed_salt()
    return Tutor(load_lesson(path), seed=lesson_seed(salt, LEARNER, LESSON))


def environment(data_dir: Path) -> dict[str, str]:
    return {
        "GDTUTOR_DATA_DIR": str(data_dir),
        "GDTUTOR_LEARNER": LEARNER,
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "LC_ALL": "C.UTF-8",
    }


def test_a_learner_answers_quits_and_resumes_in_a_real_terminal(terminal, gdtutor_command, tmp_path: Path):
    tutor = learner_tutor(tmp_path)
    total = tutor.view().total
    env = environment(tmp_path)
    terminal.start([gdtutor_command, LESSON], env)
    terminal.wait_for(f"step 1/{total}")
    terminal.keys("Enter")  # past the reading
    terminal.wait_for(f"step 2/{total}")
    tutor.next()

    question = tutor.question()
    wrong, explanation = next(
        (text, verdict.explanation)
        for _, text in question.mistaken_answers()
        if (verdict := question.check(text)).mistake
    )
    terminal.answer(wrong)
    screen = terminal.wait_for(explanation[:40])  # the feedback explains the mistake, without its id
    assert "✗" in screen

    # Markup typed as an answer is echoed as typed (in the box and in the feedback) and does nothing.
    terminal.answer("[@click=app.quit]")
    terminal.wait_until(lambda screen: screen.count("[@click=app.quit]") >= 2, "the answer echoed")
    assert terminal.running()

    terminal.answer(question.answer())
    screen = terminal.wait_for(f"step 3/{total}")
    assert "✓" in screen

    terminal.keys("C-q")
    terminal.wait_for_exit()

    # Back again with no lesson named: the picker opens on this lesson, Enter resumes at step 3.
    terminal.start([gdtutor_command], env)
    terminal.wait_for("Pick a lesson")
    terminal.wait_for("steps done")  # the full check has run and placed the picker on the last lesson
    terminal.keys("Enter")
    terminal.wait_for(f"step 3/{total}")
    terminal.keys("C-q")
