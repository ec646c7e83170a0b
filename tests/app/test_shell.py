"""The app around the lessons: picker, help, problem list, palette, theme, untrusted text."""

from __future__ import annotations

from pathlib import Path

import pytest
from screens import screen_text, settle, until
from textual.widgets import OptionList

from gdtutor.paths import user_data_dir
from gdtutor.progress.mastery import MASTERY_THRESHOLD
from gdtutor.tui.app import RICH_THEME, GdtutorApp
from gdtutor.tui.commands import CourseCommands
from gdtutor.tui.screens.errors import ErrorsScreen
from gdtutor.tui.screens.help import HelpScreen
from gdtutor.tui.screens.picker import INTRO, PickerScreen
from gdtutor.tui.settings import load_settings

FIXTURE_LESSONS = Path(__file__).parent / "lessons"

pytestmark = pytest.mark.asyncio


async def test_picker_lists_lessons_with_progress_and_math_as_unicode(fixture_app):
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        text = screen_text(app)
        assert "Downhill on J(θ) = θ²" in text
        assert "0/3 steps done · mastery —" in text
        assert "Three updates of gradient descent, by hand." in text


async def test_lesson_text_that_looks_like_markup_shows_as_written(fixture_app):
    app = fixture_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Brackets [bold]stay[/bold] as typed [@click=app.quit]" in text
        assert "Lesson text is never markup: [red]this[/red] shows as written." in text


async def test_problems_in_lesson_files_are_listed_with_their_place(fixture_app):
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "1 problem in lesson files: F9 shows them." in screen_text(app)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, ErrorsScreen)
        assert "broken.yaml:8:10: steps[0].ask (step one) must be one of" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        # The other lessons still work.
        assert app.screen.query_one(OptionList).option_count == 2


async def test_help_lists_every_footer_key_and_closes(fixture_app):
    app = fixture_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        footer_descriptions = {
            active.binding.description
            for active in app.screen.active_bindings.values()
            if active.binding.show and active.binding.description
        }
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = screen_text(app)
        for description in footer_descriptions:
            assert description in help_text
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_palette_offers_lessons_practice_reset_and_themes_as_plain_text(fixture_app):
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        provider = CourseCommands(app.screen)
        found = [hit.text async for hit in provider.search("brackets")]
        assert "Open lesson: Brackets [bold]stay[/bold] as typed [@click=app.quit]" in found
        everything = [hit.text async for hit in provider.discover()]
        assert any(text.startswith("Practice") for text in everything)
        assert "Reset progress: all lessons" in everything
        assert f"Theme: {RICH_THEME}" in everything


async def test_theme_is_remembered_between_sessions(fixture_app):
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == RICH_THEME
        app.theme = "nord"
        await pilot.pause()
    assert load_settings().theme == "nord"
    again = fixture_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_a_damaged_settings_file_means_the_defaults(fixture_app):
    user_data_dir().mkdir(parents=True, exist_ok=True)
    (user_data_dir() / "tui-settings.json").write_text("{not json")
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == RICH_THEME


async def test_prose_shows_markup_as_written_and_its_links_never_act(fixture_app):
    app = fixture_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_lesson("fixture-brackets")
        await pilot.pause()
        await pilot.pause()
        assert "[@click=app.quit]this is not a link" in screen_text(app)
        screen = app.screen
        paragraph = screen.query_one("#prose").query("MarkdownParagraph").first()
        text = paragraph.region
        # Click along the whole paragraph, the link included: nothing but a notification happens.
        for x in range(text.x, text.x + text.width, 3):
            for y in range(text.y, text.y + text.height):
                await pilot.click(offset=(x, y))
        await pilot.pause()
        assert app.is_running
        assert app.screen is screen
        assert "app.quit" in screen_text(app)  # the link's target, shown in a notification


def toasts(app: GdtutorApp) -> str:
    """The text of the notifications on the screen now."""
    return " ".join(str(toast.render()) for toast in app.screen.query("Toast"))


async def test_a_store_that_cannot_save_says_so(fixture_app, monkeypatch, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    monkeypatch.setenv("GDTUTOR_DATA_DIR", str(blocked / "data"))
    app = fixture_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert not app.course.store.saving
        await until(pilot, lambda: app.course.store_messages()[0] in toasts(app))


HOLD_LOCK = (
    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
    " c.execute('BEGIN IMMEDIATE'); print('held', flush=True); sys.stdin.read(); c.execute('ROLLBACK')"
)


@pytest.mark.parametrize(
    ("size", "lesson"),
    [((120, 40), None), ((80, 24), "fixture-descent")],
    ids=["picker-120x40", "lesson-80x24"],
)
async def test_saving_that_stops_mid_session_is_shown_until_it_resumes(
    fixture_app, monkeypatch, size, lesson
):
    """At 80 columns too, where the lesson's keys fill the footer: F12 NOT SAVING comes first in it."""
    import subprocess
    import sys

    import gdtutor.progress.store as store_module
    from gdtutor.progress.store import Action, Attempt

    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", 0.05)
    monkeypatch.setattr(store_module, "LOCK_RETRIES", 1)
    monkeypatch.setattr(store_module, "RETRY_FIRST_SECONDS", 0.0)
    app = fixture_app(lesson)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        store = app.course.store
        assert "NOT SAVING" not in screen_text(app)
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(store.path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        store.record_action(Action("intro", "a", Attempt("intro", "a", 1, "2", "wrong")))  # as an answer does
        not_saving = "f12 NOT SAVING"  # in the footer, on every screen, until saving resumes
        await until(pilot, lambda: not_saving in screen_text(app) and "not saved for now" in toasts(app))
        assert "locked" in toasts(app)
        holder.communicate(b"", timeout=30)
        store.record_action(Action("intro", "a", Attempt("intro", "a", 1, "3", "wrong")))
        await until(pilot, lambda: "NOT SAVING" not in screen_text(app) and "saving again" in toasts(app))
        assert "not saved for now" not in toasts(app)


async def test_the_footer_is_rebuilt_only_when_its_keys_change(fixture_app):
    """Refreshing the keys without changing them keeps the footer's widgets (Textual rebuilds it every
    time, 25-50 ms); a key that changes still shows."""
    from gdtutor.tui.widgets.footer import SavingFooter

    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(SavingFooter)
        keys = list(footer.children)
        assert keys and "f9 Problems" in screen_text(app)  # the fixtures hold a broken lesson
        app.screen.refresh_bindings()
        app.screen.refresh_bindings()
        await settle(pilot)
        assert list(footer.children) == keys
        assert all(not key.has_class("-compact") for key in keys if not key.has_class("-command-palette"))
        app.screen._problems = []  # as a check that found none: F9 leaves the footer
        app.screen.refresh_bindings()
        await settle(pilot)
        assert list(footer.children) != keys and "f9 Problems" not in screen_text(app)


async def test_the_picker_counts_only_errors_as_problems(make_course, tmp_path):
    """A warning never keeps a lesson out, so the picker neither counts nor lists it (validate shows it)."""
    (tmp_path / "warns.yaml").write_text(
        "id: warns\ntitle: Warns\nproblem: {objective: theta^2, start: {theta: 3}}\n"
        "steps:\n  - {id: intro, kind: read, prompt: It costs $4 to read this.}\n",
        encoding="utf-8",
    )
    (tmp_path / "broken.yaml").write_text(
        (FIXTURE_LESSONS / "broken.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    app = GdtutorApp(make_course(tmp_path))
    async with app.run_test(size=(200, 30)) as pilot:  # the temporary folder's long path fits a line
        await settle(pilot)
        assert "1 problem in lesson files: F9 shows them." in screen_text(app)
        assert app.screen.query_one(OptionList).option_count == 1  # the lesson with a warning is there
        await pilot.press("f9")
        await pilot.pause()
        listed = screen_text(app)
        assert "8:10: steps[0].ask (step one) must be one of" in listed
        assert "warns.yaml" not in listed and "warning" not in listed


async def test_the_picker_says_what_mastery_means_and_how_it_rises_at_80x24(fixture_app):
    app = fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        intro = " ".join(line.strip() for line in lines[1:3])
        assert intro == INTRO  # whole, in two lines under the title
        assert f"{round(MASTERY_THRESHOLD * 100)}% is mastered" in INTRO
        assert lines[3].strip() == app.course.entries()[0].title  # the list starts right under it
        assert any("steps done · mastery" in line for line in lines[4:])
