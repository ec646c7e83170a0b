"""Textual's CSS is parsed once per process: a second app (a session forked from the server's warm parent)
reuses the first one's rule sets and draws the same screen; another theme gets rules of its own."""

from __future__ import annotations

import pytest
from screens import screen_text, settle

pytestmark = pytest.mark.asyncio


async def test_a_second_app_reuses_the_parsed_rules_and_draws_the_same(fixture_app):
    drawn, rules = [], []
    for _ in range(2):
        app = fixture_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            drawn.append(screen_text(app))
            rules.append(list(app.stylesheet.rules))
    assert drawn[0] == drawn[1]
    assert "Pick a lesson" in drawn[0]
    assert len(rules[0]) == len(rules[1]) > 50  # the picker's, the app's and its widgets' defaults
    assert all(first is second for first, second in zip(rules[0], rules[1], strict=True))


async def test_another_theme_is_parsed_with_its_own_colours(fixture_app):
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dark = list(app.stylesheet.rules)
        app.theme = "ansi-dark"
        await settle(pilot)
        ansi = list(app.stylesheet.rules)
    assert len(dark) == len(ansi)
    assert not any(a is b for a, b in zip(dark, ansi, strict=True))
