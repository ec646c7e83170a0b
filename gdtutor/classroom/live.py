"""The class as it works, for the live dashboard: who is active, where each learner is, who needs help, and
which mistakes each step draws. No rendering here (``gdtutor.tui.dashboard`` draws it).

``ClassWatch.poll()`` is meant to run every second. It is cheap: it looks at each store's size and time
stamps (and its ``-wal``'s) and opens only the stores that changed, read-only as everywhere in the
classroom layer, reading the attempts after the last one it has seen (by id) and the learner's position.

What the dashboard calls things, measured against the clock:

- active: connected now, in a class folder ``gdtutor serve`` runs in (its ``live/`` markers, see
  ``gdtutor.classroom.live_sessions``); in a folder no server has run in, where an answer is the only sign
  of a learner at work, an answer within ``ACTIVE_SECONDS``;
- needs help, ranked by evidence on the step the learner is on, counted over ``HELP_WINDOW_SECONDS``:
  wrong answers since the step was last answered right (``WRONG_AT_LEAST`` or more), hints taken
  (``HINTS_AT_LEAST`` or more), and a stall: no answer for ``STALL_SECONDS`` on a step not done, by a
  learner seen within ``PRESENT_SECONDS``. The score is wrong answers + hints + 2 per ``STALL_SECONDS``
  of stall.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from gdtutor.classroom.live_sessions import connected_learners, is_served
from gdtutor.classroom.report import parse_time
from gdtutor.classroom.stores import UnreadableStore, learner_of, read_only, store_paths
from gdtutor.progress.store import LESSON, AttemptRecord

ACTIVE_SECONDS = 300.0
HELP_WINDOW_SECONDS = 600.0
WRONG_AT_LEAST = 3
HINTS_AT_LEAST = 2
STALL_SECONDS = 300.0
PRESENT_SECONDS = 900.0
RECENT_KEPT = 200  # attempts kept per learner for the needs-help evidence
WRONG = "wrong"

Clock = Callable[[], datetime]
Position = tuple[str, str | None, datetime | None, bool]  # lesson, step, since when, done
ATTEMPT_COLUMNS = "id, time, lesson_id, step_id, answer, verdict, mistake_id, hints_used"


@dataclass(frozen=True)
class LiveAttempt:
    id: int
    time: datetime
    lesson_id: str
    step_id: str
    answer: str
    verdict: str
    mistake_id: str | None
    hints_used: int


@dataclass
class LearnerLive:
    """One learner as the dashboard sees them."""

    name: str
    last_id: int = 0
    attempts: int = 0
    recent: deque[LiveAttempt] = field(default_factory=lambda: deque(maxlen=RECENT_KEPT))
    last_answer: datetime | None = None
    lesson_id: str | None = None
    step_id: str | None = None
    step_since: datetime | None = None  # when they came to the step they are on
    step_done: bool = False
    problem: str | None = None  # why the store cannot be read, if it cannot

    @property
    def last_seen(self) -> datetime | None:
        moments = [moment for moment in (self.last_answer, self.step_since) if moment is not None]
        return max(moments) if moments else None


@dataclass(frozen=True)
class HelpCase:
    learner: str
    lesson_id: str
    step_id: str
    score: float
    wrong: int
    hints: int
    stalled_seconds: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class StepHeat:
    """The mistakes one step has drawn from the class: answers, wrong answers, and counts per mistake."""

    lesson_id: str
    step_id: str
    answers: int
    wrong: int
    mistakes: dict[str, int]


def utc_clock() -> datetime:
    return datetime.now(timezone.utc)


class ClassWatch:
    """Follows the stores of a class folder (or any folder of stores); safe to poll from a worker thread."""

    def __init__(self, folder: Path, clock: Clock = utc_clock) -> None:
        self.folder = folder
        self.clock = clock
        self._lock = threading.Lock()
        self._polling = threading.Lock()
        self._learners: dict[str, LearnerLive] = {}
        self._signatures: dict[str, tuple[int, ...]] = {}
        self._heat: dict[tuple[str, str], Counter[str]] = {}
        self._step_order: dict[tuple[str, str], int] = {}
        self._connected: frozenset[str] = frozenset()
        self.served = False  # whether a server runs sessions from the folder: then active means connected

    # -------------------------------------------------------------- polling

    def poll(self) -> bool:
        """Read what changed since the last poll; whether anything did. A poll called while another is
        still reading (a slow disk) returns False at once instead of reading the same rows twice."""
        if not self._polling.acquire(blocking=False):
            return False
        try:
            return self._poll()
        finally:
            self._polling.release()

    def _poll(self) -> bool:
        paths = {learner_of(path): path for path in store_paths(self.folder)}
        changed = self._poll_connections()
        with self._lock:
            for gone in set(self._learners) - set(paths):  # forgotten or moved away
                del self._learners[gone]
                self._signatures.pop(gone, None)
                changed = True
        for name, path in paths.items():
            signature = _signature(path)
            if signature == self._signatures.get(name):
                continue
            changed = self._read_store(name, path) or changed
            self._signatures[name] = signature
        return changed

    def _poll_connections(self) -> bool:
        """Read who is connected now; whether that changed."""
        return self._set_connections(is_served(self.folder), connected_learners(self.folder))

    def _set_connections(self, served: bool, connected: frozenset[str]) -> bool:
        """Take who is connected now (``served``: whether a server keeps that record); whether it changed."""
        with self._lock:
            changed = (served, connected) != (self.served, self._connected)
            self.served, self._connected = served, connected
        return changed

    def _read_store(self, name: str, path: Path) -> bool:
        """Read the store's new attempts and the learner's position; whether either was news."""
        with self._lock:
            known = name in self._learners
            learner = self._learners.setdefault(name, LearnerLive(name))
            after, problem_before = learner.last_id, learner.problem
            where_before = (learner.lesson_id, learner.step_id, learner.step_since, learner.step_done)
        try:
            with read_only(path) as connection:
                if connection is None:
                    return not known
                rows = connection.execute(
                    f"SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE id > ? AND context = ? ORDER BY id",
                    (after, LESSON),
                ).fetchall()
                position = _position(connection)
        except (UnreadableStore, sqlite3.Error) as error:
            problem = str(error) if isinstance(error, UnreadableStore) else f"{path.name}: {error}"
            with self._lock:
                learner.problem = problem
            return not known or problem != problem_before
        with self._lock:
            learner.problem = None
            self._take(learner, rows, position)
            return (
                not known or bool(rows) or problem_before is not None or position not in (None, where_before)
            )

    def _take(self, learner: LearnerLive, rows: list[tuple], position: Position | None) -> None:
        """Take a learner's new attempts (rows of ``ATTEMPT_COLUMNS``) and position; the lock is held."""
        for row in rows:
            attempt = _live_attempt(row)
            if attempt is None:
                continue
            learner.recent.append(attempt)
            learner.attempts += 1
            learner.last_answer = max(filter(None, (learner.last_answer, attempt.time)))
            key = (attempt.lesson_id, attempt.step_id)
            self._step_order.setdefault(key, len(self._step_order))
            heat = self._heat.setdefault(key, Counter())
            heat["\0answers"] += 1
            if attempt.verdict == WRONG:
                heat["\0wrong"] += 1
            if attempt.mistake_id:
                heat[attempt.mistake_id] += 1
        if rows:
            learner.last_id = max(learner.last_id, int(rows[-1][0]))
        if position is not None:
            learner.lesson_id, learner.step_id, learner.step_since, learner.step_done = position

    # -------------------------------------------------------------- views

    def learners(self) -> list[LearnerLive]:
        with self._lock:
            return sorted(self._learners.values(), key=lambda learner: learner.name)

    def is_active(self, learner: LearnerLive) -> bool:
        if self.served:
            return learner.name in self._connected
        last = learner.last_answer
        return last is not None and _seconds(self.clock(), last) <= ACTIVE_SECONDS

    def needs_help(self) -> list[HelpCase]:
        """Learners with evidence of trouble on the step they are on, the strongest evidence first."""
        now = self.clock()
        cases = []
        for learner in self.learners():
            case = _help_case(learner, now)
            if case is not None:
                cases.append(case)
        return sorted(cases, key=lambda case: (-case.score, case.learner))

    def heat(self) -> list[StepHeat]:
        """Every step answered so far, in the order the class first reached them."""
        with self._lock:
            keys = sorted(self._heat, key=lambda key: self._step_order[key])
            return [
                StepHeat(
                    key[0],
                    key[1],
                    self._heat[key]["\0answers"],
                    self._heat[key]["\0wrong"],
                    {m: n for m, n in self._heat[key].most_common() if not m.startswith("\0")},
                )
                for key in keys
            ]

    def attempts_on(self, learner: str, lesson_id: str, step_id: str) -> list[AttemptRecord]:
        """Every attempt ``learner`` made on the step, read from their store now (oldest first)."""
        path = next((p for p in store_paths(self.folder) if learner_of(p) == learner), None)
        if path is None:
            return []
        with read_only(path) as connection:
            if connection is None:
                return []
            rows = connection.execute(
                "SELECT id, time, lesson_id, step_id, seed, answer, verdict, mistake_id, hints_used,"
                " first_attempt, context FROM attempts WHERE lesson_id = ? AND step_id = ? ORDER BY id",
                (lesson_id, step_id),
            ).fetchall()
        return [AttemptRecord.of(row[:9], bool(row[9]), (), row[10]) for row in rows]

    def steps_of(self, learner: str) -> list[tuple[str, str, int, int]]:
        """(lesson, step, answers, wrong answers) for each step ``learner`` answered lately, latest first."""
        with self._lock:
            live = self._learners.get(learner)
            recent = list(live.recent) if live else []
        counts: dict[tuple[str, str], list[int]] = {}
        for attempt in reversed(recent):
            tally = counts.setdefault((attempt.lesson_id, attempt.step_id), [0, 0])
            tally[0] += 1
            tally[1] += attempt.verdict == WRONG
        return [(lesson, step, answers, wrong) for (lesson, step), (answers, wrong) in counts.items()]


def _signature(path: Path) -> tuple[int, ...]:
    """What changes when a store is written: the file's and its WAL's size and modification time."""
    parts: list[int] = []
    for candidate in (path, path.with_name(path.name + "-wal")):
        try:
            stat = candidate.stat()
        except OSError:
            parts += [-1, -1]
        else:
            parts += [stat.st_size, stat.st_mtime_ns]
    return tuple(parts)


def _position(connection: sqlite3.Connection) -> Position | None:
    """(lesson, step, since when, done) of where the learner is, from their store; None if not known."""
    row = connection.execute("SELECT value FROM meta WHERE key = 'last_lesson'").fetchone()
    if row is None or row[0] is None:
        return None
    lesson_id = str(row[0])
    state = connection.execute(
        "SELECT current_step, updated FROM lesson_state WHERE lesson_id = ?", (lesson_id,)
    ).fetchone()
    if state is None:
        return lesson_id, None, None, False
    step_id, updated = state
    done = connection.execute(
        "SELECT done FROM step_state WHERE lesson_id = ? AND step_id = ?", (lesson_id, step_id)
    ).fetchone()
    return lesson_id, step_id, parse_time(str(updated)), bool(done and done[0])


def _live_attempt(row: tuple) -> LiveAttempt | None:
    moment = parse_time(str(row[1]))
    if moment is None:
        return None
    lesson_id, step_id, answer, verdict = (str(value) for value in row[2:6])
    return LiveAttempt(int(row[0]), moment, lesson_id, step_id, answer, verdict, row[6], int(row[7]))


def _seconds(now: datetime, then: datetime) -> float:
    return (now - then).total_seconds()


def _help_case(learner: LearnerLive, now: datetime) -> HelpCase | None:
    seen = learner.last_seen
    if seen is None or _seconds(now, seen) > PRESENT_SECONDS:
        return None
    lesson_id, step_id = learner.lesson_id, learner.step_id
    if step_id is None and learner.recent:
        lesson_id, step_id = learner.recent[-1].lesson_id, learner.recent[-1].step_id
    if lesson_id is None or step_id is None:
        return None
    on_step = [
        a
        for a in learner.recent
        if (a.lesson_id, a.step_id) == (lesson_id, step_id) and _seconds(now, a.time) <= HELP_WINDOW_SECONDS
    ]
    wrong = 0
    for attempt in on_step:  # wrong answers since the step was last answered right
        wrong = 0 if attempt.verdict == "correct" else wrong + (attempt.verdict == WRONG)
    hints = max((a.hints_used for a in on_step), default=0)
    last_move = max(filter(None, [learner.step_since, *(a.time for a in on_step)]), default=None)
    stalled = 0.0
    if not learner.step_done and last_move is not None and _seconds(now, last_move) >= STALL_SECONDS:
        stalled = _seconds(now, last_move)
    reasons = []
    if wrong >= WRONG_AT_LEAST:
        first_wrong = next(a.time for a in on_step if a.verdict == WRONG)
        minutes = max(1, round(_seconds(now, first_wrong) / 60))
        reasons.append(f"{wrong} wrong answers in {minutes} min")
    if hints >= HINTS_AT_LEAST:
        reasons.append(f"{hints} hints")
    if stalled:
        reasons.append(f"no answer for {round(stalled / 60)} min")
    if not reasons:
        return None
    score = wrong + hints + 2 * stalled / STALL_SECONDS
    return HelpCase(learner.name, lesson_id, step_id, round(score, 2), wrong, hints, stalled, tuple(reasons))
