"""Lesson prose changes step by step: paragraphs (and display formulas) take the words of the next step in
place, in the same frame as the rest of the step; other Markdown is mounted anew, and shows the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from screens import screen_text, settle, to_the_first_question, until
from textual.app import App, ComposeResult
from textual.content import Content

from gdtutor.engine import Tutor
from gdtutor.lessons import load_lesson
from gdtutor.tui.app import GdtutorApp
from gdtutor.tui.widgets.plain_prose import plain_paragraphs
from gdtutor.tui.widgets.prose import Prose, ProseParagraph, parser_for

pytestmark = pytest.mark.asyncio

LESSON = "descent-on-theta-squared"
SHIPPED_LESSONS = sorted((Path(__file__).resolve().parents[2] / "lessons").glob("*.yaml"))


class ProseApp(App[None]):
    def __init__(self, prose: type[Prose] = Prose) -> None:
        super().__init__()
        self._prose = prose

    def compose(self) -> ComposeResult:
        yield self._prose("First paragraph.\n\nSecond paragraph.", id="prose")


def words(prose: Prose) -> list[str]:
    return [str(block._content) for block in prose.blocks]


async def test_paragraphs_take_new_words_in_place_and_spares_are_hidden_then_used_again():
    app = ProseApp()
    async with app.run_test(size=(60, 12)) as pilot:
        await settle(pilot)
        prose = app.query_one(Prose)
        first, second = prose.blocks

        assert prose.show_text("Only *one* now.") is None  # in place: nothing to wait for
        await settle(pilot)
        assert prose.blocks == [first] and words(prose) == ["Only one now."]
        assert not second.display  # kept, hidden
        text = screen_text(app)
        assert "Only one now." in text and "Second" not in text and "First" not in text

        assert prose.show_text("One.\n\nTwo.") is None  # the spare is used again
        await settle(pilot)
        assert prose.blocks == [first, second] and words(prose) == ["One.", "Two."]

        more = prose.show_text("A.\n\nB.\n\nC.")  # more paragraphs than mounted: the third is mounted
        assert more is not None
        await more
        await settle(pilot)
        assert prose.blocks[:2] == [first, second] and words(prose) == ["A.", "B.", "C."]
        assert all(line in screen_text(app) for line in ("A.", "B.", "C."))


async def test_other_markdown_is_mounted_anew_and_a_formula_is_set_in_place_of_a_formula():
    app = ProseApp()
    async with app.run_test(size=(60, 16)) as pilot:
        await settle(pilot)
        prose = app.query_one(Prose)

        listed = prose.show_text("- apples\n- pears")  # a list is not a paragraph: new blocks
        assert listed is not None
        await listed
        await settle(pilot)
        assert "apples" in screen_text(app) and "First" not in screen_text(app)

        await prose.show_text("Before:\n\n```math\nJ(θ) = θ²\n```")
        await settle(pilot)
        fence = prose.blocks[1]
        assert fence.has_class("-math")
        assert prose.show_text("After:\n\n```math\nθ := θ − α·2θ\n```") is None
        await settle(pilot)
        assert prose.blocks[1] is fence and "θ := θ − α·2θ" in screen_text(app)

        code = prose.show_text("Code:\n\n```python\nprint(1)\n```")  # code is not a formula: mounted anew
        assert code is not None
        await code
        await settle(pilot)
        assert not prose.blocks[1].has_class("-math") and "print(1)" in screen_text(app)


async def test_a_right_answer_shows_the_next_steps_prose_in_the_frame_that_shows_its_number(builtin_app):
    """No frame has the new step's number and question under the old step's prose."""
    app = builtin_app(LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_first_question(pilot)  # one paragraph
        screen = app.screen
        frames: list[str] = []
        screen.screen_layout_refresh_signal.subscribe(screen, lambda _: frames.append(screen_text(app)))

        async def enter(answer: str) -> None:
            await pilot.press(*answer)
            await settle(pilot)
            frames.clear()  # typing lays out the answer box: only what Enter brings counts
            await pilot.press("enter")
            await settle(pilot)

        await enter("2*theta")  # right: on to the slope at the start (two paragraphs)
        assert "step 3/" in frames[0] and "What is the slope" in frames[0]
        await enter("6")  # right: on to the size of the step (one paragraph)
        assert frames and all("step 4/" in frame for frame in frames)
        assert all("How big is it" in frame and "Lesson 3 looks" not in frame for frame in frames)


async def test_a_step_with_more_paragraphs_than_the_last_sets_them_in_widgets_mounted_as_the_lesson_opened(
    make_course, tmp_path
):
    """The lesson screen keeps as many paragraph widgets as the lesson's longest prose, the spares hidden:
    a step with more paragraphs than the one before shows them without mounting anything on the answer."""
    (tmp_path / "growing.yaml").write_text(
        "id: growing\ntitle: Growing\nproblem: {objective: theta^2, start: {theta: 3}}\nsteps:\n"
        "  - {id: one, kind: read, prompt: A single paragraph.}\n"
        "  - id: three\n    kind: read\n    prompt: |\n      First of three.\n\n      Second of three.\n\n"
        "      Third of three.\n",
        encoding="utf-8",
    )
    app = GdtutorApp(make_course(tmp_path), start_lesson="growing")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: len(app.screen.query(ProseParagraph)) == 3)
        await settle(pilot)
        prose = app.screen.query_one(Prose)
        mounted = list(prose.query(ProseParagraph))
        assert words(prose) == ["A single paragraph."] and [block.display for block in mounted] == [
            True,
            False,
            False,
        ]
        await pilot.press("enter")
        await until(pilot, lambda: "Third of three." in screen_text(app))
        assert prose.blocks == mounted and list(prose.query(ProseParagraph)) == mounted
        assert words(prose) == ["First of three.", "Second of three.", "Third of three."]


class CountedProse(Prose):
    """Prose that counts its Markdown parses."""

    parses = 0

    def _parse_markdown(self, tokens):  # type: ignore[no-untyped-def]
        self.parses += 1
        return super()._parse_markdown(tokens)


async def test_paragraphs_of_plain_words_are_set_in_place_without_a_parse():
    app = ProseApp(CountedProse)
    async with app.run_test(size=(60, 12)) as pilot:
        await settle(pilot)
        prose = app.query_one(CountedProse)
        first, second = prose.blocks
        parsed = prose.parses

        assert prose.show_text("Plain words,\nover two lines.") is None
        await settle(pilot)
        assert prose.parses == parsed
        assert prose.blocks == [first] and words(prose) == ["Plain words, over two lines."]
        assert not second.display
        assert "Plain words, over two lines." in screen_text(app)

        assert prose.show_text("One.\n\nTwo.") is None  # the spare takes the second paragraph
        await settle(pilot)
        assert prose.parses == parsed and words(prose) == ["One.", "Two."]

        assert prose.show_text("Now *marked* words.") is None  # Markdown beyond words: parsed
        await settle(pilot)
        assert prose.parses == parsed + 1 and words(prose) == ["Now marked words."]


@pytest.mark.parametrize("path", SHIPPED_LESSONS, ids=lambda path: path.stem)
async def test_plain_prose_set_in_place_is_what_the_parser_makes_of_it_in_every_shipped_lesson(path: Path):
    tutor = Tutor(load_lesson(path), seed=7)
    prose = Prose()
    for step in tutor.lesson.steps:
        text = tutor.prose(step, step.prompt, display=True)
        paragraphs = plain_paragraphs(text)
        if paragraphs is None:
            continue
        blocks = list(prose._parse_markdown(parser_for(text).parse(text)))
        assert [type(block) for block in blocks] == [ProseParagraph] * len(paragraphs), step.id
        assert [block._content for block in blocks] == [Content(words) for words in paragraphs], step.id
