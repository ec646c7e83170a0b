"""The footer of the tutor's screens: Textual's, with F12 NOT SAVING kept in sight.

The app's own keys come last in a footer, and at 80 columns a lesson's keys fill it, so the warning that
answers are not being saved would be cut off at the right. Here that key is docked at the footer's left
edge, ahead of the others, for as long as it shows (the app shows it only while not saving).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer

WHY_NOT_SAVING = "why_not_saving"  # the app's action behind F12


class SavingFooter(Footer):
    DEFAULT_CSS = """
    SavingFooter .-not-saving {
        dock: left;
    }
    """

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if getattr(widget, "action", None) == WHY_NOT_SAVING:
                widget.add_class("-not-saving")
            yield widget
