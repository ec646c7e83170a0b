"""What the lesson screen's module loads: only what a lesson's first paint (``gdtutor LESSON``) needs."""

from __future__ import annotations

import subprocess
import sys

# Each is needed after the first paint only: the tutor's events, the page after a lesson, the labels of a
# choice's options (and the verdicts they bring), the writer the tutor records through.
AFTER_THE_PAINT = (
    "gdtutor.engine.events",
    "gdtutor.tui.screens.ending",
    "gdtutor.checking.choices",
    "gdtutor.checking.verdict",
    "gdtutor.progress.writer",
)


def test_the_lesson_screen_loads_nothing_its_first_paint_does_not_draw() -> None:
    script = (
        "import sys, gdtutor.tui.screens.lesson;"
        f"print(sorted(name for name in {AFTER_THE_PAINT!r} if name in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
