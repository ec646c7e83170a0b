"""`gdtutor practice` as a learner runs it, answering on standard input."""

import subprocess
import sys

import pytest

from gdtutor.progress.stores import open_store

pytestmark = pytest.mark.usefixtures("store_backend")

LESSON = """\
id: my-bowl
title: A bowl of my own
summary: Descent on $J(\\theta) = \\theta^2$.
problem:
  objective: theta^2
  start: {theta: 3}
  alpha: 0.1
decimals: 3
steps:
  - id: derivative
    kind: formula
    ask: derivative
    skills: [my-power-rule]
    prompt: What is the derivative?
  - id: next-theta
    kind: number
    ask: theta
    iteration: 1
    skills: [my-update-rule]
    prompt: What is theta after one update from theta = 3 with alpha = 0.1?
"""


@pytest.fixture
def lessons(tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "my-bowl.yaml").write_text(LESSON, encoding="utf-8")
    return folder


def practice(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gdtutor", "practice", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_practice_runs_rounds_until_the_skill_is_mastered_then_moves_on(lessons):
    # one step a round, answered right: 20% -> 60% -> 89% -> 98%, mastered after the third round
    result = practice("my-update-rule", "--lessons", str(lessons), stdin="2.4\n" * 3)
    assert result.returncode == 0, result.stderr
    output = result.stdout
    assert output.count("Practising my update rule") == 3
    assert "Practising my update rule (not practised yet): 1 step from A bowl of my own" in output
    assert "my update rule: mastery 60% after your first round." in output
    assert "Practising my update rule (mastery 60%)" in output
    assert "my update rule: mastery 60% -> 89%." in output
    assert "my update rule: mastery 89% -> 98%.\nYou have mastered my update rule." in output
    # this lesson draws nothing, and its question writes the start and α down: they stay, and it says why
    same = (
        "with the same numbers (the questions quote numbers that depend on the start;"
        " the questions quote numbers that depend on α)."
    )
    assert output.count(f"from A bowl of my own, {same}") == 3
    assert output.count("Practising ") == 4  # then on to the next weakest skill, until the input ends
    store = open_store()
    assert store.mastery()["my-update-rule"].p_known >= 0.95
    assert store.lesson_state("my-bowl").done == frozenset()  # practice leaves the lesson's progress alone
    assert {attempt.context for attempt in store.attempts()} == {"practice"}
    assert len({attempt.seed for attempt in store.attempts()}) == 3  # a fresh variant every round


def test_practice_of_a_skill_no_lesson_exercises_lists_the_known_skills(lessons):
    result = practice("integration", "--lessons", str(lessons))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "no lesson exercises the skill 'integration'" in result.stderr
    assert "my-power-rule" in result.stderr and "my-update-rule" in result.stderr


def test_quitting_ends_practice_and_keeps_what_was_answered(lessons):
    result = practice("my-power-rule", "--lessons", str(lessons), stdin="2*theta\nquit\n")
    assert result.returncode == 0, result.stderr
    assert "Stopping here." in result.stdout
    assert open_store().mastery()["my-power-rule"].p_known == pytest.approx(0.6)


def test_a_lesson_that_draws_its_numbers_is_practised_with_new_ones(tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    drawn = LESSON.replace("start: {theta: 3}", "start: {theta: {random: [1, 5], step: 1}}")
    (folder / "my-bowl.yaml").write_text(drawn, encoding="utf-8")
    result = practice("my-update-rule", "--lessons", str(folder), stdin="quit\n")
    assert result.returncode == 0, result.stderr
    assert "from A bowl of my own, with new numbers." in result.stdout


def test_a_new_learner_starts_on_the_first_skill_of_the_first_lesson():
    result = practice(stdin="quit\n")
    assert result.returncode == 0, result.stderr
    first_line = result.stdout.splitlines()[1]  # after what mastery means
    # Lesson 0's power rule comes first; its steps have fixed numbers, so practice draws from lesson 3's.
    assert first_line.startswith("Practising the power rule (not practised yet): ")
    assert "from Why the derivative?" in first_line


def test_progress_and_practice_word_a_never_practised_skill_alike():
    progress = subprocess.run(
        [sys.executable, "-m", "gdtutor", "progress"], capture_output=True, text=True, check=False
    )
    assert "the power rule not practised yet" in progress.stdout
    assert "Practising the power rule (not practised yet)" in practice(stdin="quit\n").stdout


def test_help_lists_the_skills_in_course_order():
    result = practice("--help")
    assert result.returncode == 0
    skills = result.stdout.partition("skills, in the order the course teaches them")[2].split("\n\n")[0]
    names = " ".join(skills.splitlines()[1:]).replace(",", " ").split()
    assert names[:5] == ["power-rule", "chain-rule", "sum-notation", "notation", "mse-cost"]
    assert "chain-rule" in names and "averaging" in names
