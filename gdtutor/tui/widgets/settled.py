"""Widgets that never scroll, laid out once when their size changes."""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static


class LaidOutOnce(Widget):
    """A widget that never scrolls: a layout that gives it a new size needs no second layout.

    Textual keeps a widget's scrollable (virtual) size as a reactive that asks for a layout when it changes,
    so every widget whose size a layout changed (the feedback, the prose of a new step) asks for a second
    layout of the whole screen, which finds the same sizes. A widget that never scrolls has no use for that
    size, so it is set without asking (as Textual itself does when it only scrolls).

    List it after the widget's Textual class (``class FeedbackPanel(Static, LaidOutOnce)``): Textual takes a
    widget's CSS type names, and so its default styles, from the first base of each class.
    """

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)


class SettledStatic(Static, LaidOutOnce):
    """A Static that never scrolls (a line of the lesson screen): a layout that gives it a new width, as a
    scroll bar coming or going does, does not ask for another."""
