"""What the learner reads: no internal ids or jargon, no pointers to things the
learner does not have, ∇ only once two parameters exist, one power rule across the course, and the
wording slips fixed."""

from __future__ import annotations

import re
from pathlib import Path

from gdtutor.checking import GDQuestion, NumberRule
from gdtutor.checking.mistakes import MISTAKES
from gdtutor.core.expr import parse
from gdtutor.core.objectives import ExpressionObjective
from gdtutor.engine import Tutor
from gdtutor.lessons import load_lesson
from gdtutor.lessons.model import RULES
from gdtutor.progress.skills import skill_name
from gdtutor.tui.app import reset_words
from gdtutor.tui.widgets.feedback import verdict_text

LESSONS = Path(__file__).resolve().parents[2] / "lessons"


def test_feedback_names_the_mistake_in_words_never_by_its_id():
    question = GDQuestion(ExpressionObjective(parse("theta^2")), 3, 0.1, "theta")
    verdict = question.check("3.6", NumberRule(decimals=3))
    assert verdict.mistake == "uphill"
    shown = verdict_text(verdict).plain
    assert "uphill" not in shown and "you added the step instead of subtracting it" in shown


def test_skills_read_as_words_and_a_reset_names_the_lesson_in_quotes():
    assert skill_name("half-mse") == "the one-half MSE"
    assert skill_name("my-own-skill") == "my own skill"
    asked, done = reset_words("convergence-and-stopping", "When to stop")
    assert asked.startswith("Start “When to stop” over?") and done == "“When to stop” starts over."


def test_lessons_point_at_nothing_the_learner_does_not_have():
    for path in LESSONS.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"the (original )?notes|\*\*Problem\*\* below|Problem section", text), path.name


def test_nabla_waits_for_the_lessons_with_two_parameters():
    for path in sorted(LESSONS.glob("0[0-5]-*.yaml")):
        tutor = Tutor(load_lesson(path), seed=0)
        while not tutor.finished:
            view = tutor.view()
            seen = [view.prompt, view.asking, *(view.table.columns if view.table else ())]
            assert not any("∇" in text for text in seen), (path.name, view.step_id, seen)
            while view.is_question and not view.complete:
                tutor.submit(tutor.question().answer())
                view = tutor.view()
            tutor.next()


def test_one_power_rule_across_the_course_and_a_factor_of_two_in_words_a_first_lesson_knows():
    # Lessons 0 and 11 keep the chain factor out of the power rule; the rule list says the same.
    assert RULES["power"].startswith("power rule: d/dx xⁿ = n·xⁿ⁻¹")
    assert "chain rule adds" in RULES["power"]
    factor_two = MISTAKES["factor-two"]
    words = f"{factor_two.title} {factor_two.explanation}"
    assert "power rule" not in words and "one-half MSE" not in words and "θ²" not in words
