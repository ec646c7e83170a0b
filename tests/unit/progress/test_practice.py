"""Practice selection: the weakest skill, the steps exercising it, a fresh seed every round."""

from dataclasses import dataclass, field

import pytest

from gdtutor.checking.symbols import show
from gdtutor.engine import Tutor
from gdtutor.lessons.loading import parse_lesson
from gdtutor.progress.practice import (
    PracticeRecorder,
    PracticeSession,
    UnknownSkillError,
    choose_skill,
    exercised_skills,
    next_round,
    skill_statuses,
)
from gdtutor.progress.store import Action, Attempt, LessonState
from gdtutor.progress.stores import open_store

pytestmark = pytest.mark.usefixtures("store_backend")


@dataclass(frozen=True)
class Step:
    id: str
    skills: tuple[str, ...] = ()
    is_question: bool = True
    kind: str = "choice"  # nothing computed from the problem: practice keeps these lessons' numbers


@dataclass(frozen=True)
class Lesson:
    """The parts of ``gdtutor.lessons.model.Lesson`` practice reads."""

    id: str
    steps: tuple[Step, ...]
    skills: tuple[str, ...] = ()
    bkt: dict = field(default_factory=dict)
    problem: object = None  # what has_variants reads: these lessons draw no numbers

    def skills_for(self, step: Step) -> tuple[str, ...]:
        return step.skills or self.skills

    def step(self, step_id: str) -> Step:
        return next(step for step in self.steps if step.id == step_id)


BOWL = Lesson(
    "bowl",
    (
        Step("intro", is_question=False),
        Step("derivative", ("power-rule",)),
        Step("slope", ("power-rule",)),
        Step("first-step"),  # takes the lesson's skills
        Step("next-theta", ("update-rule",)),
    ),
    skills=("update-rule", "alpha"),
)
LINE = Lesson(
    "line",
    (
        Step("h", ("hypothesis",)),
        Step("update", ("update-rule",)),
        Step("grad", ("chain-rule", "update-rule")),
    ),
)


def _answer(store, lesson, step, verdict, skills, context="lesson"):
    store.record_attempt(Attempt(lesson, step, 1, "1", verdict, skills=skills), context=context)


def test_skills_are_those_of_question_steps_with_the_lessons_as_default():
    assert exercised_skills([BOWL, LINE]) == {
        "alpha": ("bowl",),
        "chain-rule": ("line",),
        "hypothesis": ("line",),
        "power-rule": ("bowl",),
        "update-rule": ("bowl", "line"),
    }


def test_the_weakest_skill_comes_first():
    store = open_store("ada")
    _answer(store, "bowl", "derivative", "correct", ("power-rule",))  # 0.2 -> 0.6
    _answer(store, "line", "h", "wrong", ("hypothesis",))  # 0.2 -> 0.175758
    statuses = skill_statuses([BOWL, LINE], store)
    # unseen skills stay at the prior 0.2, and among equals the less observed and then the course order decide
    assert [status.skill for status in statuses] == [
        "hypothesis",
        "update-rule",
        "alpha",
        "chain-rule",
        "power-rule",
    ]
    assert choose_skill([BOWL, LINE], store).skill == "hypothesis"


def test_a_new_learner_starts_on_the_skill_the_course_teaches_first():
    assert list(exercised_skills([BOWL, LINE])) == [
        "power-rule",
        "update-rule",
        "alpha",
        "hypothesis",
        "chain-rule",
    ]
    assert choose_skill([BOWL, LINE], open_store("ada")).skill == "power-rule"
    assert choose_skill([LINE, BOWL], open_store("bob")).skill == "hypothesis"


def test_a_lessons_prior_counts_for_unseen_skills():
    strict = Lesson("strict", (Step("s", ("update-rule",)),), bkt={"update-rule": {"p_init": 0.01}})
    store = open_store("ada")
    assert choose_skill([strict, LINE], store).skill == "update-rule"


def test_mastered_skills_are_skipped_and_none_is_left_at_the_end():
    lesson = Lesson("one", (Step("a", ("power-rule",)), Step("b", ("update-rule",))))
    store = open_store("ada")
    for _ in range(4):  # 0.2 -> 0.6 -> 0.890323 -> 0.978... mastered after three right first attempts
        _answer(store, "one", "a", "correct", ("power-rule",))
    assert store.mastery()["power-rule"].p_known >= 0.95
    assert choose_skill([lesson], store).skill == "update-rule"
    for _ in range(4):
        _answer(store, "one", "b", "correct", ("update-rule",))
    assert choose_skill([lesson], store) is None
    assert choose_skill([lesson], store, "power-rule").mastered  # a named skill is given even when mastered


def test_a_skill_no_lesson_exercises_is_refused_with_the_known_skills():
    with pytest.raises(UnknownSkillError) as error:
        choose_skill([BOWL, LINE], open_store("ada"), "integration")
    assert str(error.value) == (
        "no lesson exercises the skill 'integration'; the skills to practise are: "
        "alpha, chain-rule, hypothesis, power-rule, update-rule"
    )


def test_rounds_take_the_exercising_steps_with_a_new_seed_each_time():
    store = open_store("ada")
    status = choose_skill([BOWL, LINE], store, "update-rule")
    rounds = []
    for number in range(4):
        practice_round = next_round([BOWL, LINE], store, status)
        assert practice_round.number == number
        rounds.append(practice_round)
        for step_id in practice_round.step_ids:  # the learner answers the round's variant
            attempt = Attempt(
                practice_round.lesson.id,
                step_id,
                practice_round.seed,
                "2",
                "wrong",
                skills=("update-rule",),
            )
            PracticeRecorder(store).record_action(Action(practice_round.lesson.id, step_id, attempt))
    assert [r.lesson.id for r in rounds] == ["bowl", "line", "bowl", "line"]  # the lessons take turns
    assert rounds[0].step_ids == ("first-step", "next-theta") and rounds[1].step_ids == ("update", "grad")
    assert len({r.seed for r in rounds}) == 4


def test_a_round_never_holds_more_than_its_size_and_moves_on_through_the_steps():
    many = Lesson("many", tuple(Step(f"s{number}", ("update-rule",)) for number in range(5)))
    store = open_store("ada")
    status = choose_skill([many], store)
    first = next_round([many], store, status, size=3)
    assert first.step_ids == ("s0", "s1", "s2")
    attempt = Attempt("many", "s0", first.seed, "1", "wrong", skills=("update-rule",))
    PracticeRecorder(store).record_action(Action("many", "s0", attempt))
    assert next_round([many], store, status, size=3).step_ids == ("s3", "s4", "s0")


def test_practice_attempts_count_for_mastery_and_leave_lesson_progress_alone():
    store = open_store("ada")
    recorder = PracticeRecorder(store)
    attempt = Attempt("bowl", "derivative", 5, "2*theta", "correct", skills=("power-rule",))
    recorder.record_action(Action("bowl", "slope", attempt, done=("derivative",)))
    recorder.record_action(Action("bowl", None, done=("slope",)))
    assert store.mastery()["power-rule"].p_known == pytest.approx(0.6)
    assert store.lesson_state("bowl") == LessonState("bowl")
    assert recorder.lesson_state("bowl") == LessonState("bowl")
    assert store.attempts()[0].context == "practice"


def _play(session, practice_round, verdict):
    """Answer every step of a round as the engine would record it."""
    for step_id in practice_round.step_ids:
        lesson = practice_round.lesson
        skills = lesson.skills_for(lesson_step(lesson, step_id))
        attempt = Attempt(lesson.id, step_id, practice_round.seed, "1", verdict, skills=skills)
        session.recorder.record_action(Action(lesson.id, step_id, attempt))


def lesson_step(lesson, step_id):
    return next(step for step in lesson.steps if step.id == step_id)


def test_a_session_practises_until_mastered_then_moves_to_the_next_weakest():
    lesson = Lesson(
        "one", (Step("a", ("power-rule",)), Step("b", ("update-rule",)), Step("c", ("update-rule",)))
    )
    store = open_store("ada")
    session = PracticeSession([lesson], store, "update-rule")
    changes = []
    skills = []
    while (practice_round := session.next_round()) is not None:
        skills.append(practice_round.skill)
        _play(session, practice_round, "correct")
        changes.append(session.finish_round())
    # update-rule: two right answers a round: 0.2 -> 0.6 -> 0.890323 in round one, 0.977 -> 0.995 in round two
    assert skills == ["update-rule", "update-rule", "power-rule", "power-rule", "power-rule"]
    assert changes[0].before == pytest.approx(0.2) and changes[0].after == pytest.approx(0.890323, abs=1e-6)
    assert not changes[0].mastered and changes[1].mastered
    assert [change.mastered for change in changes[2:]] == [False, False, True]  # 0.6, 0.890323, 0.977
    assert session.status is None  # every skill mastered


def test_a_session_on_a_mastered_skill_moves_on_at_once():
    lesson = Lesson("one", (Step("a", ("power-rule",)), Step("b", ("update-rule",))))
    store = open_store("ada")
    for _ in range(3):
        _answer(store, "one", "a", "correct", ("power-rule",))
    session = PracticeSession([lesson], store, "power-rule")
    assert session.status.mastered
    assert session.next_round().skill == "update-rule"


def test_a_session_for_an_unknown_skill_is_refused():
    with pytest.raises(UnknownSkillError):
        PracticeSession([BOWL], open_store("ada"), "nope")


def test_power_rule_rounds_come_from_a_lesson_that_draws_new_numbers_each_time():
    from gdtutor.lessons.catalog import discover
    from gdtutor.lessons.variants import has_variants

    lessons = [entry.lesson for entry in discover().entries]
    store = open_store("ada")
    status = choose_skill(lessons, store, "power-rule")
    assert len(status.lesson_ids) > 1  # lessons that draw nothing exercise it too
    seeds = set()
    for _ in range(3):
        practice_round = next_round(lessons, store, status)
        assert has_variants(practice_round.lesson)
        seeds.add(practice_round.seed)
        step_id = practice_round.step_ids[0]
        attempt = Attempt(
            practice_round.lesson.id, step_id, practice_round.seed, "x", "wrong", skills=("power-rule",)
        )
        PracticeRecorder(store).record_action(Action(practice_round.lesson.id, step_id, attempt))
    assert len(seeds) == 3


MOVABLE = """\
id: movable
title: A bowl to practise on
skills: [update-rule]
problem:
  objective: theta^2
  start: {theta: 3}
  alpha: 0.1
steps:
  - id: next-theta
    kind: number
    ask: theta
    iteration: 1
    prompt: With the start and α on the problem line, what is θ after one update?
"""


def _real(text: str):
    lesson, problems = parse_lesson(text, "lesson.yaml")
    assert not problems
    return lesson


def test_practice_moves_the_start_where_the_question_does_not_write_it_down():
    lesson = _real(MOVABLE)
    store = open_store("ada")
    status = choose_skill([lesson], store, "update-rule")
    starts = []
    for _ in range(3):
        practice_round = next_round([lesson], store, status)
        assert practice_round.numbers == "with new numbers (the start and α changed)"
        starts.append(practice_round.lesson.problem.start["theta"])
        tutor = Tutor.for_steps(practice_round.lesson, practice_round.step_ids, practice_round.seed)
        assert f"start θ = {show(starts[-1])}" in tutor.view().problem  # the problem line shows the new start
        attempt = Attempt(lesson.id, "next-theta", practice_round.seed, "1", "wrong", skills=("update-rule",))
        PracticeRecorder(store).record_action(Action(lesson.id, "next-theta", attempt))
    assert 3 not in starts and len(set(starts)) >= 2


def test_practice_says_why_when_the_question_writes_its_start_down():
    lesson = _real(MOVABLE.replace("With the start and α on the problem line", "From θ = 3 with α = 0.1"))
    practice_round = next_round([lesson], open_store("ada"), choose_skill([lesson], open_store("ada")))
    assert practice_round.lesson.problem.start["theta"] == 3
    assert practice_round.numbers == (
        "with the same numbers (the questions quote numbers that depend on the start;"
        " the questions quote numbers that depend on α)"
    )
