"""One interface, two backends: which progress store a session uses, and what every store offers.

SQLite (one file per learner in the data folder) is the default and needs nothing set up. PostgreSQL
(``gdtutor[postgres]``) lets several servers share one record: it is chosen by a ``postgresql://`` URL given
as ``gdtutor --store URL`` or in ``$GDTUTOR_STORE``. The PostgreSQL backend, and psycopg with it, is
imported only when such a URL is given.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from gdtutor.errors import GdtutorError
from gdtutor.progress.mastery import BKTParams
from gdtutor.progress.store import (
    LESSON,
    Action,
    Attempt,
    AttemptRecord,
    LessonState,
    ProgressStore,
    ResetRecord,
    SkillMastery,
)

STORE_ENV = "GDTUTOR_STORE"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class Store(Protocol):
    """What the front-ends, commands and practice use; both backends implement it."""

    # Read-only to its users (a store sets them itself):
    @property
    def learner(self) -> str: ...
    @property
    def saving(self) -> bool: ...  # False: this session's answers are not (or not yet) in the saved record
    @property
    def messages(self) -> list[str]: ...  # one line each, for the front-end: why saving stopped, resumed
    @property
    def record_readable(self) -> bool: ...  # False: a saved record exists that this session cannot read

    def record_action(self, action: Action, context: str = LESSON) -> None: ...
    def record_attempt(self, attempt: Attempt, context: str = LESSON) -> int: ...
    def step_done(self, lesson_id: str, step_id: str) -> None: ...
    def set_current(self, lesson_id: str, step_id: str | None) -> None: ...
    def lesson_state(self, lesson_id: str) -> LessonState: ...
    def last_lesson(self) -> str | None: ...
    def seed_salt(self) -> str: ...
    def keep_salt(self, salt: str) -> str: ...
    def lessons_started(self) -> list[str]: ...
    def mastery(self) -> dict[str, SkillMastery]: ...
    def attempts(self) -> list[AttemptRecord]: ...
    def lesson_answers(self, lesson_id: str, after_id: int) -> list[AttemptRecord]: ...
    def resets(self) -> list[ResetRecord]: ...
    def use_lesson(self, lesson: Any) -> None: ...
    def set_lesson_params(
        self, lesson_id: str, overrides: Mapping[str, Mapping[str, object] | BKTParams]
    ) -> None: ...
    def params_for(self, lesson_id: str, skill: str) -> BKTParams: ...
    def reset(self, lesson_id: str | None = None) -> ResetRecord: ...
    def flush(self) -> bool: ...
    def close(self) -> None: ...
    def __enter__(self) -> Store: ...
    def __exit__(self, *exc_info: object) -> None: ...


def lesson_run(store: Store, lesson_id: str) -> LessonState:
    """Where the learner stands in a lesson, with the answers they gave in it since they (last) started it
    over, oldest first: what a tutor picks the lesson up from. Practice answers don't count."""
    state = store.lesson_state(lesson_id)
    since = max(
        (reset.last_attempt_id or 0 for reset in store.resets() if reset.lesson_id in (None, lesson_id)),
        default=0,
    )
    return replace(state, answers=tuple(store.lesson_answers(lesson_id, since)))


def close_telling(store: Store) -> tuple[bool, list[str]]:
    """Close ``store``: whether every answer of this session is in the saved record, and the lines it said
    while closing (the kept answers it could not write), for the front-end to show."""
    told = len(store.messages)
    store.close()
    return store.saving, store.messages[told:]


def store_url(url: str | None = None) -> str | None:
    """The PostgreSQL URL in force (``url``, else ``$GDTUTOR_STORE``), or None for SQLite.

    Raises GdtutorError for anything that is not a PostgreSQL URL.
    """
    chosen = (os.environ.get(STORE_ENV, "") if url is None else url).strip()
    if not chosen:
        return None
    if not chosen.startswith(POSTGRES_SCHEMES):
        raise GdtutorError(
            f"--store (or ${STORE_ENV}): expected a postgresql:// URL, got {chosen[:40]!r}"
            " (leave it unset to keep progress in SQLite files in the data folder)"
        )
    return chosen


def open_store(learner: str | None = None, data_dir: Path | None = None, *, url: str | None = None) -> Store:
    """The progress store of ``learner`` (default: the current one) on the backend in force.

    Like ``ProgressStore.open``, never raises for a problem with the database itself, only for a bad URL
    or a missing ``postgres`` extra (GdtutorError, exit 2).
    """
    chosen = store_url(url)
    if chosen is None:
        return ProgressStore.open(learner, data_dir)
    return postgres_backend().PostgresStore.open(chosen, learner)


def class_snapshots(url: str) -> Iterator[ProgressStore]:
    """Every learner of the PostgreSQL store at ``url``, each an in-memory copy that saves nothing.

    See ``gdtutor.progress.postgres_class``; raises GdtutorError (one line) when it cannot be read.
    """
    postgres_backend()
    from gdtutor.progress.postgres_class import snapshots

    return snapshots(url)


def class_connected(url: str) -> frozenset[str] | None:
    """Who is connected now on any server sharing the PostgreSQL store at ``url`` (None: no server has run
    on it); see ``gdtutor.progress.postgres_live``."""
    postgres_backend()
    from gdtutor.progress.postgres_class import connected_learners

    return connected_learners(url)


def postgres_backend() -> Any:
    """The PostgreSQL backend module, or a GdtutorError saying how to install it."""
    try:
        from gdtutor.progress import postgres
    except ImportError as error:
        raise GdtutorError(
            f"the PostgreSQL store needs the postgres extra ({error.name or error} is missing):"
            " pip install 'gdtutor[postgres]'"
        ) from None
    return postgres
