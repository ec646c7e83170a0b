"""The database layout and its forward migrations; the schema version lives in ``PRAGMA user_version``.

``MIGRATIONS[n]`` takes a database from version ``n`` to ``n + 1``; a fresh file is version 0. A database
whose version is higher than this gdtutor knows was written by a newer gdtutor: it is refused, never touched.

``attempts`` is the learner's record and is append-only (triggers refuse UPDATE and DELETE). Everything else
is state derived from it as the learner goes (kept in the same transaction as the attempt that changes it). A
reset moves derived state into the ``archived_*`` tables under a ``resets`` row, so nothing is ever lost.
"""

from __future__ import annotations

import sqlite3

from gdtutor.errors import GdtutorError

_VERSION_1 = """
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,                 -- UTC, ISO 8601
    lesson_id TEXT NOT NULL,
    step_id TEXT NOT NULL,
    seed INTEGER,                       -- the variant the learner saw
    answer TEXT NOT NULL,               -- exactly as typed
    verdict TEXT NOT NULL,              -- correct | almost | wrong | invalid | ...
    mistake_id TEXT,
    hints_used INTEGER NOT NULL DEFAULT 0,
    first_attempt INTEGER NOT NULL,     -- 1 for the first answer to this step in this visit
    skills TEXT NOT NULL DEFAULT '[]',  -- JSON list of skill ids
    context TEXT NOT NULL DEFAULT 'lesson'  -- lesson | practice (practice changes mastery, not progress)
);
CREATE INDEX attempts_by_step ON attempts (lesson_id, step_id);
CREATE TRIGGER attempts_no_update BEFORE UPDATE ON attempts
    BEGIN SELECT RAISE(ABORT, 'attempts are append-only'); END;
CREATE TRIGGER attempts_no_delete BEFORE DELETE ON attempts
    BEGIN SELECT RAISE(ABORT, 'attempts are append-only'); END;

CREATE TABLE step_state (
    lesson_id TEXT NOT NULL,
    step_id TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    updated TEXT NOT NULL,
    PRIMARY KEY (lesson_id, step_id)
);
CREATE TABLE lesson_state (
    lesson_id TEXT PRIMARY KEY,
    current_step TEXT,
    updated TEXT NOT NULL
);
CREATE TABLE skill_state (
    skill TEXT PRIMARY KEY,
    p_known REAL NOT NULL,
    observations INTEGER NOT NULL DEFAULT 0,
    right_count INTEGER NOT NULL DEFAULT 0,
    updated TEXT NOT NULL
);
CREATE TABLE meta (
    key TEXT PRIMARY KEY,               -- last_lesson
    value TEXT
);

CREATE TABLE resets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    lesson_id TEXT,                     -- NULL: everything was reset
    last_attempt_id INTEGER             -- attempts up to this id came before the reset
);
CREATE TABLE archived_step_state (
    reset_id INTEGER NOT NULL REFERENCES resets (id),
    lesson_id TEXT NOT NULL,
    step_id TEXT NOT NULL,
    done INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE archived_lesson_state (
    reset_id INTEGER NOT NULL REFERENCES resets (id),
    lesson_id TEXT NOT NULL,
    current_step TEXT,
    updated TEXT NOT NULL
);
CREATE TABLE archived_skill_state (
    reset_id INTEGER NOT NULL REFERENCES resets (id),
    skill TEXT NOT NULL,
    p_known REAL NOT NULL,
    observations INTEGER NOT NULL,
    right_count INTEGER NOT NULL,
    updated TEXT NOT NULL
);
"""

MIGRATIONS: tuple[str, ...] = (_VERSION_1,)
SCHEMA_VERSION = len(MIGRATIONS)


class FutureSchemaError(GdtutorError):
    """The database was written by a newer gdtutor than this one."""

    def __init__(self, path: str, found: int, known: int = SCHEMA_VERSION) -> None:
        super().__init__(
            f"{path} was written by a newer gdtutor (schema {found}, this one knows up to {known})"
            " and is left untouched: upgrade gdtutor to keep saving"
        )
        self.found = found


def schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(connection: sqlite3.Connection, path: str) -> None:
    """Bring the database up to ``SCHEMA_VERSION``; the caller holds a write transaction.

    Raises FutureSchemaError, changing nothing, when the database is newer than this gdtutor.
    """
    found = schema_version(connection)
    if found > SCHEMA_VERSION:
        raise FutureSchemaError(path, found)
    for script in MIGRATIONS[found:]:
        for statement in _statements(script):
            connection.execute(statement)
    if found < SCHEMA_VERSION:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")


def _statements(script: str) -> list[str]:
    """Split a script into statements (``executescript`` would commit the caller's transaction)."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return [statement for statement in statements if statement]
