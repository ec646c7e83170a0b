"""The learner's progress store: one SQLite file per learner that survives crashes, concurrency and damage.

Opening never fails and writing never raises for reasons the learner cannot fix on the spot. When the database
cannot be used (an unwritable folder, a full disk, a file from a newer gdtutor, a lock held for over a minute)
the store carries on in memory for the session: ``saving`` turns False and ``messages`` says why in one line,
for the front-end to show. A damaged file is moved aside and the learner starts fresh, again with a message.

Durability: every write is one ``BEGIN IMMEDIATE`` transaction with ``synchronous=FULL``, so an attempt the
store has acknowledged (``record_attempt`` returned) survives a kill or a power cut. Concurrency: the busy
timeout makes writers queue, and a bounded retry on top keeps "database is locked" from ever reaching the
learner.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from gdtutor.paths import make_private_folder, tighten_default_folder
from gdtutor.progress.files import UnsafeFileError, adopt_old_file, claim_database, tighten
from gdtutor.progress.filesystem import Mount, journal_mode_for, read_mount_table
from gdtutor.progress.learner import database_path, learner_name, new_salt, old_database_path
from gdtutor.progress.mastery import DEFAULT_PARAMS, BKTParams, observation, update
from gdtutor.progress.recovery import is_damage, move_aside
from gdtutor.progress.schema import SCHEMA_VERSION, FutureSchemaError, migrate, schema_version
from gdtutor.progress.verified import FileState, checked_state, record_checked
from gdtutor.records import Action, Attempt

BUSY_TIMEOUT_SECONDS = 10.0
LOCK_RETRIES = 6  # on top of the busy timeout: about a minute in all before giving up on saving
RETRY_FIRST_SECONDS = 1.0  # while not saving: the first try to save again, then twice as long each time
RETRY_MAX_SECONDS = 60.0
RETRY_BUSY_SECONDS = 0.2  # a try to save again waits this long for a lock, so the learner never waits long
LESSON = "lesson"
PRACTICE = "practice"
UNREADABLE = "invalid"  # the verdict of an answer that could not be read
STORED_ANSWER_LENGTH = 2000  # gdtutor.checking.plaintext.MAX_ANSWER_LENGTH: longer answers are refused
SALT_KEY = "seed_salt"  # in meta: the learner's secret for variant seeds (never exported)

T = TypeVar("T")
Connect = Callable[..., sqlite3.Connection]


@dataclass(frozen=True)
class AttemptRecord:
    """One row of the learner's record, as stored."""

    id: int
    time: str
    lesson_id: str
    step_id: str
    seed: int | None
    answer: str
    verdict: str
    mistake_id: str | None
    hints_used: int
    first_attempt: bool
    skills: tuple[str, ...]
    context: str  # "lesson" or "practice"

    @classmethod
    def of(
        cls, head: Sequence[Any], first_attempt: bool, skills: tuple[str, ...], context: str
    ) -> AttemptRecord:
        """A record from its first nine columns as read (id … hints_used) and the rest, already converted."""
        id_, time, lesson_id, step_id, seed, answer, verdict, mistake_id, hints_used = head
        return cls(
            id_,
            time,
            lesson_id,
            step_id,
            seed,
            answer,
            verdict,
            mistake_id,
            hints_used,
            first_attempt,
            skills,
            context,
        )


@dataclass(frozen=True)
class LessonState:
    """Where a learner stands in one lesson, by step id (positions change when a lesson file is edited)."""

    lesson_id: str
    done: frozenset[str] = frozenset()
    attempts: Mapping[str, int] = field(default_factory=dict)
    current: str | None = None
    finished: bool = False  # the learner reached the end (``current`` is None after they had begun)
    # The answers given since the lesson was (last) started, oldest first: only ``lesson_run`` fills them.
    answers: tuple[AttemptRecord, ...] = ()

    def done_among(self, step_ids: Iterable[str]) -> list[str]:
        """The steps of the lesson as it is now that are done; records of removed steps don't count."""
        return [step_id for step_id in step_ids if step_id in self.done]

    def resume_step(self, step_ids: Sequence[str]) -> str | None:
        """Where to open the lesson: the current step if it still exists, else the first step not done.

        None when every step of the lesson as it is now is done (or it has no steps).
        """
        if self.current in step_ids:
            return self.current
        return next((step_id for step_id in step_ids if step_id not in self.done), None)


@dataclass(frozen=True)
class SkillMastery:
    skill: str
    p_known: float
    observations: int  # first attempts that counted as evidence
    right: int


@dataclass(frozen=True)
class ResetRecord:
    id: int
    time: str
    lesson_id: str | None  # None: everything
    last_attempt_id: int | None
    steps_archived: int = 0


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _storable(text: str) -> str:
    """``text`` as valid UTF-8: bytes the terminal could not decode (lone surrogates) become ``\\udcxx``."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def stored_answer(text: str) -> str:
    """The answer as the record keeps it: whole up to ``STORED_ANSWER_LENGTH`` characters (every answer the
    checker reads fits), else that many characters and the length of the whole, so one pasted megabyte
    cannot grow the record (or an export) by a megabyte."""
    text = _storable(text)
    if len(text) <= STORED_ANSWER_LENGTH:
        return text
    return f"{text[:STORED_ANSWER_LENGTH]}… [cut: {len(text):,} characters in all]"


def _is_locked(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


class ProgressStore:
    """One learner's progress. Implements the engine's ``Recorder`` protocol.

    Open with ``ProgressStore.open()``; use ``ProgressStore.in_memory()`` for a session that saves nothing.
    Safe to share between threads of one process (calls are serialised); processes share through SQLite.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        *,
        learner: str,
        path: Path | None,
        saving: bool,
        journal_mode: str,
        messages: list[str] | None = None,
        record_readable: bool = True,
    ) -> None:
        self._connection = connection
        self._lock = threading.RLock()
        self._lesson_params: dict[str, dict[str, BKTParams]] = {}
        self.learner = learner
        self.path = path
        self.saving = saving
        self.journal_mode = journal_mode
        self.messages: list[str] = list(messages or [])
        # False when a saved record exists that this session cannot read (a newer gdtutor's, or unopenable)
        self.record_readable = record_readable
        # While not saving for a reason that may clear: how to open the file again, and the writes to replay.
        self._reopen: Callable[[], tuple[sqlite3.Connection, str]] | None = None
        self._pending: list[Callable[[sqlite3.Connection], object]] = []
        self._delay = RETRY_FIRST_SECONDS
        self._next_try = 0.0
        # The file's size and modification time when its open found it already checked (progress.verified)
        self._opened_as: FileState | None = None

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(
        cls,
        learner: str | None = None,
        data_dir: Path | None = None,
        *,
        mount_table: Callable[[], list[Mount]] = read_mount_table,
        connect: Connect = sqlite3.connect,
    ) -> ProgressStore:
        """The store of ``learner`` (default: the current one) in ``data_dir`` (default: the data folder).

        Never raises for a problem with the file or the folder: see the module docstring.
        """
        name = learner_name() if learner is None else learner
        path = database_path(name, data_dir)
        messages: list[str] = []
        try:
            make_private_folder(path.parent)
        except OSError as error:
            reason = f"cannot create the progress folder {path.parent} ({error.strerror or error})"
            return cls._unsaved(name, path, messages, reason, connect, copy_from_disk=False)
        if data_dir is None:
            tighten_default_folder()
        journal = journal_mode_for(path.parent, mount_table)
        for _ in range(3):  # a damaged file is moved aside and the open tried again
            try:
                adopt_old_file(old_database_path(name, path.parent), path)
                claim_database(path)
            except UnsafeFileError as error:
                return cls._unsaved(name, path, messages, error.message, connect, copy_from_disk=False)
            except OSError:
                pass  # a folder that cannot be written: SQLite's open says so, and a read-only copy is kept
            try:
                opened_as = checked_state(path)
                connection, mode = _open_database(path, journal, connect, checked=opened_as is not None)
            except FutureSchemaError as error:
                return cls._unsaved(name, path, messages, error.message, connect, copy_from_disk=False)
            except sqlite3.Error as error:
                if not is_damage(error):
                    reason = _write_failure(error, path)
                    store = cls._unsaved(name, path, messages, reason, connect, copy_from_disk=True)
                    store._reopen = _reopener(path, journal, connect)
                    store.messages[-1] = _kept_for_now(reason)  # the cause may clear: saving is retried
                    store._later()
                    return store
                try:
                    moved = move_aside(path)
                    tighten(moved)
                except OSError as move_error:
                    reason = (
                        f"{path} is damaged ({error}) and could not be moved aside ({move_error.strerror})"
                    )
                    return cls._unsaved(name, path, messages, reason, connect, copy_from_disk=False)
                messages.append(
                    f"{path} was damaged ({error}): moved it to {moved}; starting with fresh progress"
                )
                continue
            store = cls(
                connection, learner=name, path=path, saving=True, journal_mode=mode, messages=messages
            )
            store._reopen = _reopener(path, journal, connect)
            store._opened_as = opened_as
            return store
        reason = f"{path} is damaged again after being moved aside"
        return cls._unsaved(name, path, messages, reason, connect, copy_from_disk=False)

    @classmethod
    def in_memory(cls, learner: str | None = None, reason: str | None = None) -> ProgressStore:
        """A store that saves nothing: for tests, and for sessions whose database cannot be used."""
        connection = _memory_database(None)
        messages = [_not_saving(reason)] if reason else []
        return cls(
            connection,
            learner=learner_name() if learner is None else learner,
            path=None,
            saving=False,
            journal_mode="memory",
            messages=messages,
        )

    @classmethod
    def _unsaved(
        cls,
        learner: str,
        path: Path,
        messages: list[str],
        reason: str,
        connect: Connect,
        *,
        copy_from_disk: bool,
    ) -> ProgressStore:
        """Carry on in memory, starting from a read-only copy of the file when it can be read."""
        source = _read_only(path, connect) if copy_from_disk else None
        connection = _memory_database(source)
        if source is not None:
            source.close()
        messages.append(_not_saving(reason))
        return cls(
            connection,
            learner=learner,
            path=path,
            saving=False,
            journal_mode="memory",
            messages=messages,
            record_readable=source is not None or not path.exists(),
        )

    def close(self) -> None:
        """Save what is kept in memory if the file can be written now, then let go of it; a file left
        with everything saved is recorded as checked (gdtutor.progress.verified)."""
        with self._lock:
            self.flush()
            self._connection.close()
            if self.saving and self.path is not None:
                record_checked(self.path, self._opened_as)

    def flush(self) -> bool:
        """Try now to save what was kept in memory; True when everything of this session is saved."""
        with self._lock:
            if not self.saving and self._pending and self._reopen is not None:
                self._resume(None)
            return self.saving

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------ the Recorder protocol

    def record_action(self, action: Action, context: str = LESSON) -> None:
        """Keep one learner action whole, in one transaction: its attempt, the steps it completed, the
        learner's current step, and the mastery the attempt changed. A kill leaves all of it or none.

        In ``"practice"`` only the attempt counts (it changes mastery, never a lesson's progress).
        """
        attempt = None if action.attempt is None else self._attempt_row(action.attempt, context)
        lesson_id, current = _storable(action.lesson_id), action.current
        done = tuple(_storable(step_id) for step_id in action.done)

        now = utc_now()  # when the learner acted, even if the write is replayed later

        def write(connection: sqlite3.Connection) -> None:
            if attempt is not None:
                attempt(connection, now)
            if context == LESSON:
                for step_id in done:
                    _mark_done(connection, lesson_id, step_id, now)
                _set_current(connection, lesson_id, None if current is None else _storable(current), now)

        self._write(write)

    def record_attempt(self, attempt: Attempt, context: str = LESSON) -> int:
        """Append ``attempt`` to the record and update the step's state and the mastery of its skills.

        ``context`` is ``"lesson"`` or ``"practice"`` (practice attempts change mastery, not lesson progress).
        Returns the attempt's id in the record.
        """
        row, now = self._attempt_row(attempt, context), utc_now()
        return self._write(lambda connection: row(connection, now))

    def _attempt_row(self, attempt: Attempt, context: str) -> Callable[[sqlite3.Connection, str], int]:
        """The writes that keep ``attempt``: the record's row, the step's count, the skills' mastery."""
        lesson_id, step_id, answer = (
            _storable(attempt.lesson_id),
            _storable(attempt.step_id),
            stored_answer(attempt.answer),
        )
        mistake_id = None if attempt.mistake_id is None else _storable(attempt.mistake_id)
        verdict = attempt.verdict
        skills = tuple(attempt.skills)
        first = bool(attempt.first_attempt)
        hints = int(attempt.hints_used)
        params = self._params_for(attempt.lesson_id)

        def write(connection: sqlite3.Connection, now: str) -> int:
            cursor = connection.execute(
                "INSERT INTO attempts (time, lesson_id, step_id, seed, answer, verdict, mistake_id,"
                " hints_used, first_attempt, skills, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    now,
                    lesson_id,
                    step_id,
                    attempt.seed,
                    answer,
                    verdict,
                    mistake_id,
                    hints,
                    int(first),
                    json.dumps(list(skills)),
                    context,
                ),
            )
            if context == LESSON:
                if verdict != UNREADABLE:  # the record keeps it, but it is not an attempt at the step
                    connection.execute(
                        "INSERT INTO step_state (lesson_id, step_id, attempts, updated) VALUES (?, ?, 1, ?)"
                        " ON CONFLICT (lesson_id, step_id)"
                        " DO UPDATE SET attempts = attempts + 1, updated = ?",
                        (lesson_id, step_id, now, now),
                    )
                _set_last_lesson(connection, lesson_id)
            right = observation(verdict, hints) if first else None
            if right is not None:
                for skill in skills:
                    _observe(connection, skill, right, params.get(skill, DEFAULT_PARAMS), now)
            return int(cursor.lastrowid or 0)

        return write

    def step_done(self, lesson_id: str, step_id: str) -> None:
        self._write(lambda connection: _mark_done(connection, lesson_id, step_id, utc_now()))

    def set_current(self, lesson_id: str, step_id: str | None) -> None:
        self._write(lambda connection: _set_current(connection, lesson_id, step_id, utc_now()))

    def lesson_state(self, lesson_id: str) -> LessonState:
        def read(connection: sqlite3.Connection) -> LessonState:
            rows = connection.execute(
                "SELECT step_id, done, attempts FROM step_state WHERE lesson_id = ?", (lesson_id,)
            ).fetchall()
            current = connection.execute(
                "SELECT current_step FROM lesson_state WHERE lesson_id = ?", (lesson_id,)
            ).fetchone()
            return LessonState(
                lesson_id=lesson_id,
                done=frozenset(step_id for step_id, done, _ in rows if done),
                attempts={step_id: count for step_id, _, count in rows if count},
                current=None if current is None else current[0],
                finished=current is not None and current[0] is None,
            )

        return self._read(read)

    # ------------------------------------------------------------ more reading

    def last_lesson(self) -> str | None:
        """The lesson the learner worked on last (None for a new learner or after a full reset)."""
        row = self._read(lambda c: c.execute("SELECT value FROM meta WHERE key = 'last_lesson'").fetchone())
        return None if row is None else row[0]

    def seed_salt(self) -> str:
        """The learner's secret salt for variant seeds: made on first use, then kept in the store."""
        found = self.stored_salt()
        return found if found is not None else self.keep_salt(new_salt())

    def stored_salt(self) -> str | None:
        return self._read(lambda connection: _meta(connection, SALT_KEY))

    def keep_salt(self, salt: str) -> str:
        """Keep ``salt`` unless the store holds one already (another session made it); the one in force."""

        def write(connection: sqlite3.Connection) -> str:
            connection.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", (SALT_KEY, salt)
            )
            return _meta(connection, SALT_KEY) or salt

        return self._write(write)

    def lessons_started(self) -> list[str]:
        """Ids of the lessons with any progress, most recently touched first."""
        rows = self._read(
            lambda c: c.execute(
                "SELECT lesson_id, max(updated) AS touched FROM ("
                " SELECT lesson_id, updated FROM step_state"
                " UNION ALL SELECT lesson_id, updated FROM lesson_state"
                ") GROUP BY lesson_id ORDER BY touched DESC, lesson_id"
            ).fetchall()
        )
        return [lesson_id for lesson_id, _ in rows]

    def mastery(self) -> dict[str, SkillMastery]:
        """The BKT estimate of every skill the learner has been observed on."""
        rows = self._read(
            lambda c: c.execute(
                "SELECT skill, p_known, observations, right_count FROM skill_state"
            ).fetchall()
        )
        return {skill: SkillMastery(skill, p_known, seen, right) for skill, p_known, seen, right in rows}

    def attempts(self) -> list[AttemptRecord]:
        """The learner's whole record in order (including attempts from before a reset)."""
        return self._attempts("", ())

    def lesson_answers(self, lesson_id: str, after_id: int) -> list[AttemptRecord]:
        """The answers given in ``lesson_id`` itself (not in practice) after attempt ``after_id``, in order:
        read by the lesson's index, where filtering ``attempts`` read the whole record at every open."""
        where = " WHERE lesson_id = ? AND context = ? AND id > ?"
        return self._attempts(where, (lesson_id, LESSON, after_id))

    def _attempts(self, where: str, parameters: tuple[object, ...]) -> list[AttemptRecord]:
        rows = self._read(
            lambda c: c.execute(
                "SELECT id, time, lesson_id, step_id, seed, answer, verdict, mistake_id, hints_used,"
                f" first_attempt, skills, context FROM attempts{where} ORDER BY id",
                parameters,
            ).fetchall()
        )
        return [AttemptRecord.of(row[:9], bool(row[9]), tuple(json.loads(row[10])), row[11]) for row in rows]

    def resets(self) -> list[ResetRecord]:
        rows = self._read(
            lambda c: c.execute(
                "SELECT r.id, r.time, r.lesson_id, r.last_attempt_id,"
                " (SELECT count(*) FROM archived_step_state a WHERE a.reset_id = r.id)"
                " FROM resets r ORDER BY r.id"
            ).fetchall()
        )
        return [ResetRecord(*row) for row in rows]

    # ------------------------------------------------------------- other writes

    def use_lesson(self, lesson: Any) -> None:
        """Take a lesson's BKT overrides: ``lesson.bkt``, a mapping of skill -> {p_init, p_transit, ...}.

        Attempts recorded for that lesson's id then update its skills with those parameters.
        Raises GdtutorError for an unknown parameter name or a value outside [0, 1].
        """
        overrides = getattr(lesson, "bkt", None) or {}
        self.set_lesson_params(str(lesson.id), overrides)

    def set_lesson_params(
        self, lesson_id: str, overrides: Mapping[str, Mapping[str, object] | BKTParams]
    ) -> None:
        params = {
            skill: value if isinstance(value, BKTParams) else BKTParams.from_mapping(value)
            for skill, value in overrides.items()
        }
        with self._lock:
            self._lesson_params[lesson_id] = params

    def params_for(self, lesson_id: str, skill: str) -> BKTParams:
        return self._params_for(lesson_id).get(skill, DEFAULT_PARAMS)

    def reset(self, lesson_id: str | None = None) -> ResetRecord:
        """Forget progress: one lesson's steps and current step, or (with None) everything, mastery too.

        Nothing is deleted for good: the derived state moves to the ``archived_*`` tables under a new
        ``resets`` row, and the append-only attempts record stays whole (``gdtutor export`` shows it).
        Mastery spans lessons, so resetting one lesson keeps it.
        """

        def write(connection: sqlite3.Connection) -> ResetRecord:
            now = utc_now()
            last = connection.execute("SELECT max(id) FROM attempts").fetchone()[0]
            reset_id = connection.execute(
                "INSERT INTO resets (time, lesson_id, last_attempt_id) VALUES (?, ?, ?)",
                (now, lesson_id, last),
            ).lastrowid
            where, args = ("", ()) if lesson_id is None else (" WHERE lesson_id = ?", (lesson_id,))
            archived = connection.execute(
                "INSERT INTO archived_step_state SELECT ?, lesson_id, step_id, done, attempts, updated"
                " FROM step_state" + where,
                (reset_id, *args),
            ).rowcount
            connection.execute("DELETE FROM step_state" + where, args)
            connection.execute(
                "INSERT INTO archived_lesson_state"
                " SELECT ?, lesson_id, current_step, updated FROM lesson_state" + where,
                (reset_id, *args),
            )
            connection.execute("DELETE FROM lesson_state" + where, args)
            if lesson_id is None:
                connection.execute(
                    "INSERT INTO archived_skill_state"
                    " SELECT ?, skill, p_known, observations, right_count, updated FROM skill_state",
                    (reset_id,),
                )
                connection.execute("DELETE FROM skill_state")
                connection.execute("DELETE FROM meta WHERE key = 'last_lesson'")
            else:
                connection.execute("DELETE FROM meta WHERE key = 'last_lesson' AND value = ?", (lesson_id,))
            return ResetRecord(int(reset_id or 0), now, lesson_id, last, archived)

        return self._write(write)

    # ------------------------------------------------------------ the machinery

    def _params_for(self, lesson_id: str) -> dict[str, BKTParams]:
        with self._lock:
            return self._lesson_params.get(lesson_id, {})

    def _write(self, action: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            if self.saving:
                try:
                    return _transaction(self._connection, action)
                except sqlite3.Error as error:
                    self._stop_saving(_write_failure(error, self.path))
            elif self._reopen is not None and time.monotonic() >= self._next_try:
                resumed, result = self._resume(action)
                if resumed:
                    return result  # type: ignore[return-value]
            result = _transaction(self._connection, action)
            if self._reopen is not None:
                self._pending.append(action)
            return result

    def _resume(self, action: Callable[[sqlite3.Connection], T] | None) -> tuple[bool, T | None]:
        """Open the file again and write, in one transaction, everything kept in memory (then ``action``).

        On success the store saves again and says so; otherwise the next try waits twice as long.
        """
        assert self._reopen is not None
        writes = [*self._pending, *([action] if action is not None else [])]

        def replay(connection: sqlite3.Connection) -> object:
            result = None
            for write in writes:
                result = write(connection)
            return result

        try:
            connection, mode = self._reopen()
        except (FutureSchemaError, UnsafeFileError) as error:
            self._reopen = None  # will not clear by itself: stop trying
            self.messages.append(_not_saving(error.message))
            return False, None
        except (sqlite3.Error, OSError):
            self._later()
            return False, None
        try:
            result = _transaction(connection, replay, retries=0)
        except sqlite3.Error:
            connection.close()
            self._later()
            return False, None
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        self._connection.close()
        self._connection, self.journal_mode, self.saving = connection, mode, True
        self._pending.clear()
        self._delay = RETRY_FIRST_SECONDS
        self.messages.append(f"saving again in {self.path}: every answer kept meanwhile is now saved")
        return True, result  # type: ignore[return-value]

    def _later(self) -> None:
        self._next_try = time.monotonic() + self._delay
        self._delay = min(self._delay * 2, RETRY_MAX_SECONDS)

    def _read(self, action: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            due = self._reopen is not None and time.monotonic() >= self._next_try
            if not self.saving and self._pending and due:
                self._resume(None)
            if self.saving:
                try:
                    return _with_lock_retries(lambda: action(self._connection))
                except sqlite3.Error as error:
                    self._stop_saving(f"cannot read {self.path} ({error})")
            return action(self._connection)

    def _stop_saving(self, reason: str) -> None:
        """Move to an in-memory copy of what the database holds, and say that nothing is saved any more."""
        failed = self._connection
        self._connection = _memory_database(failed)
        with contextlib.suppress(sqlite3.Error):  # the file is already unusable; closing is only tidying up
            failed.close()
        self.saving = False
        self.journal_mode = "memory"
        self._delay = RETRY_FIRST_SECONDS
        self._later()
        self.messages.append(_kept_for_now(reason) if self._reopen is not None else _not_saving(reason))


def _not_saving(reason: str) -> str:
    return f"{reason}; progress is not saved this session"


def _kept_for_now(reason: str) -> str:
    keeping = "gdtutor keeps them and saves them once it can again"
    return f"{reason}: your answers are not saved for now; {keeping}"


def _reopener(path: Path, journal: str, connect: Connect) -> Callable[[], tuple[sqlite3.Connection, str]]:
    """How to open the database again after a failure: briefly patient with locks, never through a link."""

    def reopen() -> tuple[sqlite3.Connection, str]:
        claim_database(path)
        return _open_database(path, journal, connect, busy_seconds=RETRY_BUSY_SECONDS, retries=0)

    return reopen


def _write_failure(error: sqlite3.Error, path: Path | None) -> str:
    text = str(error)
    if _is_locked(error):
        return f"{path} stayed locked by another gdtutor for over a minute"
    if "full" in text:
        return f"the disk holding {path} is full"
    if "readonly" in text or "read-only" in text:
        return f"{path} cannot be written (read-only)"
    if path is not None and path.is_dir():
        return f"cannot save progress in {path}: a folder has that name"
    if "unable to open" in text:
        return f"cannot open {path} ({text}): check that its folder is writable"
    return f"cannot write {path} ({text})"


def _with_lock_retries(action: Callable[[], T], retries: int | None = None) -> T:
    """Run ``action``, retrying with growing pauses while another process holds the lock past the timeout."""
    retries = LOCK_RETRIES if retries is None else retries
    for retry in range(retries + 1):
        try:
            return action()
        except sqlite3.OperationalError as error:
            if not _is_locked(error) or retry == retries:
                raise
            time.sleep(min(0.05 * 2**retry, 1.0))
    raise AssertionError("unreachable")  # the loop returns or raises


def _transaction(
    connection: sqlite3.Connection, action: Callable[[sqlite3.Connection], T], retries: int | None = None
) -> T:
    """``action`` inside one ``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back whole on any error."""

    def attempt() -> T:
        connection.execute("BEGIN IMMEDIATE")
        try:
            result = action(connection)
            connection.execute("COMMIT")
            return result
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    return _with_lock_retries(attempt, retries)


def _set_last_lesson(connection: sqlite3.Connection, lesson_id: str) -> None:
    connection.execute(
        "INSERT INTO meta (key, value) VALUES ('last_lesson', ?) ON CONFLICT (key) DO UPDATE SET value = ?",
        (lesson_id, lesson_id),
    )


def _meta(connection: sqlite3.Connection, key: str) -> str | None:
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _mark_done(connection: sqlite3.Connection, lesson_id: str, step_id: str, now: str) -> None:
    connection.execute(
        "INSERT INTO step_state (lesson_id, step_id, done, updated) VALUES (?, ?, 1, ?)"
        " ON CONFLICT (lesson_id, step_id) DO UPDATE SET done = 1, updated = ?",
        (lesson_id, step_id, now, now),
    )
    _set_last_lesson(connection, lesson_id)


def _set_current(connection: sqlite3.Connection, lesson_id: str, step_id: str | None, now: str) -> None:
    connection.execute(
        "INSERT INTO lesson_state (lesson_id, current_step, updated) VALUES (?, ?, ?)"
        " ON CONFLICT (lesson_id) DO UPDATE SET current_step = ?, updated = ?",
        (lesson_id, step_id, now, step_id, now),
    )
    _set_last_lesson(connection, lesson_id)


def _observe(connection: sqlite3.Connection, skill: str, right: bool, params: BKTParams, now: str) -> None:
    row = connection.execute("SELECT p_known FROM skill_state WHERE skill = ?", (skill,)).fetchone()
    p_known = update(params.p_init if row is None else row[0], right, params)
    connection.execute(
        "INSERT INTO skill_state (skill, p_known, observations, right_count, updated) VALUES (?, ?, 1, ?, ?)"
        " ON CONFLICT (skill) DO UPDATE SET p_known = ?, observations = observations + 1,"
        " right_count = right_count + ?, updated = ?",
        (skill, p_known, int(right), now, p_known, int(right), now),
    )


def _open_database(
    path: Path,
    journal: str,
    connect: Connect,
    busy_seconds: float | None = None,
    retries: int | None = None,
    *,
    checked: bool = False,
) -> tuple[sqlite3.Connection, str]:
    """Connect, check version and integrity, set the journal, migrate; the connection and its journal mode.

    ``checked``: the file is one already checked (gdtutor.progress.verified), so the full check is skipped.
    """
    busy = BUSY_TIMEOUT_SECONDS if busy_seconds is None else busy_seconds
    connection = connect(str(path), timeout=busy, isolation_level=None, check_same_thread=False)
    try:
        connection.execute(f"PRAGMA busy_timeout = {int(busy * 1000)}")
        found = _with_lock_retries(lambda: schema_version(connection), retries)
        if found > SCHEMA_VERSION:
            raise FutureSchemaError(str(path), found)
        problems = [("ok",)] if checked else _integrity_problems(connection, retries)
        if problems != [("ok",)]:
            raise sqlite3.DatabaseError(f"database disk image is malformed: {problems[0][0]}")
        mode = _set_journal_mode(connection, journal)
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
        _transaction(connection, lambda c: migrate(c, str(path)), retries)
        return connection, str(mode).upper()
    except BaseException:
        connection.close()
        raise


def _integrity_problems(connection: sqlite3.Connection, retries: int | None) -> list[Any]:
    return _with_lock_retries(lambda: connection.execute("PRAGMA integrity_check").fetchall(), retries)


def _set_journal_mode(connection: sqlite3.Connection, journal: str) -> str:
    """Switch to ``journal`` and return the mode in force.

    Leaving WAL needs the database to itself: while another gdtutor has it open, the switch waits the busy
    timeout and then gives up, keeping the mode every open connection shares (the next lone open switches).
    """
    try:
        return str(connection.execute(f"PRAGMA journal_mode = {journal}").fetchone()[0])
    except sqlite3.OperationalError as error:
        if not _is_locked(error):
            raise
        return str(connection.execute("PRAGMA journal_mode").fetchone()[0])


def _read_only(path: Path, connect: Connect) -> sqlite3.Connection | None:
    """The database opened read-only, if it exists and can be read at a known schema; None otherwise.

    ``immutable=1`` is the fallback for a WAL database in a folder where SQLite cannot create the ``-shm``
    file: the connection is only used to copy the learner's progress once, at open.
    """
    if not path.is_file():
        return None
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            connection = connect(f"{path.resolve().as_uri()}?{options}", uri=True, isolation_level=None)
        except sqlite3.Error:
            continue
        try:
            if schema_version(connection) <= SCHEMA_VERSION:
                return connection
        except sqlite3.Error:
            pass  # try the next way of opening it
        connection.close()
    return None


def _memory_database(source: sqlite3.Connection | None) -> sqlite3.Connection:
    """A private in-memory database at the current schema, holding a copy of ``source`` when it can be read.

    ``source`` must be at this gdtutor's schema or older (the callers never pass a newer one).
    """
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    if source is not None:
        try:
            source.backup(memory)
        except sqlite3.Error:
            memory.close()
            memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    _transaction(memory, lambda c: migrate(c, ":memory:"))
    return memory
