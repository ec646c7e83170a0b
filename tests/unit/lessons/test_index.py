"""The lesson index's rule follows the code that makes outlines, so a cache can never outlive a change."""

import inspect
from pathlib import Path

from gdtutor.lessons.index import OUTLINE_SOURCES, outline_of, rule_of
from gdtutor.lessons.model import Lesson


def test_the_rule_covers_the_code_an_outline_comes_from():
    sources = {path.resolve() for path in OUTLINE_SOURCES}
    assert Path(inspect.getsourcefile(outline_of)).resolve() in sources
    assert Path(inspect.getsourcefile(Lesson)).resolve() in sources  # outline_of reads its steps and skills


def test_a_change_to_any_source_changes_the_rule(tmp_path):
    first, second = tmp_path / "a.py", tmp_path / "b.py"
    first.write_text("def outline_of(lesson): ...\n")
    second.write_text("class Lesson: ...\n")
    rule = rule_of([first, second])
    assert rule == rule_of([first, second])
    second.write_text("class Lesson:  # now keeps something else\n    ...\n")
    assert rule_of([first, second]) != rule
