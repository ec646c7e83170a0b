"""Widgets that never scroll, laid out once when their size changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.geometry import Size
from textual.visual import VisualType, visualize
from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.css.styles import RulesMap


def height_at_width(widget: Widget, content: VisualType) -> int:
    """How many lines ``content`` (never markup) takes in ``widget`` at the width it has now (-1 before it is
    laid out)."""
    width = widget.content_size.width
    rules = cast("RulesMap", widget.styles)  # what Textual hands a visual when it measures one
    return visualize(widget, content, markup=False).get_height(rules, width) if width else -1


def same_height(widget: Widget, content: VisualType) -> bool:
    """Whether ``widget`` is shown and ``content`` would take exactly the lines it has: then putting it in its
    place needs a repaint of the widget, not a layout of the whole screen."""
    return widget.display and height_at_width(widget, content) == widget.content_size.height


class LaidOutOnce(Widget):
    """A widget whose scrollable size only a layout changes: a layout that gives it a new size needs no second
    layout.

    Textual keeps a widget's scrollable (virtual) size as a reactive that asks for a layout when it changes,
    so every widget whose size a layout changed (the feedback, the prose of a new step, the work column whose
    content grew) asks for a second layout of the whole screen, which finds the same sizes. A widget that
    never scrolls has no use for that size; a scrolling column takes its size from the layout that just
    placed its children, and still updates its scroll bars. So it is set without asking (as Textual itself
    does when it only scrolls).

    List it after the widget's Textual class (``class FeedbackPanel(Static, LaidOutOnce)``): Textual takes a
    widget's CSS type names, and so its default styles, from the first base of each class.
    """

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)


class SettledStatic(Static, LaidOutOnce):
    """A Static that never scrolls (a line of the lesson screen): a layout that gives it a new width, as a
    scroll bar coming or going does, does not ask for another; and new content of as many lines as the old
    is a repaint of it, not a layout of the screen."""

    def show(self, content: VisualType) -> bool:
        """Show ``content``; whether that asked for a layout (it takes another number of lines)."""
        resized = not same_height(self, content)
        self.update(content, layout=resized)
        return resized
