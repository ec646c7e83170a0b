"""A whole class read from the PostgreSQL store, read-only: what a class folder's stores are on SQLite.

``snapshots(url)`` yields every learner's progress as a ``ProgressStore`` copied into memory (the same
object ``gdtutor.classroom`` gets from a SQLite store), all taken in one read-only REPEATABLE READ
transaction: the report sees the class at one instant, and takes no lock a learner's answer waits on.
A teacher may connect with a role that can only read (``gdtutor_teacher``, see docs/deploy.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import psycopg

from gdtutor.errors import GdtutorError
from gdtutor.progress import postgres_schema
from gdtutor.progress.postgres import CONNECTION_SETTINGS, display_url, first_line, iso, learner_in_memory
from gdtutor.progress.store import LESSON, AttemptRecord, ProgressStore

LEARNERS = (
    "SELECT learner FROM attempts UNION SELECT learner FROM step_state"
    " UNION SELECT learner FROM lesson_state UNION SELECT learner FROM skill_state ORDER BY learner"
)


def snapshots(url: str) -> Iterator[ProgressStore]:
    """Every learner in the database at ``url``, by name, each as an in-memory copy that saves nothing.

    Raises GdtutorError (one line) when the database cannot be read or is from a newer gdtutor.
    """
    where = display_url(url)
    try:
        with psycopg.connect(url, **CONNECTION_SETTINGS) as connection:
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            with connection.transaction():
                cursor = connection.cursor()
                found = postgres_schema.schema_version(cursor)
                if found > postgres_schema.SCHEMA_VERSION:
                    raise GdtutorError(
                        f"{where} was written by a newer gdtutor (schema {found}, this one reads up to"
                        f" {postgres_schema.SCHEMA_VERSION}): upgrade gdtutor to read it"
                    )
                if found == 0:
                    return  # no gdtutor tables yet: nobody has worked
                for (learner,) in cursor.execute(LEARNERS).fetchall():
                    yield learner_in_memory(cursor, learner)
    except psycopg.Error as error:
        raise GdtutorError(f"cannot read the progress database at {where} ({first_line(error)})") from None


@dataclass(frozen=True)
class ClassChanges:
    """What the live dashboard reads in one poll: the new lesson attempts of the whole class, in order,
    each row ``(learner, id, time, lesson_id, step_id, answer, verdict, mistake_id, hints_used)``; and every
    learner's position, ``learner -> (lesson_id, current step, since when, done)``."""

    attempts: list[tuple]
    positions: dict[str, tuple]
    learners: list[str]


def class_changes(url: str, after_id: int) -> ClassChanges:
    """The class's attempts after ``after_id`` (ids are one sequence for the whole class) and positions."""
    where = display_url(url)
    try:
        with psycopg.connect(url, **CONNECTION_SETTINGS) as connection:
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            with connection.transaction():
                cursor = connection.cursor()
                if postgres_schema.schema_version(cursor) == 0:
                    return ClassChanges([], {}, [])
                attempts = cursor.execute(
                    "SELECT learner, id, time, lesson_id, step_id, answer, verdict, mistake_id, hints_used"
                    " FROM attempts WHERE id > %s AND context = %s ORDER BY id",
                    (after_id, LESSON),
                ).fetchall()
                positions = cursor.execute(
                    "SELECT m.learner, m.value, l.current_step, l.updated, coalesce(s.done, false)"
                    " FROM learner_meta m"
                    " LEFT JOIN lesson_state l ON l.learner = m.learner AND l.lesson_id = m.value"
                    " LEFT JOIN step_state s ON s.learner = m.learner AND s.lesson_id = m.value"
                    " AND s.step_id = l.current_step"
                    " WHERE m.key = 'last_lesson'"
                ).fetchall()
                learners = [name for (name,) in cursor.execute(LEARNERS).fetchall()]
    except psycopg.Error as error:
        raise GdtutorError(f"cannot read the progress database at {where} ({first_line(error)})") from None
    return ClassChanges(
        [(row[0], row[1], iso(row[2]), *row[3:]) for row in attempts],
        {row[0]: (row[1], row[2], row[3], bool(row[4])) for row in positions},
        learners,
    )


def step_attempts(url: str, learner: str, lesson_id: str, step_id: str) -> list[AttemptRecord]:
    """Every attempt ``learner`` made on the step, oldest first."""
    try:
        with psycopg.connect(url, **CONNECTION_SETTINGS) as connection:
            rows = connection.execute(
                "SELECT id, time, lesson_id, step_id, seed, answer, verdict, mistake_id, hints_used,"
                " first_attempt, context FROM attempts"
                " WHERE learner = %s AND lesson_id = %s AND step_id = %s ORDER BY id",
                (learner, lesson_id, step_id),
            ).fetchall()
    except psycopg.Error as error:
        where = display_url(url)
        raise GdtutorError(f"cannot read the progress database at {where} ({first_line(error)})") from None
    return [AttemptRecord.of((row[0], iso(row[1]), *row[2:9]), row[9], (), row[10]) for row in rows]
