"""`gdtutor practice` on a terminal opens practice in the app; pipes and --plain keep the line dialogue
(tests/unit/progress/test_practice_command.py)."""

from __future__ import annotations

import os
from pathlib import Path


def environment(data_dir: Path) -> dict[str, str]:
    return {
        "GDTUTOR_DATA_DIR": str(data_dir),
        "GDTUTOR_LEARNER": "term-learner",
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "LC_ALL": "C.UTF-8",
    }


def test_practice_opens_in_the_app_on_a_terminal(terminal, gdtutor_command, tmp_path: Path):
    terminal.start([gdtutor_command, "practice"], environment(tmp_path))
    # a new learner starts where the course does
    screen = terminal.wait_for("Practice: the power rule", timeout=60)
    assert "Practising the power rule" not in screen  # the line dialogue's words
    terminal.keys("C-q")
    terminal.wait_until(lambda _screen: not terminal.running(), "gdtutor quitting", timeout=30)


def test_practice_plain_stays_a_line_dialogue_on_a_terminal(terminal, gdtutor_command, tmp_path: Path):
    terminal.start([gdtutor_command, "practice", "--plain"], environment(tmp_path))
    terminal.wait_for("Practising the power rule (not practised yet)", timeout=60)
    terminal.type("quit")
    terminal.keys("Enter")
    terminal.wait_until(lambda _screen: not terminal.running(), "gdtutor quitting", timeout=30)
