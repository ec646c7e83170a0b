"""F4 on a small terminal where the lesson screen has no room for the plot: the plots over the whole screen.

The lesson screen underneath is left exactly as it was (question, answer and feedback in view), so closing
this brings the learner back to their work, never to a screen scrolled elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Footer

from gdtutor.tui.screens import SCREENS_CSS
from gdtutor.tui.widgets.plot import PlotPanel

if TYPE_CHECKING:
    from gdtutor.engine.plots import PlotSpec


class PlotScreen(ModalScreen[None]):
    """The current step's plots, as large as the terminal allows; F4 or Escape goes back to the step."""

    CSS_PATH = SCREENS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f4", "dismiss", "Back to the step", tooltip="Back to the question and your answer"),
        Binding("escape", "dismiss", "Back", show=False),
    ]

    def __init__(self, specs: Sequence[PlotSpec]) -> None:
        super().__init__()
        self._specs = list(specs)

    def compose(self) -> ComposeResult:
        yield PlotPanel(id="plot-screen-plots")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(PlotPanel).show(self._specs)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss()
