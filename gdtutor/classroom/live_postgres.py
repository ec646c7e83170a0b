"""The live dashboard's view of a class kept in PostgreSQL (``ClassWatch`` reads a folder of SQLite stores).

One poll is one read-only transaction: the class's attempts after the last id seen (one sequence for every
learner) and every learner's position. psycopg is loaded only by ``gdtutor class watch --store …``.

Who is connected comes from the database too (``gdtutor.progress.postgres_live``), read in the same
transaction: every server sharing the database is seen, whichever machine and class folder it runs from.
"""

from __future__ import annotations

from pathlib import Path

from gdtutor.classroom.live import ClassWatch, Clock, LearnerLive, utc_clock
from gdtutor.progress.store import AttemptRecord
from gdtutor.progress.stores import postgres_backend


class PostgresClassWatch(ClassWatch):
    def __init__(self, url: str, folder: Path, clock: Clock = utc_clock) -> None:
        super().__init__(folder, clock)
        postgres_backend()
        self.url = url
        self._after = 0

    def _poll(self) -> bool:
        from gdtutor.progress.postgres_class import class_changes

        changes = class_changes(self.url, self._after)
        changed = self._set_connections(changes.connected is not None, changes.connected or frozenset())
        with self._lock:
            for gone in set(self._learners) - set(changes.learners):  # archived by gdtutor class forget
                del self._learners[gone]
                changed = True
            for name in changes.learners:
                if name not in self._learners:
                    self._learners[name] = LearnerLive(name)
                    changed = True
            rows: dict[str, list[tuple]] = {}
            for row in changes.attempts:
                rows.setdefault(row[0], []).append(row[1:])
                self._after = max(self._after, int(row[1]))
            for name, learner in self._learners.items():
                position = changes.positions.get(name)
                before = (learner.lesson_id, learner.step_id, learner.step_since, learner.step_done)
                self._take(learner, rows.get(name, []), position)
                changed = changed or name in rows or position not in (None, before)
        return changed

    def attempts_on(self, learner: str, lesson_id: str, step_id: str) -> list[AttemptRecord]:
        from gdtutor.progress.postgres_class import step_attempts

        return step_attempts(self.url, learner, lesson_id, step_id)
