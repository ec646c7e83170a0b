"""The footer of the tutor's screens: Textual's, with F12 NOT SAVING kept in sight, rebuilt only when its
keys change.

The app's own keys come last in a footer, and at 80 columns a lesson's keys fill it, so the warning that
answers are not being saved would be cut off at the right. Here that key is docked at the footer's left
edge, ahead of the others, for as long as it shows (the app shows it only while not saving).

Textual rebuilds its footer (unmounts every key and mounts new ones, 25–50 ms on a loaded machine) each
time the screen's keys are refreshed, which happens on every focus change and ``refresh_bindings``, most
often with the same keys as before; and each new key is restyled twice, as it starts compact and is then
bound to the footer's style. Here the footer is rebuilt only when what it shows changed, and each key
starts in the footer's style.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

WHY_NOT_SAVING = "why_not_saving"  # the app's action behind F12


class SavingFooter(Footer):
    DEFAULT_CSS = """
    SavingFooter .-not-saving {
        dock: left;
    }
    """

    _shown: Hashable = None  # what the keys composed show
    _rebuilding = False  # a rebuild is scheduled: it will show the keys in force when it runs

    def compose(self) -> ComposeResult:
        self._rebuilding = False
        if self._bindings_ready:
            self._shown = self._keys_shown()
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget._reactive_connect:  # bound to the footer's style
                widget.set_reactive(FooterKey.compact, self.compact)
                # The class its watcher gives it, given before it is first styled: the binding's first call
                # of the watcher (after the mount) then changes nothing, instead of restyling every key.
                widget.set_class(self.compact, "-compact", update=False)
            if getattr(widget, "action", None) == WHY_NOT_SAVING:
                widget.add_class("-not-saving")
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        if not (self.is_attached and screen is self.screen and screen.app.app_focus):
            super().bindings_changed(screen)
            return
        if self._rebuilding or (self._bindings_ready and self._keys_shown() == self._shown):
            return
        self._rebuilding = True
        super().bindings_changed(screen)

    def _keys_shown(self) -> Hashable:
        """Everything of the screen's keys that the footer draws (hidden keys draw nothing)."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )
