"""Screens of the Textual front-end: picker, lesson, help, errors."""

from pathlib import Path

STYLES = Path(__file__).parent.parent / "styles"
# The lesson screen's stylesheet and that of every other screen but the picker, which the app's own
# (styles/app.tcss) holds alone: each screen names its file as its CSS_PATH, so that a start parses only the
# rules of the screen it shows; the app reads the others once its first frame is shown (GdtutorApp.on_ready).
LESSON_CSS = STYLES / "lesson.tcss"
SCREENS_CSS = STYLES / "screens.tcss"
