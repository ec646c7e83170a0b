"""Lesson prose is parsed without linkify only where linkify would find nothing: the blocks are the same."""

from dataclasses import fields, is_dataclass

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from gdtutor.lessons import discover
from gdtutor.tui.widgets.prose import parser_for

TEXTUAL_DEFAULT = MarkdownIt("gfm-like")


def same_blocks(text: str) -> bool:
    return parser_for(text).parse(text) == TEXTUAL_DEFAULT.parse(text)


def strings_in(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if is_dataclass(value):
        return [text for field in fields(value) for text in strings_in(getattr(value, field.name))]
    if isinstance(value, (tuple, list)):
        return [text for item in value for text in strings_in(item)]
    return []


def test_every_kind_of_address_linkify_finds_is_still_a_link():
    for text in (
        "see https://example.org/a?b=1 now",
        "www.example.com",
        "write to someone@example.org",
        "the file lesson.py",
        "//localhost:8000/path",
        "mailto:a@b.io",
        "пример.рф and straße.de",
        "ftp://files",
    ):
        tokens = TEXTUAL_DEFAULT.parse(text)
        assert any(child.type == "link_open" for token in tokens for child in token.children or ()), text
        assert same_blocks(text), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab z1.0:/@-_*#\n[]()<>é", max_size=40))
def test_any_text_gives_the_blocks_textual_would_give(text):
    assert same_blocks(text)


def test_every_string_of_the_shipped_lessons_gives_the_same_blocks():
    texts = {text for entry in discover().entries for text in strings_in(entry.lesson)}
    assert len(texts) > 500
    assert all(same_blocks(text) for text in texts)
