"""A store's learner actions recorded on a thread of their own, one after another in the order given.

A commit waits for the disk (``synchronous=FULL``: an fsync per answer, tens of milliseconds on a busy
machine). Recorded through a ``StoreWriter`` the front-end's event loop never waits for it: the loop hands
the action over, keeps drawing and reading keys, and waits for ``committed()`` (a future) only where it
acknowledges the action, so an answer the learner has seen acknowledged is on disk.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from gdtutor.progress.store import LESSON, LessonState
from gdtutor.progress.stores import Store
from gdtutor.records import Action


def _done() -> Future[None]:
    future: Future[None] = Future()
    future.set_result(None)
    return future


class StoreWriter:
    """The engine's ``Recorder`` over ``store``: ``record_action`` returns at once, the write happens on
    one thread, in order. A read through it (``lesson_state``) first waits for the writes before it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gdtutor-store")
        self._last: Future[None] = _done()

    def record_action(self, action: Action, context: str = LESSON) -> None:
        self._last = self._thread.submit(self.store.record_action, action, context)

    def committed(self) -> Future[None]:
        """Done once every action recorded so far is committed (or has failed: its exception is set)."""
        return self._last

    def wait(self) -> None:
        """Block until every action recorded so far is committed."""
        self._last.result()

    def lesson_state(self, lesson_id: str) -> LessonState:
        self.wait()
        return self.store.lesson_state(lesson_id)

    def close(self) -> None:
        """Finish the writes handed over (never drops one), then stop the thread; the store stays open."""
        self._thread.shutdown(wait=True)
