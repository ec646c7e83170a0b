"""``gdtutor progress [--lessons DIR]``: per lesson, the steps done, the attempts, and the mastery of its
skills.

Progress is matched to the lessons as they are now, by step id: a step removed from a lesson file no longer
counts (its attempts stay in the record, see ``gdtutor export``). Lessons the learner worked on that can no
longer be found are listed by id at the end.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from gdtutor.commands._problems import skipped_line
from gdtutor.plain.text import printable_for
from gdtutor.progress.mastery import is_mastered
from gdtutor.progress.practice import NOT_PRACTISED
from gdtutor.progress.skills import MASTERY_MEANS, skill_name
from gdtutor.progress.store import SkillMastery
from gdtutor.progress.stores import Store, open_store
from gdtutor.safe_text import escape_controls

EPILOG = """\
A skill you have not answered a question on yet reads "not practised yet"; `gdtutor practice` works
on the weakest one.

examples:
  gdtutor progress"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "--lessons", metavar="DIR", action="append", default=[], help="also load lessons from DIR"
    )


def run(args: argparse.Namespace) -> int:
    from gdtutor.lessons.catalog import discover

    catalog = discover(args.lessons)
    store = open_store()
    for message in store.messages:
        print(f"gdtutor: {escape_controls(message)}", file=sys.stderr)
    skipped = skipped_line(catalog.problems)
    if skipped:
        print(printable_for(sys.stderr, skipped), file=sys.stderr)
    lessons = [entry.lesson for entry in catalog.entries]
    for lesson in lessons:
        store.use_lesson(lesson)
    mastery = store.mastery()
    # Lesson text is made safe when it is loaded; what comes from the store (the learner's name, ids of
    # lessons no longer found) passes the same boundary here.
    print(f"Progress of {escape_controls(store.learner)}")
    for lesson in lessons:
        print()
        print(_lesson_block(lesson, store, mastery))
    catalog_ids = {lesson.id for lesson in lessons}
    missing = [lesson_id for lesson_id in store.lessons_started() if lesson_id not in catalog_ids]
    if missing:
        print()
        shown = ", ".join(escape_controls(lesson_id) for lesson_id in missing)
        print(f"Lessons with progress that are no longer available: {shown}")
    print()
    print(_mastery_summary(lessons, mastery))
    store.close()
    return 0


def _lesson_block(lesson: Any, store: Store, mastery: dict[str, SkillMastery]) -> str:
    step_ids = [step.id for step in lesson.steps]
    state = store.lesson_state(lesson.id)
    done = len(state.done_among(step_ids))
    attempts = sum(state.attempts.get(step_id, 0) for step_id in step_ids)
    skills = _lesson_skills(lesson)
    levels = ", ".join(_skill_level(skill, mastery.get(skill)) for skill in skills) or "no skills named"
    finished = "  (finished)" if done == len(step_ids) else ""
    return "\n".join(
        [
            f"  {lesson.id}: {lesson.title}",
            f"    {done}/{len(step_ids)} steps done, {attempts} attempt{_plural(attempts)}{finished}",
            f"    mastery: {levels}",
        ]
    )


def _plural(count: int) -> str:
    return "" if count == 1 else "s"


def _lesson_skills(lesson: Any) -> list[str]:
    """The skills the lesson's questions exercise (a skill the lesson lists but never asks about is not
    one the learner can show, so it never counts against them)."""
    skills: list[str] = []
    for step in lesson.steps:
        for skill in lesson.skills_for(step) if step.is_question else ():
            if skill not in skills:
                skills.append(skill)
    return skills


def _skill_level(skill: str, known: SkillMastery | None) -> str:
    if known is None:
        return f"{skill_name(skill)} {NOT_PRACTISED}"
    mark = " (mastered)" if is_mastered(known.p_known) else ""
    return f"{skill_name(skill)} {round(100 * known.p_known)}%{mark}"


def _mastery_summary(lessons: list[Any], mastery: dict[str, SkillMastery]) -> str:
    skills = {skill for lesson in lessons for skill in _lesson_skills(lesson)}
    mastered = sum(1 for skill in skills if skill in mastery and is_mastered(mastery[skill].p_known))
    if skills and mastered == len(skills):
        return f"All {len(skills)} skills mastered.\n{MASTERY_MEANS}"
    untouched = sum(1 for skill in skills if skill not in mastery)
    not_yet = f" ({untouched} not practised yet)" if untouched else ""
    practice = "`gdtutor practice` works on the weakest one."
    return f"Skills mastered: {mastered} of {len(skills)}{not_yet}. {practice}\n{MASTERY_MEANS}"
