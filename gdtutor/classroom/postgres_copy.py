"""Copy a class folder's SQLite stores into the PostgreSQL store, for a class that outgrows one server.

Run it as often as needed: it is idempotent. Every SQLite attempt gets a fixed id (from the learner, its id
and its time) recorded in ``writes`` with it, so a second run copies only the attempts given since, and a
run cut short leaves each learner either copied whole or not at all (one transaction per learner). The
state derived from the attempts (steps done, current step, mastery) is copied row by row where the SQLite
row is newer than the one in PostgreSQL, so progress made on either side is never overwritten by older.

Each learner's result says how many attempts the SQLite store holds and how many of exactly those are in
PostgreSQL: equal numbers are the check that nothing was left behind.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg

from gdtutor.classroom.stores import UnreadableStore, learner_of, snapshot, store_paths
from gdtutor.errors import GdtutorError
from gdtutor.progress import postgres_schema
from gdtutor.progress.postgres import CONNECTION_SETTINGS, display_url, first_line, scalar

NAMESPACE = uuid.UUID("0c5bb0a5-7f35-4a43-9a57-3c8e2b6d1f10")  # of the ids of copied attempts and resets


@dataclass(frozen=True)
class Copied:
    learner: str
    in_sqlite: int  # attempts in the learner's SQLite store
    copied_now: int  # of those, copied by this run
    in_postgres: int  # of those, in PostgreSQL after this run

    @property
    def complete(self) -> bool:
        return self.in_postgres == self.in_sqlite


def copy_class(folder: Path, url: str) -> Iterator[Copied | UnreadableStore]:
    """Copy every store of the class in ``folder`` into the database at ``url``: a result (or problem) each.

    Each store is read from a read-only snapshot (``gdtutor.classroom.stores``), so a server still running
    on the folder is never held up. Raises GdtutorError when the database cannot be used at all.
    """
    where = display_url(url)
    try:
        with psycopg.connect(url, **CONNECTION_SETTINGS) as connection:
            with connection.transaction():
                postgres_schema.migrate(connection.cursor(), where)
            for path in store_paths(folder):
                try:
                    source = snapshot(path)
                except UnreadableStore as problem:
                    yield problem
                    continue
                with source, connection.transaction():
                    # the snapshot is a private in-memory copy: its tables are read directly
                    copied = copy_learner(source._connection, connection.cursor(), learner_of(path))
                yield copied  # only once committed: a printed count is a count in the database
    except psycopg.Error as error:
        reason = first_line(error)
        raise GdtutorError(f"cannot copy into the progress database at {where} ({reason})") from None


ATTEMPT_COLUMNS = (
    "time, lesson_id, step_id, seed, answer, verdict, mistake_id, hints_used, first_attempt, skills, context"
)


def _uid(learner: str, kind: str, row_id: int, time: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "\x1f".join((learner, kind, str(row_id), time)))


def copy_learner(source: sqlite3.Connection, cursor: psycopg.Cursor, learner: str) -> Copied:
    """Copy one learner's store (an in-memory copy) inside the caller's transaction."""
    uids = []
    copied = 0
    for row_id, *values in source.execute(f"SELECT id, {ATTEMPT_COLUMNS} FROM attempts ORDER BY id"):
        uid = _uid(learner, "attempt", row_id, values[0])
        uids.append(uid)
        if _first_time(cursor, uid, learner, values[0]):
            values[4] = values[4].replace("\x00", "\\x00")  # the answer: PostgreSQL text holds no NUL
            values[8] = bool(values[8])  # first_attempt
            cursor.execute(
                f"INSERT INTO attempts (learner, {ATTEMPT_COLUMNS})"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (learner, *values),
            )
            copied += 1
    _copy_derived_state(source, cursor, learner)
    _copy_resets(source, cursor, learner)
    in_postgres = scalar(cursor.execute("SELECT count(*) FROM writes WHERE uid = ANY(%s)", (uids,)))
    return Copied(learner, len(uids), copied, int(in_postgres))


def _first_time(cursor: psycopg.Cursor, uid: uuid.UUID, learner: str, time: str) -> bool:
    return bool(
        cursor.execute(
            "INSERT INTO writes (uid, learner, time) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
            (uid, learner, time),
        ).rowcount
    )


def _copy_derived_state(source: sqlite3.Connection, cursor: psycopg.Cursor, learner: str) -> None:
    for lesson_id, step_id, done, attempts, updated in source.execute(
        "SELECT lesson_id, step_id, done, attempts, updated FROM step_state"
    ):
        cursor.execute(
            "INSERT INTO step_state (learner, lesson_id, step_id, done, attempts, updated)"
            " VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (learner, lesson_id, step_id) DO UPDATE SET"
            " done = excluded.done, attempts = excluded.attempts, updated = excluded.updated"
            " WHERE step_state.updated < excluded.updated",
            (learner, lesson_id, step_id, bool(done), attempts, updated),
        )
    for lesson_id, current, updated in source.execute(
        "SELECT lesson_id, current_step, updated FROM lesson_state"
    ):
        cursor.execute(
            "INSERT INTO lesson_state (learner, lesson_id, current_step, updated) VALUES (%s, %s, %s, %s)"
            " ON CONFLICT (learner, lesson_id) DO UPDATE SET"
            " current_step = excluded.current_step, updated = excluded.updated"
            " WHERE lesson_state.updated < excluded.updated",
            (learner, lesson_id, current, updated),
        )
    for skill, p_known, observations, right, updated in source.execute(
        "SELECT skill, p_known, observations, right_count, updated FROM skill_state"
    ):
        cursor.execute(
            "INSERT INTO skill_state (learner, skill, p_known, observations, right_count, updated)"
            " VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (learner, skill) DO UPDATE SET"
            " p_known = excluded.p_known, observations = excluded.observations,"
            " right_count = excluded.right_count, updated = excluded.updated"
            " WHERE skill_state.updated < excluded.updated",
            (learner, skill, p_known, observations, right, updated),
        )
    for key, value in source.execute("SELECT key, value FROM meta"):
        cursor.execute(
            "INSERT INTO learner_meta (learner, key, value) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
            (learner, key, value),
        )


ARCHIVES = {
    "archived_step_state": ("lesson_id", "step_id", "done", "attempts", "updated"),
    "archived_lesson_state": ("lesson_id", "current_step", "updated"),
    "archived_skill_state": ("skill", "p_known", "observations", "right_count", "updated"),
}


def _copy_resets(source: sqlite3.Connection, cursor: psycopg.Cursor, learner: str) -> None:
    """New resets with their archived state; a reset's last attempt is found again by its time."""
    resets = source.execute(
        "SELECT r.id, r.time, r.lesson_id, a.time FROM resets r"
        " LEFT JOIN attempts a ON a.id = r.last_attempt_id ORDER BY r.id"
    ).fetchall()
    for reset_id, time, lesson_id, last_attempt_time in resets:
        if not _first_time(cursor, _uid(learner, "reset", reset_id, time), learner, time):
            continue
        last = None
        if last_attempt_time is not None:
            last = scalar(
                cursor.execute(
                    "SELECT max(id) FROM attempts WHERE learner = %s AND time <= %s",
                    (learner, last_attempt_time),
                )
            )
        new_id = scalar(
            cursor.execute(
                "INSERT INTO resets (learner, time, lesson_id, last_attempt_id) VALUES (%s, %s, %s, %s)"
                " RETURNING id",
                (learner, time, lesson_id, last),
            )
        )
        for table, columns in ARCHIVES.items():
            placeholders = ", ".join(["%s"] * (len(columns) + 1))
            for row in source.execute(
                f"SELECT {', '.join(columns)} FROM {table} WHERE reset_id = ?", (reset_id,)
            ):
                values = [
                    bool(value) if column == "done" else value
                    for column, value in zip(columns, row, strict=True)
                ]
                cursor.execute(
                    f"INSERT INTO {table} (reset_id, {', '.join(columns)}) VALUES ({placeholders})",
                    (new_id, *values),
                )
