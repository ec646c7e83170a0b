"""Feedback on a recognised mistake never hands over the answer: it names the mistake and the principle, and
the right value waits for the last hint and the worked solution (unless a lesson opts in with
``feedback: {show_value: true}``)."""

import re
from pathlib import Path

import pytest

from gdtutor.checking import GDQuestion, NumberRule
from gdtutor.core.expr import parse
from gdtutor.core.objectives import ExpressionObjective
from gdtutor.engine.selftest import step_questions
from gdtutor.lessons import load_lesson
from gdtutor.lessons.loading import parse_lesson
from gdtutor.lessons.questions import NumberQuestion

ROOT = Path(__file__).resolve().parents[3]
LESSONS = sorted((ROOT / "lessons").glob("*.yaml"))

NUMBER = re.compile(r"[−-]?\d+(?:\.\d+)?")
# Numbers that belong to the vocabulary of a rule, not to this step's values: "a factor of 2", "2/m",
# "1/(2m)", "θ²", "2θ".
RULE_WORDS = re.compile(r"factor of 2|brings down a 2|the 2 the power rule|\d+/\(?\d*m\)?|\d+θ|[θx]\S*²")
# A given of the question echoed back ("at the current θ = (1, 2)", "α = 0.1", "m = 3"): what the learner was
# told, which may equal the answer by chance. A value worked out is written "θ := … = v" and is not skipped.
GIVEN = re.compile(r"(?:α|m|θ\S?) = (?:\([^)]*\)|[−-]?\d+(?:\.\d+)?)")


def _numbers_in(text: str) -> list[float]:
    text = GIVEN.sub(" ", RULE_WORDS.sub(" ", text))
    return [float(token.replace("−", "-")) for token in NUMBER.findall(text)]


def _gives_away(question, text: str) -> str | None:
    """The first number (or the formula) in ``text`` that the question would accept as its answer."""
    expected = getattr(question, "expected", None)
    if isinstance(expected, tuple):
        hits = [n for n in _numbers_in(text) if any(abs(n - e) <= 5e-4 * max(1.0, abs(e)) for e in expected)]
        return str(hits[0]) if len(hits) >= len(expected) else None
    if isinstance(expected, float):
        for number in _numbers_in(text):
            if question.check(repr(number)).correct:
                return repr(number)
        return None
    # A formula: a one-symbol answer (x, 1) is also a word of the question, so only "is x", "gives 1",
    # ": x" count; a longer one counts wherever it stands.
    answer = re.escape(question.answer())
    alone = r"(?<![\w/.(])" + answer + r"(?![\w/]|\.\d)"
    pattern = alone if len(question.answer()) > 1 else r"(?:\bis|gives|get|:)\s+" + alone
    return question.answer() if re.search(pattern, text) else None


def _feedback_cases():
    for path in LESSONS:
        lesson = load_lesson(path).instantiate(0)
        for index in range(len(lesson.steps)):
            for label, question in step_questions(lesson, index):
                for mistake_id, answer in question.mistaken_answers():
                    yield path.stem, lesson.steps[index].id, label, question, mistake_id, answer


def test_no_mistake_feedback_in_the_course_contains_the_right_answer():
    leaks = []
    checked = 0
    for lesson, step, label, question, mistake_id, answer in _feedback_cases():
        verdict = question.check(answer)
        text = f"{verdict.message} {verdict.explanation or ''}"
        checked += 1
        given = _gives_away(question, text)
        if given is not None:
            leaks.append(f"{lesson} {step} {label} {mistake_id}: {given!r} in {text!r}")
    assert checked > 300  # the whole course, not a corner of it
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize(
    ("typed", "mistake"),
    [("3.6", "uphill"), ("-3", "no-alpha"), ("0.6", "step-not-theta"), ("3", "off-by-one")],
)
def test_library_explanations_name_the_mistake_without_the_value(typed, mistake):
    question = GDQuestion(ExpressionObjective(parse("theta^2")), 3, 0.1, "theta")
    verdict = question.check(typed, NumberRule(decimals=3))
    assert verdict.mistake == mistake
    assert "2.4" not in verdict.explanation and "0.6 =" not in verdict.explanation
    assert verdict.explanation


def _lesson_with_show_value(show: bool) -> NumberQuestion:
    source = (ROOT / "lessons" / "02-descent-on-theta-squared.yaml").read_text(encoding="utf-8")
    if show:
        source = source.replace("\nsteps:", "\nfeedback: {show_value: true}\nsteps:", 1)
    lesson, problems = parse_lesson(source, "02.yaml")
    assert lesson is not None and not problems
    lesson = lesson.instantiate(0)
    for index in range(len(lesson.steps)):
        for _, question in step_questions(lesson, index):
            if isinstance(question, NumberQuestion) and question.gd.asked == "theta":
                return question
    raise AssertionError("lesson 2 asks for a θ")


def test_a_lesson_may_opt_into_showing_the_value_with_the_diagnosis():
    hidden = _lesson_with_show_value(False)
    shown = _lesson_with_show_value(True)
    mistake_id, wrong = next((m, a) for m, a in hidden.mistaken_answers() if m == "uphill")
    assert _gives_away(hidden, hidden.check(wrong).explanation) is None
    verdict = shown.check(wrong)
    assert verdict.mistake == mistake_id
    assert verdict.explanation.endswith(shown.solution())
    assert _gives_away(shown, verdict.explanation) is not None
    assert shown.check(shown.answer()).explanation is None  # a right answer is not touched
