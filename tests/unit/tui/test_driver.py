"""The app's terminal driver ends cleanly when its terminal goes away: writes to a hung-up terminal are
dropped, so Textual's writer thread keeps draining its queue and the app's shutdown never blocks on it."""

from __future__ import annotations

import os
import threading

import pytest
from textual.drivers._writer_thread import WriterThread

from gdtutor.tui.driver import TerminalOutput


def hung_up_terminal():
    """The stream an app writes its screen to, on a terminal whose other end (ssh, tmux) is gone."""
    controller, terminal = os.openpty()
    os.close(controller)  # from now on a write to the terminal fails with EIO
    return os.fdopen(terminal, "w")


def stops_within(writer: WriterThread, seconds: float) -> bool:
    stopping = threading.Thread(target=writer.stop, daemon=True)
    stopping.start()
    stopping.join(seconds)
    return not stopping.is_alive()


def test_a_screen_written_to_a_terminal_that_hung_up_is_dropped_and_the_writer_stops():
    with hung_up_terminal() as stream:
        writer = WriterThread(TerminalOutput(stream))
        writer.start()
        for _ in range(100):  # more than the writer's queue holds (30)
            writer.write("\x1b[2J" + "θ" * 200)
        assert stops_within(writer, 10)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # the EIO shown here
def test_without_it_the_writer_dies_on_the_first_write_and_its_queue_blocks_the_shutdown():
    stream = hung_up_terminal()
    writer = WriterThread(stream)
    writer.start()
    writer.write("\x1b[2J")
    writer.join(10)  # EIO ends the thread
    assert not writer.is_alive()
    for _ in range(30):  # a shutdown's writes fill the queue nobody reads any more
        writer.write("\x1b[?1000l")
    assert not stops_within(writer, 0.5)  # stop() waits forever for room in the queue (its thread is left)
