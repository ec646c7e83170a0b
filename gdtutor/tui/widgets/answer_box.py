"""The lesson screen's answer box: Textual's Input, without a layout of the whole screen on every key."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class AnswerBox(Input):
    """Textual's Input keeps the width of its text as its scrollable (virtual) size, a reactive that asks for
    a layout of the whole screen whenever it changes: on every key typed, and when an answer is cleared. The
    box's own size never depends on its text (its width and height are set in CSS), and its horizontal
    scrolling reads the virtual size as it is, so a change of it asks only for a repaint of the box."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0))
