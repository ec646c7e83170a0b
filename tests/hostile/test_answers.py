"""Whatever a learner types, every step of every shipped lesson answers with a verdict: no exception.

Random strings of the tokens the expression engine knows (and some it does not) go through each question
kind (number, formula, table cell, choice, explore, derivation), directly and through the engine the
front-ends drive (submit, then the view and the plots it leads to). A run of 141,198 such strings once found
``∑0``, ``∑0.``, ``1e308∑1e-320`` and ``sum(2)`` raising ExprError, which ended the plain session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdtutor.checking import Verdict
from gdtutor.engine import Feedback, Notice, Tutor
from gdtutor.engine.selftest import step_questions
from gdtutor.lessons.loading import load_lesson

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "lessons").glob("*.yaml"))

TOKENS = [
    "sum", "∑", "Σ", "(", ")", "[", "]", "theta", "θ", "θ₁", "theta0", "theta1", "theta_1", "x", "x1", "y",
    "m", "h", "alpha", "α", "exp", "log", "sqrt", "abs", "0", "0.", "2", "1e308", "1e-320", "-1e308", ".5",
    "+", "-", "−", "*", "·", "/", "^", "²", "**", ",", ";", "=", " ", "nan", "inf", "e", "E", "…", "∂",
    "d/dθ", "1", "a", "b", "c", "converges", "diverges", "oscillates", "power", "chain", "\x1b[2J", "\x00",
    "٣",
]  # fmt: skip

ANSWERS = st.lists(st.sampled_from(TOKENS), max_size=8).map("".join)
KNOWN_CRASHES = ["²", "1 ²", "sum(2)", "∑0", "∑0.", "1e308∑1e-320", "∑", "sum", "2∑x", "∑∑0", "sum(sum(1))"]


@cache
def questions() -> list[tuple[str, object]]:
    """Every question of every shipped lesson (a few cells of each table), labelled for failures."""
    found = []
    for path in LESSONS:
        lesson = load_lesson(path).instantiate(0)
        for index, step in enumerate(lesson.steps):
            for label, question in step_questions(lesson, index)[:3]:
                found.append((f"{path.name} {step.id} {label}".rstrip(), question))
    return found


def test_every_question_kind_is_covered():
    kinds = {type(question).__name__ for _, question in questions()}
    assert len(kinds) >= 6, kinds


@pytest.mark.parametrize("answer", KNOWN_CRASHES)
def test_answers_that_once_ended_the_session_get_a_verdict(answer):
    for label, question in questions():
        assert isinstance(question.check(answer), Verdict), label


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWERS)
def test_any_string_of_tokens_gets_a_verdict_from_every_question(answer):
    for label, question in questions():
        verdict = question.check(answer)
        assert isinstance(verdict, Verdict), label


@cache
def tutors() -> dict[str, Tutor]:
    """One tutor per question step of every shipped lesson, kept between examples (rebuilt once done)."""
    found = {}
    for path in LESSONS:
        lesson = load_lesson(path)
        for step in lesson.steps:
            if step.is_question:
                found[f"{path.name} {step.id}"] = Tutor.for_steps(lesson, [step.id], seed=7)
    return found


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWERS)
def test_any_string_of_tokens_gets_events_from_every_step_through_the_engine(answer):
    kept = tutors()
    for label, tutor in kept.items():
        if tutor.finished:
            tutor = kept[label] = Tutor.for_steps(tutor.lesson, [tutor.step.id], seed=7)
        events = tutor.submit(answer)
        assert events and isinstance(events[0], (Feedback, Notice)), label
        if not tutor.finished:
            tutor.view()
            tutor.plots()


def test_the_plain_lesson_picker_reads_a_superscript_digit_as_a_name(run_gdtutor):
    # "²".isdigit() is true but int("²") fails: the picker once ended with a traceback.
    result = run_gdtutor("--plain", stdin="²\nquit\n", timeout=60)
    assert "Traceback" not in result.stderr
    assert 'no lesson "²"' in result.stdout + result.stderr
