"""The class report: every learner's record read once and summed up per learner, lesson, step and skill.

The figures, as the report and docs/classroom.md name them:

- attempts: graded answers given in lessons (an unreadable answer is not one; practice rounds are not
  lesson work), the record before a reset included;
- steps done: the lesson's steps the learner has finished, as their progress stands now (after any reset);
- first-try correct: steps whose first graded answer was right without a hint, out of the steps tried;
- time on task: the time between consecutive answers, leaving out pauses over ``IDLE_LIMIT`` (a break or
  another sitting), counted for the lesson of the later answer;
- per step: learners who reached it (answered it, finished it, or stand on it), finished it, tried it,
  got it right at the first try; the median of graded answers among those who tried; and each named
  mistake with how many learners made it, how many answers, and one answer as an example;
- connected now: learners with a session running in ``gdtutor serve`` at the time of the report (only for a
  class folder a server runs in, see ``gdtutor.classroom.live_sessions``; or a PostgreSQL store servers
  have run on, see ``gdtutor.progress.postgres_live``).
"""

from __future__ import annotations

import sqlite3
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from gdtutor.classroom.course import Outline, course_headers, outlines
from gdtutor.classroom.live_sessions import connected_learners, is_served
from gdtutor.classroom.stores import UnreadableStore, learner_of, snapshot_database, store_paths
from gdtutor.progress.mastery import is_mastered
from gdtutor.progress.store import LESSON, UNREADABLE, AttemptRecord, LessonState, ProgressStore
from gdtutor.progress.stores import class_connected, class_snapshots, store_url

IDLE_LIMIT_SECONDS = 300.0
MISTAKES_SHOWN = 3


@dataclass(frozen=True)
class LearnerRecord:
    """What the report reads from one store."""

    learner: str
    attempts: tuple[AttemptRecord, ...]
    lessons: dict[str, LessonState]
    mastery: dict[str, float]  # skill -> P(known)


@dataclass(frozen=True)
class LessonRow:
    learner: str
    lesson_id: str
    steps_done: int
    steps_tried: int
    first_try_correct: int
    attempts: int
    seconds_on_task: float
    last_active: str | None  # UTC ISO time of the last answer in the lesson


@dataclass(frozen=True)
class MistakeCount:
    mistake_id: str
    learners: int
    answers: int
    example: str


@dataclass(frozen=True)
class StepRow:
    lesson_id: str
    step_id: str
    reached: int
    finished: int
    tried: int
    first_try_correct: int
    median_attempts: float | None
    mistakes: tuple[MistakeCount, ...]

    @property
    def first_try_rate(self) -> float | None:
        return self.first_try_correct / self.tried if self.tried else None


@dataclass(frozen=True)
class SkillRow:
    skill: str
    learners: int
    mastered: int
    mean_p_known: float


@dataclass(frozen=True)
class ClassReport:
    learners: tuple[str, ...]
    lessons: tuple[LessonRow, ...]
    steps: tuple[StepRow, ...]
    mastery: dict[str, dict[str, float]]  # learner -> skill -> P(known)
    skills: tuple[SkillRow, ...]
    unreadable: tuple[str, ...] = ()  # one line per store that could not be read
    lesson_order: tuple[str, ...] = field(default=())
    connected: tuple[str, ...] | None = None  # learners in a session now; None: no server runs the folder

    @property
    def totals(self) -> dict[str, float | int]:
        tried = sum(row.steps_tried for row in self.lessons)
        right = sum(row.first_try_correct for row in self.lessons)
        return {
            "learners": len(self.learners),
            "unreadable_stores": len(self.unreadable),
            "attempts": sum(row.attempts for row in self.lessons),
            "steps_done": sum(row.steps_done for row in self.lessons),
            "steps_tried": tried,
            "first_try_correct": right,
            "first_try_rate": round(right / tried, 4) if tried else 0.0,
            "seconds_on_task": round(sum(row.seconds_on_task for row in self.lessons), 1),
        }


def read_class(folder: Path) -> tuple[list[LearnerRecord], list[str]]:
    """Every readable learner's record in ``folder``, and one line per store that could not be read.

    With a PostgreSQL store chosen (``--store`` or ``$GDTUTOR_STORE``) the class is read from there instead,
    all learners in one read-only snapshot; ``folder`` is then not read.
    """
    url = store_url()
    if url is not None:
        return [learner_record(store) for store in class_snapshots(url)], []
    records: list[LearnerRecord] = []
    unreadable: list[str] = []
    for path in store_paths(folder):
        try:
            database = snapshot_database(path)
        except UnreadableStore as error:
            unreadable.append(str(error))
            continue
        store = ProgressStore(
            database, learner=learner_of(path), path=path, saving=False, journal_mode="memory"
        )
        with store:
            records.append(learner_record(store, _attempts(database)))
    return records, unreadable


def _attempts(database: sqlite3.Connection) -> tuple[AttemptRecord, ...]:
    """The record without its skills, which the report does not use (decoding them was half its time)."""
    rows = database.execute(
        "SELECT id, time, lesson_id, step_id, seed, answer, verdict, mistake_id, hints_used, first_attempt,"
        " context FROM attempts ORDER BY id"
    ).fetchall()
    return tuple(AttemptRecord.of(row[:9], bool(row[9]), (), row[10]) for row in rows)


@dataclass(frozen=True)
class CourseView:
    """What the course's lesson files tell the report: titles by id and the outlines of the lessons worked."""

    titles: dict[str, str]
    outlines: dict[str, Outline]


def report_on(
    folder: Path, lesson_dirs: Sequence[str | Path] = (), also: Sequence[str] = ()
) -> tuple[ClassReport, CourseView]:
    """The report on the class in ``folder``, lessons and steps in course order.

    Lesson files are found as the tutor finds them, plus ``lesson_dirs``; ``also`` names lessons to
    outline even if nobody has started them (the gradebook's columns).
    """
    headers = course_headers(lesson_dirs)
    records, unreadable = read_class(folder)
    worked_on = sorted({lesson_id for record in records for lesson_id in record.lessons} | set(also))
    found = outlines(headers, worked_on)
    steps = {lesson_id: outline.steps for lesson_id, outline in found.items()}
    report = build_report(records, unreadable, [header.id for header in headers], steps)
    now = connected_now(folder)
    if now is not None:
        report = replace(report, connected=tuple(name for name in report.learners if name in now))
    return report, CourseView({header.id: header.title for header in headers}, found)


def connected_now(folder: Path) -> frozenset[str] | None:
    """Who has a session running now: from the PostgreSQL store when one is chosen (every server sharing it),
    else from ``folder``'s ``live/``; None when no server has run there."""
    url = store_url()
    if url is not None:
        return class_connected(url)
    return connected_learners(folder) if is_served(folder) else None


def learner_record(store: ProgressStore, attempts: Sequence[AttemptRecord] | None = None) -> LearnerRecord:
    """What the report needs of ``store`` (``attempts``: its record when already read)."""
    attempts = tuple(store.attempts() if attempts is None else attempts)
    lesson_ids = {a.lesson_id for a in attempts if a.context == LESSON} | set(store.lessons_started())
    return LearnerRecord(
        learner=store.learner,
        attempts=attempts,
        lessons={lesson_id: store.lesson_state(lesson_id) for lesson_id in sorted(lesson_ids)},
        mastery={skill: m.p_known for skill, m in store.mastery().items()},
    )


def build_report(
    records: Sequence[LearnerRecord],
    unreadable: Iterable[str] = (),
    lesson_order: Sequence[str] = (),
    step_order: Mapping[str, Sequence[str]] | None = None,
) -> ClassReport:
    """The report over ``records``; lessons in ``lesson_order`` first (e.g. the course's), then by id.

    Steps follow ``step_order`` (lesson id -> step ids, from the lesson files); a step not in it comes
    after, in the order learners first answered it.
    """
    known = {lesson_id for record in records for lesson_id in record.lessons}
    order = [lesson_id for lesson_id in lesson_order if lesson_id in known]
    order += sorted(known - set(order))
    rows = [row for record in records for row in _lesson_rows(record, order)]
    return ClassReport(
        learners=tuple(record.learner for record in records),
        lessons=tuple(rows),
        steps=tuple(_step_rows(records, order, step_order or {})),
        mastery={record.learner: dict(sorted(record.mastery.items())) for record in records},
        skills=tuple(_skill_rows(records)),
        unreadable=tuple(unreadable),
        lesson_order=tuple(order),
    )


def graded(attempts: Iterable[AttemptRecord]) -> list[AttemptRecord]:
    """The lesson answers that count as attempts: graded, in a lesson (not practice)."""
    return [a for a in attempts if a.context == LESSON and a.verdict != UNREADABLE]


def right_first_time(first: AttemptRecord) -> bool:
    return first.verdict == "correct" and first.hints_used == 0


def first_answers(attempts: Iterable[AttemptRecord]) -> dict[tuple[str, str], AttemptRecord]:
    """The first graded answer to each (lesson, step)."""
    firsts: dict[tuple[str, str], AttemptRecord] = {}
    for attempt in graded(attempts):
        firsts.setdefault((attempt.lesson_id, attempt.step_id), attempt)
    return firsts


def seconds_on_task(attempts: Sequence[AttemptRecord]) -> dict[str, float]:
    """Seconds per lesson between consecutive lesson answers, leaving out pauses over IDLE_LIMIT."""
    seconds: dict[str, float] = defaultdict(float)
    previous: datetime | None = None
    for attempt in (a for a in attempts if a.context == LESSON):
        moment = parse_time(attempt.time)
        if previous is not None and moment is not None:
            gap = (moment - previous).total_seconds()
            if 0 <= gap <= IDLE_LIMIT_SECONDS:
                seconds[attempt.lesson_id] += gap
        previous = moment if moment is not None else previous
    return seconds


def parse_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _lesson_rows(record: LearnerRecord, order: Sequence[str]) -> list[LessonRow]:
    answers = graded(record.attempts)
    firsts = first_answers(record.attempts)
    seconds = seconds_on_task(record.attempts)
    by_lesson: dict[str, list[AttemptRecord]] = defaultdict(list)
    for answer in answers:
        by_lesson[answer.lesson_id].append(answer)
    firsts_by_lesson: dict[str, list[AttemptRecord]] = defaultdict(list)
    for (lesson_id, _), first in firsts.items():
        firsts_by_lesson[lesson_id].append(first)
    last: dict[str, str] = {}
    for attempt in record.attempts:
        if attempt.context == LESSON:
            last[attempt.lesson_id] = max(last.get(attempt.lesson_id, ""), attempt.time)
    rows = []
    for lesson_id in order:
        if lesson_id not in record.lessons:
            continue
        state = record.lessons[lesson_id]
        mine, lesson_firsts = by_lesson[lesson_id], firsts_by_lesson[lesson_id]
        rows.append(
            LessonRow(
                learner=record.learner,
                lesson_id=lesson_id,
                steps_done=len(state.done),
                steps_tried=len(lesson_firsts),
                first_try_correct=sum(right_first_time(first) for first in lesson_firsts),
                attempts=len(mine),
                seconds_on_task=round(seconds.get(lesson_id, 0.0), 1),
                last_active=last.get(lesson_id),
            )
        )
    return rows


def _step_rows(
    records: Sequence[LearnerRecord], order: Sequence[str], step_order: Mapping[str, Sequence[str]]
) -> list[StepRow]:
    reached: dict[tuple[str, str], set[str]] = defaultdict(set)
    finished: dict[tuple[str, str], set[str]] = defaultdict(set)
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    right: dict[tuple[str, str], int] = Counter()
    mistake_learners: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    mistake_answers: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    examples: dict[tuple[str, str, str], str] = {}
    positions: dict[tuple[str, str], list[int]] = defaultdict(list)
    for record in records:
        learner = record.learner
        for lesson_id, state in record.lessons.items():
            for step_id in state.done:
                reached[lesson_id, step_id].add(learner)
                finished[lesson_id, step_id].add(learner)
            if state.current is not None:
                reached[lesson_id, state.current].add(learner)
        seen: dict[str, list[str]] = defaultdict(list)
        for attempt in record.attempts:
            if attempt.context != LESSON:
                continue
            key = (attempt.lesson_id, attempt.step_id)
            reached[key].add(learner)
            if attempt.step_id not in seen[attempt.lesson_id]:
                seen[attempt.lesson_id].append(attempt.step_id)
                positions[key].append(len(seen[attempt.lesson_id]))
            if attempt.verdict == UNREADABLE:
                continue
            counts[key][learner] = counts[key].get(learner, 0) + 1
            if attempt.mistake_id:
                mistake_learners[key][attempt.mistake_id].add(learner)
                mistake_answers[key][attempt.mistake_id] += 1
                examples.setdefault((*key, attempt.mistake_id), attempt.answer)
        for key, first in first_answers(record.attempts).items():
            right[key] += right_first_time(first)
    rank = {lesson_id: index for index, lesson_id in enumerate(order)}

    def place(key: tuple[str, str]) -> tuple[int, float, str]:
        lesson_steps = step_order.get(key[0], ())
        if key[1] in lesson_steps:
            return rank.get(key[0], len(rank)), lesson_steps.index(key[1]), key[1]
        where = positions.get(key) or [10**6]
        return rank.get(key[0], len(rank)), len(lesson_steps) + statistics.mean(where), key[1]

    rows = []
    for key in sorted(reached, key=place):
        per_learner = counts.get(key, {})
        mistakes = sorted(
            (
                MistakeCount(
                    mistake, len(learners), mistake_answers[key][mistake], examples[key[0], key[1], mistake]
                )
                for mistake, learners in mistake_learners[key].items()
            ),
            key=lambda m: (-m.learners, -m.answers, m.mistake_id),
        )
        rows.append(
            StepRow(
                lesson_id=key[0],
                step_id=key[1],
                reached=len(reached[key]),
                finished=len(finished.get(key, ())),
                tried=len(per_learner),
                first_try_correct=right.get(key, 0),
                median_attempts=float(statistics.median(per_learner.values())) if per_learner else None,
                mistakes=tuple(mistakes),
            )
        )
    return rows


def _skill_rows(records: Sequence[LearnerRecord]) -> list[SkillRow]:
    by_skill: dict[str, list[float]] = defaultdict(list)
    for record in records:
        for skill, p_known in record.mastery.items():
            by_skill[skill].append(p_known)
    return [
        SkillRow(skill, len(values), sum(is_mastered(p) for p in values), round(statistics.mean(values), 4))
        for skill, values in sorted(by_skill.items())
    ]
