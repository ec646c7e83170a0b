"""Whatever a lesson file contains, loading reports problems; it never crashes."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gdtutor.lessons.loading import parse_lesson
from gdtutor.lessons.mathtext import to_unicode

ROOT = Path(__file__).resolve().parents[3]
LESSON_2 = (ROOT / "lessons/02-descent-on-theta-squared.yaml").read_text(encoding="utf-8")
LINES = LESSON_2.splitlines(keepends=True)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_lesson_or_problems(text):
    lesson, problems = parse_lesson(text, "any.yaml")
    assert (lesson is None) == any(problem.severity == "error" for problem in problems)
    assert all(problem.line >= 1 and problem.column >= 1 for problem in problems)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=0, max_value=len(LESSON_2) - 1),
    st.text(alphabet=" :-[]{}\n\t'\"&*!#|>%@`,0123456789abcxyz", min_size=1, max_size=4),
)
def test_a_damaged_real_lesson_gives_a_lesson_or_problems(at, inserted):
    text = LESSON_2[:at] + inserted + LESSON_2[at:]
    lesson, problems = parse_lesson(text, "damaged.yaml")
    assert lesson is not None or problems


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=len(LINES) - 1))
def test_a_lesson_missing_any_line_gives_a_lesson_or_problems(index):
    text = "".join(LINES[:index] + LINES[index + 1 :])
    lesson, problems = parse_lesson(text, "cut.yaml")
    assert lesson is not None or problems


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=80))
def test_tex_lite_never_fails(text):
    assert isinstance(to_unicode(text), str)
    assert isinstance(to_unicode(f"${text}$"), str)
