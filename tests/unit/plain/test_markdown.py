"""Lesson Markdown as plain lines: no markers typed out, tables lined up, code shown as written."""

import io
from pathlib import Path

from gdtutor.engine import Tutor
from gdtutor.lessons import load_lesson
from gdtutor.plain.markdown import display_width, markdown_lines, plain_text
from gdtutor.plain.session import Session

ROOT = Path(__file__).resolve().parents[3]


def test_emphasis_markers_go_even_across_a_line_break():
    text = "the **hypothesis** is *h*, the data are **fixed\nnumbers**, and __this__ or _that_ too"
    assert markdown_lines(text) == [
        "the hypothesis is h, the data are fixed",
        "numbers, and this or that too",
    ]


def test_underscores_and_stars_inside_words_and_code_are_kept():
    assert plain_text("h_θ(x) and theta_1 stay; `2*theta*x` and `sum(h - y)` lose only backticks") == (
        "h_θ(x) and theta_1 stay; 2*theta*x and sum(h - y) lose only backticks"
    )
    assert plain_text(r"a literal \*star\* and \`tick\`") == "a literal *star* and `tick`"


def test_headings_become_text_with_a_line_under_it():
    assert markdown_lines("# The training set\n\nText.\n## Part two") == [
        "The training set",
        "================",
        "",
        "Text.",
        "Part two",
        "--------",
    ]


def test_a_table_loses_its_pipes_and_rule_and_lines_up_by_width_on_screen():
    table = "| $i$ | x̂⁽ⁱ⁾ | **y** |\n|---|:----:|---|\n| 1 | 1 | 2 |\n| 10 | 4 | −7 |"
    assert markdown_lines(table) == [
        "  $i$  x̂⁽ⁱ⁾  y",
        "  1    1     2",
        "  10   4     −7",
    ]


def test_a_code_fence_is_indented_without_its_fence_lines_and_never_unmarked():
    text = "In code:\n\n```python\n# a comment, not a heading\ng = 2*theta*x\n```\nDone."
    assert markdown_lines(text) == [
        "In code:",
        "",
        "    # a comment, not a heading",
        "    g = 2*theta*x",
        "Done.",
    ]


def test_lists_rules_quotes_and_links_read_as_plain_text():
    text = "* one\n- two\n1. three\n\n---\n> quoted\nsee [the notes](https://example.org/notes)"
    assert markdown_lines(text) == [
        "- one",
        "- two",
        "1. three",
        "",
        "",
        "  quoted",
        "see the notes (https://example.org/notes)",
    ]


def test_display_width_counts_what_a_terminal_shows():
    assert display_width("ŷ") == 1
    assert display_width("θ₁²") == 3


def test_the_plain_front_end_prints_a_lesson_without_markdown_markers():
    tutor = Tutor.for_steps(load_lesson(ROOT / "lessons/01-notation-and-cost.yaml"), ["training-set"], seed=0)
    out = io.StringIO()
    Session(tutor, io.StringIO(""), out).run()
    text = out.getvalue()
    assert "The training set\n================\n" in text
    assert "  i  x⁽ⁱ⁾  y⁽ⁱ⁾\n  1  1     2\n" in text
    assert "**" not in text and "|---" not in text and "# " not in text
