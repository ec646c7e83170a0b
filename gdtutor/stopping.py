"""SIGTERM and SIGHUP end a session the way quitting does.

A server stopping (SIGTERM) or a connection dropping (SIGHUP: the SSH session or the terminal went away)
must not leave a half-written answer or a broken terminal. The write in flight is finished or rolled back
(every learner action is one transaction), the terminal is restored where there still is one, and the
process exits with status 128 + the signal's number (143 for SIGTERM, 129 for SIGHUP): the shell's own
convention for "ended by this signal", so a server or script can tell a session that was stopped from one
the learner quit (0). A stopped session that could not save every answer of its own (a database that did
not come back in time) exits with ``STOPPED_UNSAVED`` instead, having said why on stderr, so that the
server does not tell the learner their progress is saved.
"""

from __future__ import annotations

import signal
from types import FrameType

STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


STOPPED_UNSAVED = 75  # EX_TEMPFAIL


def exit_status(signum: int) -> int:
    return 128 + signum


def is_stopped(status: int) -> bool:
    """Whether ``status`` is that of a session ended by SIGTERM or SIGHUP, which saved what it could."""
    return status in {exit_status(signum) for signum in STOP_SIGNALS}


def status_after_closing(status: int, saved: bool) -> int:
    """The exit status of a session that ended with ``status`` once its store is closed (``saved``: every
    answer of the session is in the saved record)."""
    return STOPPED_UNSAVED if is_stopped(status) and not saved else status


def exit_on_stop_signals() -> None:
    """For a line-oriented session: the signal raises SystemExit, so ``finally`` blocks close the store."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(exit_status(signum))

    for signum in STOP_SIGNALS:
        signal.signal(signum, stop)
