"""Lesson feedback's Markdown **bold** shows bold in the app, built from plain text, never as markup."""

from __future__ import annotations

from gdtutor.tui.text import with_bold


def bold_parts(text) -> list[str]:
    return [text.plain[span.start : span.end] for span in text.spans if span.style == "bold"]


def test_double_stars_around_words_become_bold_and_the_stars_go():
    shown = with_bold("flips the side. That is **divergence**, and **both** rules apply.")
    assert shown.plain == "flips the side. That is divergence, and both rules apply."
    assert bold_parts(shown) == ["divergence", "both"]


def test_markup_in_the_text_or_inside_the_stars_shows_as_typed():
    shown = with_bold("[red]x[/red] **[bold]y[/bold]** [@click=app.quit]")
    assert shown.plain == "[red]x[/red] [bold]y[/bold] [@click=app.quit]"
    assert bold_parts(shown) == ["[bold]y[/bold]"]


def test_stars_that_are_not_emphasis_stay():
    for text in ("theta**2 + x**3", "an open ** without its pair", "** spaced **", "2*theta*x"):
        shown = with_bold(text)
        assert shown.plain == text and not shown.spans
