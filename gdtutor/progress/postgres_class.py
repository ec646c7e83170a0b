"""A whole class read from the PostgreSQL store, read-only: what a class folder's stores are on SQLite.

``snapshots(url)`` yields every learner's progress as a ``ProgressStore`` copied into memory (the same
object ``gdtutor.classroom`` gets from a SQLite store), all taken in one read-only REPEATABLE READ
transaction: the report sees the class at one instant, and takes no lock a learner's answer waits on.
A teacher may connect with a role that can only read (``gdtutor_teacher``, see docs/deploy.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import psycopg

from gdtutor.checking.plaintext import quote
from gdtutor.errors import GdtutorError
from gdtutor.progress import postgres_schema
from gdtutor.progress.postgres import (
    CONNECTION_SETTINGS,
    display_url,
    first_line,
    iso,
    learner_in_memory,
    scalar,
)
from gdtutor.progress.postgres_live import connected_now
from gdtutor.progress.store import LESSON, AttemptRecord, ProgressStore

LEARNERS = (
    "SELECT learner FROM attempts UNION SELECT learner FROM step_state"
    " UNION SELECT learner FROM lesson_state UNION SELECT learner FROM skill_state"
)
NOT_ARCHIVED = " EXCEPT SELECT archived_as FROM forgotten"  # from schema version 2


def _learners(cursor: psycopg.Cursor, version: int) -> list[str]:
    """Every learner with a record, by name, leaving out those archived by ``gdtutor class forget``."""
    query = LEARNERS + (NOT_ARCHIVED if version >= 2 else "") + " ORDER BY learner"
    return [name for (name,) in cursor.execute(query).fetchall()]


def snapshots(url: str) -> Iterator[ProgressStore]:
    """Every learner in the database at ``url``, by name, each as an in-memory copy that saves nothing.

    Raises GdtutorError (one line) when the database cannot be read or is from a newer gdtutor.
    """
    with _read_only(url) as cursor:
        found = postgres_schema.schema_version(cursor)
        if found > postgres_schema.SCHEMA_VERSION:
            raise GdtutorError(
                f"{display_url(url)} was written by a newer gdtutor (schema {found}, this one reads up to"
                f" {postgres_schema.SCHEMA_VERSION}): upgrade gdtutor to read it"
            )
        if found == 0:
            return  # no gdtutor tables yet: nobody has worked
        for learner in _learners(cursor, found):
            yield learner_in_memory(cursor, learner)


@contextmanager
def _read_only(url: str) -> Iterator[psycopg.Cursor]:
    """A cursor in one read-only REPEATABLE READ transaction: the class at one instant, holding up no
    learner. A database error becomes one GdtutorError line."""
    try:
        with psycopg.connect(url, **CONNECTION_SETTINGS) as connection:
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            with connection.transaction():
                yield connection.cursor()
    except psycopg.Error as error:
        where = display_url(url)
        raise GdtutorError(f"cannot read the progress database at {where} ({first_line(error)})") from None


@dataclass(frozen=True)
class ClassChanges:
    """What the live dashboard reads in one poll: the new lesson attempts of the whole class, in order,
    each row ``(learner, id, time, lesson_id, step_id, answer, verdict, mistake_id, hints_used)``; every
    learner's position, ``learner -> (lesson_id, current step, since when, done)``; and who is connected
    now on any server (None when no server has run on the database; see ``postgres_live``)."""

    attempts: list[tuple]
    positions: dict[str, tuple]
    learners: list[str]
    connected: frozenset[str] | None = None


def class_changes(url: str, after_id: int) -> ClassChanges:
    """The class's attempts after ``after_id`` (ids are one sequence for the whole class) and positions."""
    with _read_only(url) as cursor:
        version = postgres_schema.schema_version(cursor)
        if version == 0:
            return ClassChanges([], {}, [])
        connected = connected_now(cursor, version)
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
        learners = _learners(cursor, version)
    return ClassChanges(
        [(row[0], row[1], iso(row[2]), *row[3:]) for row in attempts],
        {row[0]: (row[1], row[2], row[3], bool(row[4])) for row in positions},
        learners,
        connected,
    )


def connected_learners(url: str) -> frozenset[str] | None:
    """Who is connected now on any server sharing the database at ``url``; None when no server has run
    on it."""
    with _read_only(url) as cursor:
        return connected_now(cursor, postgres_schema.schema_version(cursor))


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


def learner_snapshot(url: str, learner: str) -> ProgressStore:
    """``learner``'s progress as an in-memory copy that saves nothing, read in one read-only transaction.

    Raises GdtutorError when the learner has no record (the message lists some who have) or the database
    cannot be read.
    """
    with _read_only(url) as cursor:
        version = postgres_schema.schema_version(cursor)
        learners = _learners(cursor, version) if version else []
        if learner not in learners:
            raise GdtutorError(_no_such_learner(learner, display_url(url), learners))
        return learner_in_memory(cursor, learner)


def forget_learner(url: str, learner: str, now: datetime) -> tuple[str, int]:
    """Archive ``learner``: every row of theirs renamed to a new archive name, in one transaction; nothing
    is deleted. (The archive name, the number of attempts it holds.)

    Needs the database owner (the app and teacher roles may not); raises GdtutorError saying so, or when
    the learner has no record.
    """
    where = display_url(url)
    archived_as = f"{learner}@forgotten-{now:%Y%m%dT%H%M%SZ}"
    try:
        with psycopg.connect(url, **CONNECTION_SETTINGS) as connection, connection.transaction():
            cursor = connection.cursor()
            postgres_schema.migrate(cursor, where)
            learners = _learners(cursor, postgres_schema.SCHEMA_VERSION)
            if learner not in learners:
                raise GdtutorError(_no_such_learner(learner, where, learners))
            cursor.execute(
                "INSERT INTO forgotten (learner, archived_as, time) VALUES (%s, %s, %s)",
                (learner, archived_as, now),
            )
            for table in postgres_schema.LEARNER_TABLES:
                cursor.execute(f"UPDATE {table} SET learner = %s WHERE learner = %s", (archived_as, learner))
            cursor.execute("SELECT count(*) FROM attempts WHERE learner = %s", (archived_as,))
            moved = scalar(cursor)
    except psycopg.errors.InsufficientPrivilege:
        raise GdtutorError(
            f"forget: the role in {where} may not archive a learner; connect as the database's owner"
            " (see docs/deploy.md)"
        ) from None
    except psycopg.errors.UniqueViolation:
        raise GdtutorError(f"forget: {archived_as} already exists; try again in a second") from None
    except psycopg.Error as error:
        raise GdtutorError(f"cannot change the progress database at {where} ({first_line(error)})") from None
    return archived_as, int(moved)


def _no_such_learner(learner: str, where: str, learners: list[str]) -> str:
    known = ", ".join(learners[:10]) or "none"
    more = f" and {len(learners) - 10} more" if len(learners) > 10 else ""
    return f"no learner {quote(learner)} in {where} (learners: {known}{more})"
