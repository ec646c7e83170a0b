"""Settings, theme choice and text preparation, without running the app."""

from __future__ import annotations

import json

from gdtutor.paths import user_data_dir
from gdtutor.tui.app import ANSI_THEME, RICH_THEME, default_theme
from gdtutor.tui.settings import Settings, load_settings, save_settings
from gdtutor.tui.text import unicode_math
from gdtutor.tui.widgets.prose import tag_bare_fences


def test_settings_round_trip_and_unknown_content_is_ignored():
    save_settings(Settings(theme="dracula"))
    assert load_settings() == Settings(theme="dracula")
    (user_data_dir() / "tui-settings.json").write_text(json.dumps({"theme": 3}))
    assert load_settings() == Settings()


def test_default_theme_assumes_no_truecolor_unless_told():
    assert default_theme({"TERM": "xterm-256color"}) == RICH_THEME
    assert default_theme({"TERM": "screen", "COLORTERM": "truecolor"}) == RICH_THEME
    # Over SSH COLORTERM is not forwarded and TERM may say nothing about colours.
    assert default_theme({"TERM": "xterm"}) == ANSI_THEME
    assert default_theme({}) == ANSI_THEME


def test_bare_code_fences_get_a_language_and_closing_fences_stay_bare():
    source = "text\n```\ntheta = 3\n```\n\n```python\nx = 1\n```\n"
    assert tag_bare_fences(source) == "text\n```text\ntheta = 3\n```\n\n```python\nx = 1\n```\n"


def test_math_becomes_unicode_and_plain_text_is_untouched():
    assert unicode_math(r"$\theta_1^2$ and $\alpha$") == "θ₁² and α"
    assert unicode_math("cost [bold] 3") == "cost [bold] 3"
