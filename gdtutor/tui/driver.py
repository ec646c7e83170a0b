"""Textual's Linux driver, made to end cleanly when its terminal goes away.

The driver writes through a thread (``textual.drivers._writer_thread``) that has no way to report a failed
write: when the terminal hangs up (an SSH connection dropped, a tmux server killed), the next write raises
EIO, the thread dies, and the app's own shutdown then blocks forever on the thread's full queue, holding the
learner's session open. Writes to a terminal that is gone are dropped instead, so the app always ends.
The SIGCONT that comes with a hang-up resumes nothing unless the app had suspended itself.
"""

from __future__ import annotations

import contextlib
from io import TextIOWrapper
from typing import IO, Any, cast

from textual.app import App
from textual.drivers.linux_driver import LinuxDriver


class TerminalOutput:
    """A terminal's output stream whose writes and flushes are dropped once the terminal is gone."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError:  # EIO or EPIPE: nobody is there to read what is left to draw
            return len(text)

    def flush(self) -> None:
        with contextlib.suppress(OSError):
            self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class HangupSafeDriver(LinuxDriver):
    def __init__(self, app: App[Any], **options: Any) -> None:
        super().__init__(app, **options)
        if self._file is not None:
            # The driver writes, flushes and asks for the file number: TerminalOutput passes each on.
            self._file = cast("TextIOWrapper", TerminalOutput(self._file))

    def _sigcont_application(self, *_: object) -> None:
        # The kernel sends SIGCONT with SIGHUP when a terminal hangs up. Textual resumes application mode on
        # any SIGCONT, starting another input thread; when that comes as the app is quitting, nothing ever
        # stops the thread, which spins on the dead terminal and keeps the process alive. Resume only after
        # a suspend of this driver's own (ctrl+z).
        if self._must_signal_resume:
            super()._sigcont_application()
