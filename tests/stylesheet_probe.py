"""What the tests of the app's start note of its stylesheet: which screens its rules name, which rules the
first frame had, and every restyle of a whole tree (Textual's ``Stylesheet.update``)."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode

from gdtutor.tui.app import GdtutorApp


def screens_with_rules(app: App[object]) -> set[str]:
    """The type each of the app's rules starts with (ours start with their screen's type)."""
    return {
        selector.css.split()[0].split(".")[0]
        for rule in app.stylesheet.rules
        for selector in rule.selector_set
    }


def note_first_frame_rules(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """Filled with ``screens_with_rules`` as the app is about to read the other screens' rules, once its first
    frame is shown."""
    noted: list[set[str]] = []
    read_other_rules = GdtutorApp._read_other_rules

    async def noting(self: GdtutorApp) -> None:
        noted.append(screens_with_rules(self))
        await read_other_rules(self)

    monkeypatch.setattr(GdtutorApp, "_read_other_rules", noting)
    return noted


def note_restyles(monkeypatch: pytest.MonkeyPatch) -> list[DOMNode]:
    """Filled with the root of every whole tree the stylesheet restyles."""
    noted: list[DOMNode] = []
    update = Stylesheet.update

    def noting(self: Stylesheet, root: DOMNode, animate: bool = False) -> None:
        noted.append(root)
        update(self, root, animate)

    monkeypatch.setattr(Stylesheet, "update", noting)
    return noted
