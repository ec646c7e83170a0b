"""Screens of the Textual front-end: picker, lesson, help, errors."""

from pathlib import Path

# The stylesheet of every screen but the picker, which the app's own (styles/app.tcss) holds alone: each of
# these screens names it as its CSS_PATH, so Textual reads it when the first of them opens, not at start.
SCREENS_CSS = Path(__file__).parent.parent / "styles" / "screens.tcss"
