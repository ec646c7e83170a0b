"""The command palette's gdtutor commands (ctrl+p): lessons, practice, glossary, resets, themes.

Lesson titles come from lesson files, so they are shown as plain ``Content``: the palette would read a
``str`` as markup. The help line is always markup, so it only ever holds the fixed texts below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from gdtutor.progress.skills import skill_name

Command = tuple[str, Callable[[], None], str]


def highlighted(matcher: Matcher, candidate: str) -> Content:
    """The candidate as plain text with the matched letters styled (``Matcher.highlight`` parses markup)."""
    content = Content(candidate)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class CourseCommands(Provider):
    """Commands for the lessons in the course and for the learner's settings."""

    def _commands(self) -> Iterator[Command]:
        from gdtutor.tui.app import GdtutorApp

        app = self.app
        assert isinstance(app, GdtutorApp)  # the only app this provider is registered with
        entries = app.course.entries()
        for entry in entries:
            yield f"Open lesson: {entry.title}", partial(app.open_lesson, entry.id), "Start or resume it"
        yield "Practice: the skills you have not mastered", app.open_practice, "Questions picked for you"
        yield "Glossary: what the symbols mean", app.action_glossary, "m, x⁽ⁱ⁾, h, θ, α, J, ∂, ∇, Σ, MSE (F7)"
        show_answers = getattr(self.screen, "action_answers", None)  # a lesson screen's F9
        if show_answers is not None:
            yield (
                "Your answers on this step",
                show_answers,
                "Each answer as typed, how it was judged and when (F9)",
            )
        for skill in app.course.skills():
            yield (
                f"Practice: {skill_name(skill)}",
                partial(app.open_practice, skill),
                "Rounds until it is mastered",
            )
        for entry in entries:
            yield (
                f"Reset progress: {entry.title}",
                partial(app.reset_progress, entry.id),
                "Start this lesson over; your answers stay in your record",
            )
        yield (
            "Reset progress: all lessons",
            partial(app.reset_progress, None),
            "Start every lesson and skill over; your answers stay in your record",
        )
        for name in sorted(app.available_themes):
            yield f"Theme: {name}", partial(setattr, app, "theme", name), "Colours of the app (remembered)"

    async def discover(self) -> Hits:
        for text, callback, help_text in self._commands():
            yield DiscoveryHit(Content(text), callback, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, highlighted(matcher, text), callback, text=text, help=help_text)
