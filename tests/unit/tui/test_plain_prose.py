"""Prose drawn without the Markdown widget (a lesson's early first paint) is only ever prose that Markdown
draws as the same paragraphs of the same words."""

from pathlib import Path

import pytest

from gdtutor.lessons import load_lesson
from gdtutor.lessons.mathtext import prose_to_unicode
from gdtutor.tui.widgets.plain_prose import plain_paragraphs
from gdtutor.tui.widgets.prose import Prose, ProseParagraph, parser_for

ROOT = Path(__file__).resolve().parents[3]
PROMPTS = [
    prose_to_unicode(step.prompt)
    for path in sorted((ROOT / "lessons").glob("*.yaml"))
    for step in load_lesson(path).steps
]


def markdown_paragraphs(text: str) -> list[str] | None:
    """The words of each block the lesson screen's Markdown widget draws ``text`` as; None when a block is
    not a paragraph."""
    blocks = list(Prose()._parse_markdown(parser_for(text).parse(text)))
    if not all(type(block) is ProseParagraph for block in blocks):
        return None
    return [block._content.plain for block in blocks]


def test_plain_prose_is_what_markdown_makes_of_every_shipped_prompt_it_takes() -> None:
    taken = [prompt for prompt in PROMPTS if plain_paragraphs(prompt) is not None]
    assert len(taken) >= 20  # most read steps and many questions are plain words
    for prompt in taken:
        assert plain_paragraphs(prompt) == markdown_paragraphs(prompt), prompt


@pytest.mark.parametrize(
    "text",
    [
        "Some *emphasis*.",
        "A line\n- then a list",
        "1. a list",
        "Title\n=====",
        "    code",
        "two spaces at the end  \nbreak the line",
        "a link to example.com",
        "x &amp; y",
        "a `code` span",
        "a | table",
        "> a quote",
        "# a heading",
        "an escaped \\* star",
        "<b>html</b>",
        "```math\nθ²\n```",
    ],
)
def test_anything_markdown_reads_as_more_than_words_is_left_to_markdown(text: str) -> None:
    assert plain_paragraphs(text) is None


def test_paragraphs_are_split_at_blank_lines_and_their_lines_joined() -> None:
    text = "Before fitting lines,\npractise on θ².\n\n\nThen descend.\n"
    assert plain_paragraphs(text) == ["Before fitting lines, practise on θ².", "Then descend."]
    assert markdown_paragraphs(text) == plain_paragraphs(text)
