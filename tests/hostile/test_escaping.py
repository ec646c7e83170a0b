"""The one escaping boundary (gdtutor.safe_text) and where it is applied: lesson text when a lesson or its
header is loaded, file names and messages when a Diagnostic is made, answers where the checker quotes them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdtutor.checking.plaintext import quote
from gdtutor.lessons.headers import read_header
from gdtutor.lessons.loading import parse_lesson
from gdtutor.lessons.model import Diagnostic
from gdtutor.safe_text import escape_controls, excerpt, safe_text

DRIVERS = [
    ("\x1b]52;c;SEVMTE8=\x07", "\\x1b]52;c;SEVMTE8=\\x07"),  # OSC 52: write the clipboard
    ("\x1b]2;title\x07", "\\x1b]2;title\\x07"),  # OSC 2: set the window title
    ("\x1b[2J", "\\x1b[2J"),  # clear the screen
    ("\x9b2J", "\\x9b2J"),  # the same as a C1 control
    ("\x9d52;c;x\x9c", "\\x9d52;c;x\\x9c"),  # OSC and ST as C1 controls
    ("\x7f\x00\x08", "\\x7f\\x00\\x08"),  # DEL, NUL, backspace
    ("a\u202eb", "a\\u202eb"),  # right-to-left override
    ("a\u2066b\u2069", "a\\u2066b\\u2069"),  # left-to-right isolate ... pop
    ("\u202a\u202b\u202c\u202d", "\\u202a\\u202b\\u202c\\u202d"),
    ("\u2067\u2068", "\\u2067\\u2068"),
    ("line\u2028sep", "line\\u2028sep"),
]


@pytest.mark.parametrize(("raw", "shown"), DRIVERS)
def test_every_sequence_that_drives_a_terminal_is_shown_escaped(raw, shown):
    assert safe_text(raw) == shown
    assert escape_controls(raw) == shown


def test_prose_keeps_its_line_breaks_and_maths_one_line_text_does_not():
    text = "θ₁ := θ₁ − α·∂J/∂θ₁\n\tnext line\u00a0with a no-break space"
    assert safe_text(text) == text
    assert escape_controls("a\nb\tc") == "a\\x0ab\\x09c"


@given(st.text())
def test_escaped_text_holds_no_control_character_and_escaping_is_idempotent(text):
    once = safe_text(text)
    assert all(char in "\n\t" or char.isprintable() or char.isspace() for char in once)
    assert not any("\x80" <= char <= "\x9f" or "\u202a" <= char <= "\u202e" for char in once)
    assert safe_text(once) == once
    line = escape_controls(text)
    assert "\n" not in line and "\x1b" not in line
    assert escape_controls(line) == line


def test_an_excerpt_is_short_and_escaped():
    assert excerpt("\x1b" * 100) == "\\x1b" * 10 + "…"
    assert quote("a\x07") == "“a\\x07”"


HOSTILE = """\
id: hostile
title: "Title \\e]2;T\\a"
summary: "Summary \\e]52;c;S\\a"
problem:
  objective: theta^2
  start: {theta: 3}
steps:
  - id: pick
    kind: choice
    prompt: "Prompt \\e[2J \\u202e"
    hints: ["Hint \\e]52;c;H\\a", {text: "Later \\x9b2J", after_attempts: 1}]
    options:
      - {text: "Option \\e]52;c;O\\a", feedback: "Feedback \\a"}
      - Other
    answer: 1
  - id: number
    kind: number
    ask: theta
    prompt: go
    mistakes:
      - {id: slip, explain: "Explain \\e]2;E\\a", value: theta}
    expect_coincident: [slip]
"""


def _all_strings(value, seen=None):
    seen = seen if seen is not None else set()
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _all_strings(item, seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _all_strings(item, seen)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from _all_strings(getattr(value, name), seen)


def test_a_loaded_lesson_holds_no_control_character_anywhere():
    lesson, problems = parse_lesson(HOSTILE, "hostile.yaml")
    assert lesson is not None, problems
    strings = list(_all_strings(lesson))
    assert any("Title \\x1b]2;T\\x07" in text for text in strings)
    assert any("Explain \\x1b]2;E" in text for text in strings)
    for text in strings:
        assert not any(char not in "\n\t" and not char.isprintable() for char in text), repr(text)


def test_a_lesson_header_read_for_the_picker_is_escaped_too(tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    header = read_header(path)
    assert header is not None
    assert header.title == "Title \\x1b]2;T\\x07"
    assert header.summary == "Summary \\x1b]52;c;S\\x07"


def test_a_problem_names_its_file_and_quotes_a_key_inertly():
    problem = Diagnostic("bad\x1b]2;T\x07.yaml", 1, 1, 'unknown key "\x1b]52;c;K\x07"')
    assert str(problem) == 'bad\\x1b]2;T\\x07.yaml:1:1: unknown key "\\x1b]52;c;K\\x07"'
    _, problems = parse_lesson('id: x\ntitle: X\n"' + "\\e" * 200 + '": 1\n', "k.yaml")
    unknown = next(str(p) for p in problems if "unknown key" in str(p))
    assert "\x1b" not in unknown and len(unknown) < 120


def test_a_lesson_named_on_the_command_line_is_quoted_inertly(run_gdtutor):
    result = run_gdtutor("--plain", "no-such\x1b]52;c;QVJH\x07", stdin="", timeout=60)
    assert result.returncode == 2
    assert 'no lesson "no-such\\x1b]52;c;QVJH\\x07"' in result.stderr
    assert "\x1b" not in result.stderr


def test_a_command_line_error_naming_a_file_is_one_inert_line(run_gdtutor, tmp_path):
    name = str(tmp_path / "data\x1b]2;T\x07.csv")
    result = run_gdtutor("solve", "--data", name, "--alpha", "0.1", "--iterations", "1", timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "\x1b" not in result.stderr
    assert "data\\x1b]2;T\\x07.csv: no such file" in result.stderr
