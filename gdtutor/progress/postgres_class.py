"""A whole class read from the PostgreSQL store, read-only: what a class folder's stores are on SQLite.

``snapshots(url)`` yields every learner's progress as a ``ProgressStore`` copied into memory (the same
object ``gdtutor.classroom`` gets from a SQLite store), all taken in one read-only REPEATABLE READ
transaction: the report sees the class at one instant, and takes no lock a learner's answer waits on.
A teacher may connect with a role that can only read (``gdtutor_teacher``, see docs/deploy.md).
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg

from gdtutor.errors import GdtutorError
from gdtutor.progress import postgres_schema
from gdtutor.progress.postgres import CONNECTION_SETTINGS, display_url, first_line, learner_in_memory
from gdtutor.progress.store import ProgressStore

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
