"""The progress store on PostgreSQL, for several servers sharing one record of every learner.

The same contract as the SQLite store (``gdtutor.progress.store``), for any number of processes on any
number of machines:

- Durable before acknowledged: each learner action is one transaction, committed with
  ``synchronous_commit = on`` before the call returns.
- One statement: a learner action (an answer, a step done, the current step) is one call of the database's
  function ``gdtutor_act`` (schema version 4), which reads nothing before it writes: every row it changes is
  changed from the value the row holds (``attempts + 1``, a skill's mastery updated by Bayes' rule). Run
  outside any explicit transaction, the statement is its own transaction. The rare other writes (the seed
  salt, a reset) send BEGIN to COMMIT in one pipeline flight.
- Isolation: REPEATABLE READ (the session's default, so that it holds for the single statement too). A row
  changed by another session since the action's snapshot makes the action fail with a serialization failure
  instead of overwriting it. SERIALIZABLE would add predicate locks on index pages that every learner
  shares: with 50 sessions at once they failed and retried most actions (p50 300 ms in
  benchmarks/bench_postgres_store.py) for no anomaly these writes have.
- Races: two sessions of one learner (two terminals, two servers) may write at once. A transaction that loses
  (a serialization failure or a deadlock) is retried with a growing, jittered pause, never dropped.
- Exactly once: every action carries a fresh id, recorded in ``writes`` in the same transaction, so an action
  replayed after an unacknowledged COMMIT (the connection dropped at that moment) is not applied twice.
- Faults: when the database cannot be reached or refuses a write, the call still returns. ``saving`` turns
  False and ``messages`` says at once that answers are not being saved and why. Actions are kept in order,
  and retried at most every ``RETRY_SECONDS``; when the database answers again they are written, ``saving``
  turns True again and a message says so. Meanwhile the session reads its own copy: a private in-memory
  SQLite store (``mirror``) that receives every action too. While the database answers, nothing reads the
  mirror, so an action reaches it only when it is next read (or when an action is not written): the mirror's
  write would otherwise cost an answer a third of the session's CPU for it.
- A database with a newer schema is refused, left untouched, and never retried.

psycopg is imported only by this module, which is loaded only when a ``postgresql://`` store is chosen.
"""

from __future__ import annotations

import contextlib
import json
import logging
import random
import sqlite3
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import errors
from psycopg.pq import TransactionStatus

from gdtutor.errors import GdtutorError
from gdtutor.progress import postgres_schema
from gdtutor.progress.learner import learner_name, new_salt
from gdtutor.progress.mastery import DEFAULT_PARAMS, BKTParams, observation
from gdtutor.progress.schema import FutureSchemaError
from gdtutor.progress.schema import migrate as migrate_sqlite
from gdtutor.progress.store import (
    LESSON,
    SALT_KEY,
    UNREADABLE,
    Action,
    Attempt,
    AttemptRecord,
    LessonState,
    ProgressStore,
    ResetRecord,
    SkillMastery,
    _storable,
    stored_answer,
)

CONNECT_TIMEOUT_SECONDS = 5
RECONNECT_SECONDS = 2  # how long an action waits for a new connection when the last one was dropped
RETRY_SECONDS = 2.0  # while not saving: how often an action tries the database again
CLOSE_WAIT_SECONDS = 10.0  # at the end of a session: how long kept answers wait for a database coming back
RACE_RETRIES = 12  # a transaction that lost a race is retried this often before the action counts as failed
MIRROR_LAG = 256  # actions the in-memory copy may be behind before it catches up: a long session stays small
CONNECTION_SETTINGS: dict[str, Any] = {
    "autocommit": True,  # transactions are explicit: one per action
    "connect_timeout": CONNECT_TIMEOUT_SECONDS,
    "application_name": "gdtutor",
    # over TCP, notice a server or network that went silent within about 20 s instead of the kernel's hours
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 3,
    "tcp_user_timeout": 20_000,
}

T = TypeVar("T")

logging.getLogger("psycopg").addHandler(logging.NullHandler())  # psycopg's warnings never reach a terminal


class _Part(Protocol):
    """One change of a rare action (the salt, a reset), sent with every other part of it in one flight.

    ``write`` queues its statements on the connection (in pipeline mode, inside the action's transaction)
    and returns how to get its result once the transaction has committed. A part reads nothing first: a
    value that depends on the row's current one is worked out by the statement that changes it.
    """

    def write(self, connection: psycopg.Connection, learner: str, now: datetime) -> Callable[[], Any]: ...


@dataclass(frozen=True)
class _Action:
    """One learner action waiting to be written: its id makes the write idempotent.

    ``change`` is a ``_Change`` (one statement) or the parts of a rare action (one pipeline flight).
    """

    uid: uuid.UUID
    time: datetime
    change: _Change | tuple[_Part, ...]
    to_mirror: Callable[[ProgressStore], Any]  # the same action on the session's own copy


def display_url(url: str) -> str:
    """``url`` without its password, to show in messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}@{host}" if user else host))


def iso(moment: datetime) -> str:
    """A timestamp as the SQLite store writes it: UTC, milliseconds, ``Z``."""
    utc = moment.astimezone(timezone.utc)
    return utc.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class PostgresStore:
    """One learner's progress in a shared PostgreSQL database. Implements the engine's ``Recorder``.

    Open with ``PostgresStore.open(url)``. Safe to share between threads of one process (calls are
    serialised); processes and machines share through the database.
    """

    def __init__(self, url: str, learner: str) -> None:
        self.url = url
        self.learner = learner
        self.path = None
        self.where = display_url(url)
        self.saving = False
        self.journal_mode = "postgresql"
        self.messages: list[str] = []
        self.record_readable = True
        self._lock = threading.RLock()
        self._connection: psycopg.Connection | None = None  # one per store: its actions are serialised
        self._pending: deque[_Action] = deque()
        self._next_try = 0.0
        self._refused = False  # a newer schema: never written, never retried
        self._outage_told = False
        self.races_retried = 0  # transactions that lost a race with another session and were run again
        self._mirror = _empty_mirror(learner)
        self._mirror_behind: deque[Callable[[ProgressStore], Any]] = deque()  # actions it has yet to get
        self._mirror_result: Any = None

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(cls, url: str, learner: str | None = None) -> PostgresStore:
        """The store of ``learner`` (default: the current one) in the database at ``url``.

        Never raises for a problem with the database: the store then starts unsaved and says why.
        """
        store = cls(url, learner_name() if learner is None else learner)
        with store._lock:
            try:
                store._connect()
                store.saving = True
            except FutureSchemaError as error:
                store._refused = True
                store.record_readable = False
                store.messages.append(f"{error.message}; progress is not saved this session")
            except psycopg.Error as error:
                store.record_readable = False
                store._stop_saving(_failure(error, store.where))
        return store

    def _connect(self) -> None:
        """Connect, bring the schema up to date and fill the mirror; the connection stays for the actions.

        One connection, not a pool: a session's actions come one at a time, and a pool's threads, module
        and second connection cost memory in every session process.
        """
        self._disconnect()
        connection = _open(self.url, CONNECT_TIMEOUT_SECONDS)
        try:
            # versions only go up: a database already at this one needs neither the migration's lock, which
            # queues every session of a class that starts at once, nor its transaction
            mirror = _snapshot_if_current(connection, self.learner)
            if mirror is None:
                if postgres_schema.schema_version(connection.cursor()) != postgres_schema.SCHEMA_VERSION:
                    with connection.transaction():
                        postgres_schema.migrate(connection.cursor(), self.where)
                mirror = _read_snapshot(connection, lambda cursor: learner_in_memory(cursor, self.learner))
        except BaseException:
            connection.close()
            raise
        self._mirror.close()
        self._mirror = mirror
        self._mirror_behind = deque(action.to_mirror for action in self._pending)  # not in the database yet
        self._connection = connection

    def _connected(self) -> psycopg.Connection:
        """The store's connection; a new one (waiting at most ``RECONNECT_SECONDS``) if it was dropped."""
        if self._connection is None or self._connection.closed or self._connection.broken:
            self._disconnect()
            self._connection = _open(self.url, RECONNECT_SECONDS)
        return self._connection

    def close(self) -> None:
        """Write what is pending, waiting up to ``CLOSE_WAIT_SECONDS`` for a database that is coming back.

        A restart or failover takes seconds; without this wait a session that ended during one would lose the
        answers it kept.
        """
        with self._lock:
            deadline = time.monotonic() + CLOSE_WAIT_SECONDS
            while self._pending and not self._refused:
                self._flush()
                left = deadline - time.monotonic()
                if not self._pending or left <= 0:
                    break
                time.sleep(min(RETRY_SECONDS, left))
            if self._pending and not self._refused:
                self.messages.append(
                    f"{len(self._pending)} answers of this session could not be written:"
                    f" the progress database at {self.where} did not come back"
                )
            self._disconnect()
            self._mirror.close()

    def flush(self) -> bool:
        """Try now to write what is pending; True when everything of this session is in the database."""
        with self._lock:
            if self._pending and not self._refused:
                self._flush()
            return self.saving and not self._pending

    def _disconnect(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(psycopg.Error):
                self._connection.close()
            self._connection = None

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def unsaved(self) -> int:
        """How many actions of this session are not in the database yet."""
        return len(self._pending)

    # ------------------------------------------------------ the Recorder protocol

    def record_action(self, action: Action, context: str = LESSON) -> None:
        """One learner action in one transaction (see ``ProgressStore.record_action``)."""
        attempt = None
        if action.attempt is not None:
            attempt = _attempt_fields(
                action.attempt, context, self._mirror._params_for(action.attempt.lesson_id)
            )
        if context == LESSON:
            change = _Change(
                attempt,
                _storable(action.lesson_id),
                tuple(_storable(step_id) for step_id in action.done),
                sets_current=True,
                current=None if action.current is None else _storable(action.current),
            )
        elif attempt is not None:
            change = _Change(attempt)
        else:
            return
        self._write(change, lambda mirror: mirror.record_action(action, context))

    def record_attempt(self, attempt: Attempt, context: str = LESSON) -> int:
        """Append ``attempt`` to the record and update the step's state and its skills' mastery."""
        fields = _attempt_fields(attempt, context, self._mirror._params_for(attempt.lesson_id))
        return self._write(_Change(fields), lambda mirror: mirror.record_attempt(attempt, context))

    def step_done(self, lesson_id: str, step_id: str) -> None:
        change = _Change(lesson_id=lesson_id, done=(step_id,))
        self._write(change, lambda mirror: mirror.step_done(lesson_id, step_id))

    def set_current(self, lesson_id: str, step_id: str | None) -> None:
        change = _Change(lesson_id=lesson_id, sets_current=True, current=step_id)
        self._write(change, lambda mirror: mirror.set_current(lesson_id, step_id))

    def lesson_state(self, lesson_id: str) -> LessonState:
        def read(cursor: psycopg.Cursor) -> LessonState:
            rows = cursor.execute(LESSON_STATE, {"learner": self.learner, "lesson": lesson_id}).fetchall()
            steps = [(step_id, done, count) for step_id, done, count, is_current in rows if not is_current]
            current = next(((step_id,) for step_id, _, _, is_current in rows if is_current), None)
            return LessonState(
                lesson_id=lesson_id,
                done=frozenset(step_id for step_id, done, _ in steps if done),
                attempts={step_id: count for step_id, _, count in steps if count},
                current=None if current is None else current[0],
                finished=current is not None and current[0] is None,
            )

        return self._read(read, lambda mirror: mirror.lesson_state(lesson_id))

    # ------------------------------------------------------------ more reading

    def seed_salt(self) -> str:
        """The learner's secret salt for variant seeds (see ``ProgressStore.seed_salt``)."""
        found = self.stored_salt()
        return found if found is not None else self.keep_salt(new_salt())

    def stored_salt(self) -> str | None:
        def read(cursor: psycopg.Cursor) -> str | None:
            row = cursor.execute(
                "SELECT value FROM learner_meta WHERE learner = %s AND key = %s", (self.learner, SALT_KEY)
            ).fetchone()
            return None if row is None else row[0]

        return self._read(read, ProgressStore.stored_salt)

    def keep_salt(self, salt: str) -> str:
        """Keep ``salt`` unless the record holds one already; the one in force."""
        self._write((_SaltPart(salt),), lambda mirror: mirror.keep_salt(salt))
        return self.stored_salt() or salt

    def last_lesson(self) -> str | None:
        def read(cursor: psycopg.Cursor) -> str | None:
            row = cursor.execute(
                "SELECT value FROM learner_meta WHERE learner = %s AND key = 'last_lesson'", (self.learner,)
            ).fetchone()
            return None if row is None else row[0]

        return self._read(read, ProgressStore.last_lesson)

    def lessons_started(self) -> list[str]:
        def read(cursor: psycopg.Cursor) -> list[str]:
            rows = cursor.execute(
                "SELECT lesson_id, max(updated) AS touched FROM ("
                " SELECT lesson_id, updated FROM step_state WHERE learner = %s"
                " UNION ALL SELECT lesson_id, updated FROM lesson_state WHERE learner = %s"
                ") AS touched_lessons GROUP BY lesson_id ORDER BY touched DESC, lesson_id",
                (self.learner, self.learner),
            ).fetchall()
            return [lesson_id for lesson_id, _ in rows]

        return self._read(read, ProgressStore.lessons_started)

    def mastery(self) -> dict[str, SkillMastery]:
        def read(cursor: psycopg.Cursor) -> dict[str, SkillMastery]:
            rows = cursor.execute(
                "SELECT skill, p_known, observations, right_count FROM skill_state WHERE learner = %s",
                (self.learner,),
            ).fetchall()
            return {skill: SkillMastery(skill, p, seen, right) for skill, p, seen, right in rows}

        return self._read(read, ProgressStore.mastery)

    def attempts(self) -> list[AttemptRecord]:
        def read(cursor: psycopg.Cursor) -> list[AttemptRecord]:
            return _attempt_records(cursor, self.learner)

        return self._read(read, ProgressStore.attempts)

    def lesson_answers(self, lesson_id: str, after_id: int) -> list[AttemptRecord]:
        """The answers given in ``lesson_id`` (not in practice) after attempt ``after_id``, in order."""
        return [
            attempt
            for attempt in self.attempts()
            if attempt.lesson_id == lesson_id and attempt.context == LESSON and attempt.id > after_id
        ]

    def resets(self) -> list[ResetRecord]:
        def read(cursor: psycopg.Cursor) -> list[ResetRecord]:
            return _reset_records(cursor, self.learner)

        return self._read(read, ProgressStore.resets)

    # ------------------------------------------------------------- other writes

    def use_lesson(self, lesson: Any) -> None:
        """Take a lesson's BKT overrides (see ``ProgressStore.use_lesson``)."""
        with self._lock:
            self._caught_up_mirror().use_lesson(lesson)  # the actions before it with the parameters before it

    def set_lesson_params(
        self, lesson_id: str, overrides: Mapping[str, Mapping[str, object] | BKTParams]
    ) -> None:
        with self._lock:
            self._caught_up_mirror().set_lesson_params(lesson_id, overrides)

    def params_for(self, lesson_id: str, skill: str) -> BKTParams:
        return self._mirror.params_for(lesson_id, skill)

    def reset(self, lesson_id: str | None = None) -> ResetRecord:
        """Forget progress, archiving it (see ``ProgressStore.reset``); the record stays whole."""

        return self._write((_ResetPart(lesson_id),), lambda mirror: mirror.reset(lesson_id))

    # ------------------------------------------------------------ the machinery

    def _write(self, change: _Change | tuple[_Part, ...], to_mirror: Callable[[ProgressStore], T]) -> T:
        """Queue the action, write everything queued if the database can be tried, and answer.

        The answer comes from the database when the action was written there, else from the mirror.
        """
        with self._lock:
            if len(self._mirror_behind) >= MIRROR_LAG:
                self._caught_up_mirror()
            self._mirror_behind.append(to_mirror)
            if not self._refused:
                self._pending.append(_Action(uuid.uuid4(), datetime.now(timezone.utc), change, to_mirror))
                if self.saving or time.monotonic() >= self._next_try:
                    written = self._flush()
                    if written is not None and not self._pending:
                        return written
            self._caught_up_mirror()
            return self._mirror_result

    def _read(self, read: Callable[[psycopg.Cursor], T], read_mirror: Callable[[ProgressStore], T]) -> T:
        with self._lock:
            if not self.saving and not self._refused and time.monotonic() >= self._next_try:
                self._flush()
            if self.saving:
                try:
                    return self._read_from_database(read)
                except psycopg.Error as error:
                    self._stop_saving(_failure(error, self.where))
            return read_mirror(self._caught_up_mirror())

    def _caught_up_mirror(self) -> ProgressStore:
        """The mirror once it has every action of this session (``_mirror_result``: the last one's answer)."""
        while self._mirror_behind:
            self._mirror_result = self._mirror_behind.popleft()(self._mirror)
        return self._mirror

    def _read_from_database(self, read: Callable[[psycopg.Cursor], T]) -> T:
        """``read``, one statement, on its own: one round trip and one snapshot, without BEGIN and COMMIT."""
        return read(self._connected().cursor())

    def _flush(self) -> Any:
        """Write the pending actions in order; the last one's result, or None if any could not be written.

        After an outage this reconnects first, and on success says that saving resumed.
        """
        result = None
        try:
            if not self.saving:
                self._connect()
            while self._pending:
                result = self._run_reconnecting(self._pending[0])
                self._pending.popleft()
        except FutureSchemaError as error:
            self._refused = True
            self.messages.append(f"{error.message}; progress is not saved this session")
            self.saving = False
            return None
        except psycopg.Error as error:
            self._stop_saving(_failure(error, self.where))
            return None
        if not self.saving:
            self.saving = True
            self.record_readable = True
            self._outage_told = False
            self.messages.append(f"the progress database at {self.where} is back: every answer is saved")
        return result

    def _run_reconnecting(self, action: _Action) -> Any:
        """``_run``, once more on a new connection if the last one turns out dropped (a database restart)."""
        try:
            return self._run(action)
        except psycopg.OperationalError:
            if not self.saving:
                raise
            self._disconnect()
            return self._run(action)

    def _run(self, action: _Action) -> Any:
        """``action`` in one transaction, retried while it loses races with other sessions.

        One round trip. Returns the new attempt's id or the last part's result (None for a replayed action).
        """
        for retry in range(RACE_RETRIES + 1):
            try:
                if isinstance(action.change, _Change):
                    return action.change.send(self._connected(), action, self.learner)
                return _in_one_flight(self._connected(), action, action.change, self.learner)
            except (errors.SerializationFailure, errors.DeadlockDetected):
                if retry == RACE_RETRIES:
                    raise
                self.races_retried += 1
                time.sleep(random.uniform(0.5, 1.0) * min(0.01 * 2**retry, 1.0))
        raise AssertionError("unreachable")  # the loop returns or raises

    def _stop_saving(self, reason: str) -> None:
        """Say once per outage that answers are not being saved, and try again in ``RETRY_SECONDS``."""
        self._next_try = time.monotonic() + RETRY_SECONDS
        if not self._outage_told:
            self.messages.append(
                f"{reason}; answers are not being saved: they are kept and written when it is back"
            )
            self._outage_told = True
        self.saving = False


BEGIN = "BEGIN ISOLATION LEVEL REPEATABLE READ"

# A lesson's steps and its current step in one statement; the last column tells the current step's row
LESSON_STATE = (
    "SELECT step_id, done, attempts, false FROM step_state"
    " WHERE learner = %(learner)s AND lesson_id = %(lesson)s"
    " UNION ALL SELECT current_step, false, 0, true FROM lesson_state"
    " WHERE learner = %(learner)s AND lesson_id = %(lesson)s"
)


def _in_one_flight(
    connection: psycopg.Connection, action: _Action, parts: tuple[_Part, ...], learner: str
) -> Any:
    """Send ``parts`` of ``action`` as one transaction without waiting between statements; the last part's
    result.

    An action already in ``writes`` (replayed after its acknowledgement was lost with the connection) fails
    its guard, so that nothing of it is applied twice: None.
    """
    try:
        with connection.pipeline():
            connection.execute(BEGIN)
            guard = "INSERT INTO writes (uid, learner, time) VALUES (%s, %s, %s)"
            connection.execute(guard, (action.uid, learner, action.time))
            results = [part.write(connection, learner, action.time) for part in parts]
            connection.execute("COMMIT")
    except psycopg.Error as error:
        if connection.info.transaction_status in (TransactionStatus.INTRANS, TransactionStatus.INERROR):
            # Nothing was applied. psycopg's rollback also forgets the statements it was preparing in the
            # aborted flight, which the server never made
            connection.rollback()
        if isinstance(error, errors.UniqueViolation) and error.diag.constraint_name == "writes_pkey":
            return None
        raise
    return results[-1]()


def _open(url: str, timeout: int) -> psycopg.Connection:
    """A connection where acknowledged means flushed to disk, with snapshot isolation (see the module
    docstring); giving up after ``timeout`` seconds."""
    connection = psycopg.connect(url, **{**CONNECTION_SETTINGS, "connect_timeout": timeout})
    try:
        connection.execute(
            "SET synchronous_commit = on; SET TIME ZONE 'UTC';"
            " SET default_transaction_isolation = 'repeatable read'"  # for an action's single statement
        )
    except BaseException:
        connection.close()
        raise
    connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    return connection


def _snapshot_if_current(connection: psycopg.Connection, learner: str) -> ProgressStore | None:
    """``learner``'s progress (``learner_in_memory``) with the schema's version, in one read-only REPEATABLE
    READ transaction sent in one flight: one round trip where a version check, BEGIN, seven reads and
    COMMIT took ten. None when the database is at another version, or has no gdtutor tables yet."""
    try:
        with connection.pipeline():
            connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            version = connection.execute("SELECT version FROM gdtutor_schema")
            reads = _send_learner_reads(connection, learner)
            connection.execute("COMMIT")
    except errors.ProgrammingError:  # a table or column this version reads is not there (yet)
        connection.rollback()
        return None
    if scalar(version) != postgres_schema.SCHEMA_VERSION:
        return None
    return _copy_to_memory(learner, reads)


def _read_snapshot(connection: psycopg.Connection, read: Callable[[psycopg.Cursor], T]) -> T:
    """``read`` in one read-only REPEATABLE READ transaction: one snapshot of everything it reads."""
    connection.read_only = True
    try:
        with connection.transaction():
            return read(connection.cursor())
    finally:
        connection.read_only = False


def _failure(error: Exception, where: str) -> str:
    """One line saying why the database could not be used."""
    if isinstance(error, errors.InsufficientPrivilege):
        return f"the progress database at {where} refused a write ({first_line(error)})"
    if isinstance(error, psycopg.OperationalError):
        return f"lost the connection to the progress database at {where} ({first_line(error)})"
    return f"cannot write to the progress database at {where} ({first_line(error)})"


def scalar(cursor: psycopg.Cursor[Any]) -> Any:
    """The first value of the row a query always returns (a count, a RETURNING id)."""
    row = cursor.fetchone()
    if row is None:
        raise GdtutorError("the database returned no row where one was certain")
    return row[0]


def first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


# ------------------------------------------------------------------ the SQL of each action


@dataclass(frozen=True)
class _AttemptFields:
    lesson_id: str
    step_id: str
    seed: int | None
    answer: str
    verdict: str
    mistake_id: str | None
    hints_used: int
    first_attempt: bool
    skills: tuple[str, ...]
    context: str
    params: Mapping[str, BKTParams]  # the lesson's own parameters for some of the skills

    @property
    def right(self) -> bool | None:
        """What the attempt says about the skills: None when it is no evidence (see mastery.observation)."""
        return observation(self.verdict, self.hints_used) if self.first_attempt else None

    @property
    def counts(self) -> bool:
        """Whether it counts as an attempt at its step (an unreadable answer is kept, but is not one)."""
        return self.context == LESSON and self.verdict != UNREADABLE


def _attempt_fields(attempt: Attempt, context: str, params: Mapping[str, BKTParams]) -> _AttemptFields:
    return _AttemptFields(
        lesson_id=_storable(attempt.lesson_id),
        step_id=_storable(attempt.step_id),
        seed=attempt.seed,
        answer=stored_answer(attempt.answer).replace("\x00", "\\x00"),  # PostgreSQL text holds no NUL
        verdict=attempt.verdict,
        mistake_id=None if attempt.mistake_id is None else _storable(attempt.mistake_id),
        hints_used=int(attempt.hints_used),
        first_attempt=bool(attempt.first_attempt),
        skills=tuple(attempt.skills),
        context=context,
        params=params,
    )


# gdtutor_act (see postgres_schema): the action's id, learner and time, the attempt, the lesson's state
ACT = "SELECT gdtutor_act(" + ", ".join(["%s"] * 23) + ")"
NO_ATTEMPT = (None,) * 16


@dataclass(frozen=True)
class _Change:
    """A learner action's change of the record, made by one call of the database's ``gdtutor_act``: an
    attempt appended (with its step's count, the last lesson and its skills' mastery), steps of ``lesson_id``
    done, its current step set."""

    attempt: _AttemptFields | None = None
    lesson_id: str | None = None  # None: no lesson's state changes
    done: tuple[str, ...] = ()
    sets_current: bool = False
    current: str | None = None

    def send(self, connection: psycopg.Connection, action: _Action, learner: str) -> int | None:
        """The new attempt's id; None when the action has none or was applied already (its id is in
        ``writes``)."""
        return scalar(
            connection.execute(ACT, (action.uid, learner, action.time, *self._attempt(), *self._state()))
        )

    def _attempt(self) -> tuple[Any, ...]:
        fields = self.attempt
        if fields is None:
            return NO_ATTEMPT
        right = fields.right
        observed = (
            [fields.params.get(skill, DEFAULT_PARAMS) for skill in fields.skills] if right is not None else []
        )
        return (
            fields.lesson_id, fields.step_id, fields.seed, fields.answer, fields.verdict, fields.mistake_id,
            fields.hints_used, fields.first_attempt, list(fields.skills), fields.context, fields.counts,
            right,
            [float(params.p_init) for params in observed], [float(params.p_slip) for params in observed],
            [float(params.p_guess) for params in observed], [float(params.p_transit) for params in observed],
        )  # fmt: skip

    def _state(self) -> tuple[Any, ...]:
        return (self.lesson_id, list(self.done), self.sets_current, self.current)


@dataclass(frozen=True)
class _SaltPart:
    """The learner's seed salt, kept unless another session kept one first."""

    salt: str

    def write(self, connection: psycopg.Connection, learner: str, now: datetime) -> Callable[[], None]:
        connection.cursor().execute(
            "INSERT INTO learner_meta (learner, key, value) VALUES (%s, %s, %s)"
            " ON CONFLICT (learner, key) DO NOTHING",
            (learner, SALT_KEY, self.salt),
        )
        return lambda: None


@dataclass(frozen=True)
class _ResetPart:
    """Derived state moved to the archive under a new reset.

    Rare, so it simply waits for its own results (the transaction stays open across those round trips).
    """

    lesson_id: str | None

    def write(self, connection: psycopg.Connection, learner: str, now: datetime) -> Callable[[], ResetRecord]:
        cursor = connection.cursor()
        lesson_id = self.lesson_id
        inserted = cursor.execute(
            "INSERT INTO resets (learner, time, lesson_id, last_attempt_id)"
            " VALUES (%s, %s, %s, (SELECT max(id) FROM attempts WHERE learner = %s))"
            " RETURNING id, last_attempt_id",
            (learner, now, lesson_id, learner),
        ).fetchone()
        assert inserted is not None  # RETURNING gives the row just inserted
        reset_id, last = inserted
        where = "learner = %s" + ("" if lesson_id is None else " AND lesson_id = %s")
        args = (learner,) if lesson_id is None else (learner, lesson_id)
        archived = scalar(
            cursor.execute(
                "WITH moved AS (INSERT INTO archived_step_state"
                " SELECT %s, lesson_id, step_id, done, attempts, updated"
                f" FROM step_state WHERE {where} RETURNING 1) SELECT count(*) FROM moved",
                (reset_id, *args),
            )
        )
        cursor.execute(f"DELETE FROM step_state WHERE {where}", args)
        cursor.execute(
            "INSERT INTO archived_lesson_state SELECT %s, lesson_id, current_step, updated"
            f" FROM lesson_state WHERE {where}",
            (reset_id, *args),
        )
        cursor.execute(f"DELETE FROM lesson_state WHERE {where}", args)
        if lesson_id is None:
            cursor.execute(
                "INSERT INTO archived_skill_state"
                " SELECT %s, skill, p_known, observations, right_count, updated"
                " FROM skill_state WHERE learner = %s",
                (reset_id, learner),
            )
            cursor.execute("DELETE FROM skill_state WHERE learner = %s", (learner,))
            cursor.execute("DELETE FROM learner_meta WHERE learner = %s AND key = 'last_lesson'", (learner,))
        else:
            cursor.execute(
                "DELETE FROM learner_meta WHERE learner = %s AND key = 'last_lesson' AND value = %s",
                (learner, lesson_id),
            )
        record = ResetRecord(int(reset_id), iso(now), lesson_id, last, int(archived))
        return lambda: record


# --------------------------------------------------------------------------- reading


ATTEMPT_COLUMNS = (
    "id, time, lesson_id, step_id, seed, answer, verdict, mistake_id, hints_used, first_attempt, skills,"
    " context"
)


LEARNER_ATTEMPTS = f"SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE learner = %s ORDER BY id"


def _attempt_records(cursor: psycopg.Cursor, learner: str) -> list[AttemptRecord]:
    return [_attempt_record(row) for row in cursor.execute(LEARNER_ATTEMPTS, (learner,)).fetchall()]


def _attempt_record(row: tuple[Any, ...]) -> AttemptRecord:
    """A row of ``LEARNER_ATTEMPTS`` as a record."""
    return AttemptRecord.of((row[0], iso(row[1]), *row[2:9]), row[9], tuple(row[10]), row[11])


def _reset_records(cursor: psycopg.Cursor, learner: str) -> list[ResetRecord]:
    rows = cursor.execute(
        "SELECT r.id, r.time, r.lesson_id, r.last_attempt_id,"
        " (SELECT count(*) FROM archived_step_state a WHERE a.reset_id = r.id)"
        " FROM resets r WHERE r.learner = %s ORDER BY r.id",
        (learner,),
    ).fetchall()
    return [ResetRecord(row[0], iso(row[1]), row[2], row[3], int(row[4])) for row in rows]


def _empty_mirror(learner: str) -> ProgressStore:
    connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    connection.execute("BEGIN")
    migrate_sqlite(connection, ":memory:")
    connection.execute("COMMIT")
    return ProgressStore(connection, learner=learner, path=None, saving=False, journal_mode="memory")


def learner_in_memory(cursor: psycopg.Cursor, learner: str) -> ProgressStore:
    """A private in-memory SQLite store holding ``learner``'s progress as the database has it now (in the
    cursor's transaction, if it is in one); the reads go in one flight."""
    with cursor.connection.pipeline():
        reads = _send_learner_reads(cursor.connection, learner)
    return _copy_to_memory(learner, reads)


# What ``_copy_to_memory`` copies after the attempts, each into the mirror's table and columns named
MIRRORED_TABLES = {
    "step_state (lesson_id, step_id, done, attempts, updated)": (
        "SELECT lesson_id, step_id, done::int, attempts, updated FROM step_state WHERE learner = %s"
    ),
    "lesson_state (lesson_id, current_step, updated)": (
        "SELECT lesson_id, current_step, updated FROM lesson_state WHERE learner = %s"
    ),
    "skill_state (skill, p_known, observations, right_count, updated)": (
        "SELECT skill, p_known, observations, right_count, updated FROM skill_state WHERE learner = %s"
    ),
    "meta (key, value)": "SELECT key, value FROM learner_meta WHERE learner = %s",
    "resets (id, time, lesson_id, last_attempt_id)": (
        "SELECT id, time, lesson_id, last_attempt_id FROM resets WHERE learner = %s"
    ),
    "archived_step_state (reset_id, lesson_id, step_id, done, attempts, updated)": (
        "SELECT a.reset_id, a.lesson_id, a.step_id, a.done::int, a.attempts, a.updated"
        " FROM archived_step_state a JOIN resets r ON r.id = a.reset_id WHERE r.learner = %s"
    ),
}


def _send_learner_reads(connection: psycopg.Connection, learner: str) -> list[psycopg.Cursor]:
    """Queue (in pipeline mode) every read of ``learner``'s progress, each on its own cursor: the attempts,
    then each of ``MIRRORED_TABLES``."""
    queries = (LEARNER_ATTEMPTS, *MIRRORED_TABLES.values())
    return [connection.cursor().execute(query, (learner,)) for query in queries]


def _copy_to_memory(learner: str, reads: list[psycopg.Cursor]) -> ProgressStore:
    """The in-memory store of ``learner`` filled from the results of ``_send_learner_reads``."""
    mirror = _empty_mirror(learner)
    connection = mirror._connection
    connection.execute("BEGIN")
    attempts, *tables = reads
    for record in map(_attempt_record, attempts.fetchall()):
        connection.execute(
            f"INSERT INTO attempts ({ATTEMPT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.id, record.time, record.lesson_id, record.step_id, record.seed, record.answer,
                record.verdict, record.mistake_id, record.hints_used, int(record.first_attempt),
                json.dumps(list(record.skills)), record.context,
            ),
        )  # fmt: skip
    for target, read in zip(MIRRORED_TABLES, tables, strict=True):
        for row in read.fetchall():
            values = [iso(value) if isinstance(value, datetime) else value for value in row]
            connection.execute(f"INSERT INTO {target} VALUES ({', '.join('?' * len(values))})", values)
    connection.execute("COMMIT")
    return mirror
