"""Practice: find the weakest skill, and the steps that exercise it, drawn as fresh variants each round.

A skill is exercised by every question step that names it (a step without skills takes its lesson's). Its
mastery is the store's BKT estimate, or the prior ``p_init`` while the learner has not been observed on it.
Practice goes to the weakest skill not yet mastered (lowest estimate; then the one seen least; then the one
the course teaches first, so a new learner starts where the course starts),
one round at a time: a few of the steps exercising it, from one lesson (the lessons take turns), with a seed
that is new for every round so the numbers change. Practice attempts count toward mastery but leave the
lessons' own progress alone (see ``PracticeRecorder``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gdtutor.errors import GdtutorError
from gdtutor.lessons.variants import has_variants
from gdtutor.progress.learner import derive_seed
from gdtutor.progress.mastery import is_mastered
from gdtutor.progress.new_numbers import new_numbers
from gdtutor.progress.skills import skill_name
from gdtutor.progress.store import PRACTICE, Action, LessonState
from gdtutor.progress.stores import Store

ROUND_SIZE = 3
NOT_PRACTISED = "not practised yet"  # how every front-end words a skill the learner was never observed on


class UnknownSkillError(GdtutorError):
    """Practice was asked for a skill that no lesson exercises."""


@dataclass(frozen=True)
class SkillStatus:
    skill: str
    p_known: float
    observations: int
    lesson_ids: tuple[str, ...]  # the lessons with a step exercising the skill, in course order

    @property
    def mastered(self) -> bool:
        return is_mastered(self.p_known)

    @property
    def level(self) -> str:
        """ "mastery 42%", or NOT_PRACTISED: the prior is no mastery the learner showed."""
        return NOT_PRACTISED if self.observations == 0 else f"mastery {percent(self.p_known)}"


def percent(p_known: float) -> str:
    return f"{round(100 * p_known)}%"


@dataclass(frozen=True)
class PracticeRound:
    """One round: run ``step_ids`` of ``lesson`` (a ``Lesson``) as a variant drawn from ``seed``."""

    skill: str
    lesson: Any
    step_ids: tuple[str, ...]
    seed: int
    number: int  # how many rounds on this skill the learner has answered before this one
    fixed: str = ""  # why (some of) the lesson's own numbers stay; "" when nothing had to
    varied: tuple[str, ...] = ()  # what got new numbers in a lesson that draws none ("the start", "α" …)

    @property
    def numbers(self) -> str:
        """How the round's numbers compare with the lesson's, in words for the learner."""
        if not self.varied:
            return "with new numbers" if not self.fixed else f"with the same numbers ({self.fixed})"
        *others, last = self.varied
        changed = f"{', '.join(others)} and {last}" if others else last
        return f"with new numbers ({changed} changed{'; ' + self.fixed if self.fixed else ''})"


def exercising_steps(lesson: Any, skill: str) -> list[str]:
    """Ids of the question steps of ``lesson`` that exercise ``skill``, in lesson order."""
    return [step.id for step in lesson.steps if step.is_question and skill in lesson.skills_for(step)]


def exercised_skills(lessons: Sequence[Any]) -> dict[str, tuple[str, ...]]:
    """Every skill some question step exercises -> the ids of the lessons exercising it, in course order:
    by the first step exercising each skill, ``lessons`` being in course order."""
    skills: dict[str, list[str]] = {}
    for lesson in lessons:
        for step in lesson.steps:
            if step.is_question:
                for skill in lesson.skills_for(step):
                    owners = skills.setdefault(skill, [])
                    if lesson.id not in owners:
                        owners.append(lesson.id)
    return {skill: tuple(owners) for skill, owners in skills.items()}


def skill_statuses(lessons: Sequence[Any], store: Store) -> list[SkillStatus]:
    """Every exercised skill with its mastery, weakest first; among equals, the less observed and then the
    one taught first."""
    for lesson in lessons:
        store.use_lesson(lesson)
    known = store.mastery()
    statuses = []
    for skill, lesson_ids in exercised_skills(lessons).items():
        if skill in known:
            p_known, seen = known[skill].p_known, known[skill].observations
        else:
            p_known, seen = store.params_for(lesson_ids[0], skill).p_init, 0
        statuses.append(SkillStatus(skill, p_known, seen, lesson_ids))
    # statuses are in course order, and sorting is stable: among equals the skill taught first leads
    return sorted(statuses, key=lambda status: (status.p_known, status.observations))


def choose_skill(lessons: Sequence[Any], store: Store, skill: str | None = None) -> SkillStatus | None:
    """The named skill, or the weakest not yet mastered; None when every skill is mastered.

    Raises UnknownSkillError, listing the known skills, when no lesson exercises the named skill.
    """
    statuses = skill_statuses(lessons, store)
    if skill is None:
        return next((status for status in statuses if not status.mastered), None)
    return _named(statuses, skill)


def _named(statuses: list[SkillStatus], skill: str) -> SkillStatus:
    for status in statuses:
        if status.skill == skill:
            return status
    known = ", ".join(sorted(status.skill for status in statuses)) or "none"
    raise UnknownSkillError(f"no lesson exercises the skill {skill!r}; the skills to practise are: {known}")


def next_round(
    lessons: Sequence[Any], store: Store, status: SkillStatus, size: int = ROUND_SIZE
) -> PracticeRound:
    """The next round for the skill of ``status``: which lesson, which steps, and a seed for new numbers.

    Rounds are counted by the practice attempts recorded (one seed a round), so each answered round moves
    the count on: the next round gets another seed, the next lesson in turn and the next steps of it. The
    lessons exercising the skill take turns, only those that draw their numbers when any does, so that
    every round has new numbers wherever the course can give them.
    """
    rounds_answered = {
        (attempt.lesson_id, attempt.seed)
        for attempt in store.attempts()
        if attempt.context == PRACTICE and status.skill in attempt.skills
    }
    number = len(rounds_answered)
    by_id = {lesson.id: lesson for lesson in lessons}
    # Lessons that draw their numbers give a new variant every round; the others would repeat theirs.
    turns = [lesson_id for lesson_id in status.lesson_ids if has_variants(by_id[lesson_id])]
    turns = turns or list(status.lesson_ids)
    lesson = by_id[turns[number % len(turns)]]
    step_ids = exercising_steps(lesson, status.skill)
    start = (number // len(turns)) * size % len(step_ids)
    chosen = (step_ids[start:] + step_ids[:start])[:size]
    seed = derive_seed("practice", store.seed_salt(), store.learner, status.skill, lesson.id, number)
    if has_variants(lesson):
        return PracticeRound(status.skill, lesson, tuple(chosen), seed, number)
    drawn = new_numbers(lesson, chosen, seed)
    return PracticeRound(status.skill, drawn.lesson, tuple(chosen), seed, number, drawn.kept, drawn.varied)


@dataclass(frozen=True)
class SkillChange:
    """What one round did to the mastery of its skill."""

    skill: str
    before: float
    after: float
    first: bool = False  # the skill had never been practised before this round: ``before`` is the prior

    @property
    def mastered(self) -> bool:
        return is_mastered(self.after)

    def moved(self, arrow: str = "->") -> str:
        """How the round moved mastery: "update-rule: mastery 42% -> 60%"."""
        if self.first:
            return f"{skill_name(self.skill)}: mastery {percent(self.after)} after your first round"
        return f"{skill_name(self.skill)}: mastery {percent(self.before)} {arrow} {percent(self.after)}"


class PracticeSession:
    """Rounds of practice: the named skill (or the weakest) until mastered, then the next weakest, and so on.

    A front-end loops: ``next_round()`` (None: every skill is mastered), run the round's tutor with
    ``recorder``, then ``finish_round()`` to learn how the skill moved. ``status`` is the skill being
    practised (it may be a named skill that was mastered already; the next round moves on from it).
    """

    def __init__(self, lessons: Sequence[Any], store: Store, skill: str | None = None) -> None:
        self._lessons = list(lessons)
        self._store = store
        self.recorder = PracticeRecorder(store)
        self.status = choose_skill(self._lessons, store, skill)

    def next_round(self) -> PracticeRound | None:
        if self.status is not None and self.status.mastered:
            self.status = choose_skill(self._lessons, self._store)
        if self.status is None:
            return None
        return next_round(self._lessons, self._store, self.status)

    def finish_round(self) -> SkillChange:
        """The change in the current skill's mastery since the round began."""
        if self.status is None:
            raise RuntimeError("finish_round() without a round")  # a front-end bug, not the learner's
        before = self.status
        self.status = _named(skill_statuses(self._lessons, self._store), before.skill)
        return SkillChange(before.skill, before.p_known, self.status.p_known, before.observations == 0)


class PracticeRecorder:
    """The recorder a practice tutor gets: its attempts update mastery, never the lessons' progress."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def record_action(self, action: Action) -> None:
        """Only the attempt counts: practice never completes a step or moves where a lesson resumes."""
        if action.attempt is not None:
            self.store.record_action(action, context=PRACTICE)

    def lesson_state(self, lesson_id: str) -> LessonState:
        return LessonState(lesson_id)  # practice always starts from its first step
