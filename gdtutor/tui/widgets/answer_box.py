"""The lesson screen's answer box: Textual's Input, with less of the screen woken by a key or an answer."""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class AnswerBox(Input):
    """Textual's Input keeps the width of its text as its scrollable (virtual) size, a reactive that asks for
    a layout of the whole screen whenever it changes: on every key typed, and when an answer is cleared. The
    box's own size never depends on its text (its width and height are set in CSS), and its horizontal
    scrolling reads the virtual size as it is, so a change of it asks only for a repaint of the box.

    Enter submits here and goes no further, and the answer goes straight to the screen, whose
    ``on_input_submitted`` takes it. In Textual the key would climb every container to the app, which then
    looks for its binding along the focus chain only to come back to this box's submit; and the Submitted
    message would climb the same containers: eight dispatches of an answer's ten (each a wake of a message
    loop) that do nothing."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0))

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()  # Input's own handler (and Widget's key dispatch) would only pass it on
            self._restart_blink()
            await self.action_submit()

    async def action_submit(self) -> None:
        validation = self.validate(self.value) if "submitted" in self.validate_on else None
        submitted = self.Submitted(self, self.value, validation)
        submitted.stop()  # taken where it is sent: the screen
        self.screen.post_message(submitted)
