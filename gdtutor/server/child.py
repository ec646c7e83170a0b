"""What a session's process does once the warm parent has forked it: take the terminal, the learner's
environment and the limits, then run the tutor (or the plain front-end, or the teacher's dashboard).

The child starts a new session with the terminal as its controlling terminal, like a login: the kernel then
sends it SIGWINCH when the server resizes the window and SIGHUP when the connection is gone. Its environment
is built from nothing (``gdtutor.server.environment``), never inherited from the server.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import importlib
import os
import resource
import signal
import sys
import termios
from collections.abc import Callable

from gdtutor.server.forkserver import SpawnRequest

IDLE_WARNING = (
    "You have been idle a while: press a key to stay, or you will be disconnected (progress is saved)."
)
TEACHER_DASHBOARD_MISSING = (
    "gdtutor: this is a teacher's key, and this gdtutor has no teacher's dashboard yet "
    "(gdtutor class watch); nothing else runs here."
)


def run_session(request: SpawnRequest, terminal: int) -> int:
    """Become the session on ``terminal`` and run what ``request`` asks for; the exit status."""
    take_terminal(terminal)
    os.environ.clear()
    os.environ.update(request.environment)
    apply_limits(request)
    os.chdir(request.class_dir)
    try:
        return _entry_point(request.mode)(request)
    except SystemExit as leaving:
        return leaving.code if isinstance(leaving.code, int) else 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()


def take_terminal(terminal: int) -> None:
    """Make ``terminal`` this new session's controlling terminal (when it is one) and standard streams."""
    os.setsid()
    if os.isatty(terminal):
        fcntl.ioctl(terminal, termios.TIOCSCTTY, 0)
    for standard in (0, 1, 2):
        os.dup2(terminal, standard)
    if terminal > 2:
        os.close(terminal)


def apply_limits(request: SpawnRequest) -> None:
    if request.memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (request.memory_bytes, request.memory_bytes))
    if request.cpu_seconds:
        # The soft limit sends SIGXCPU, which ends the session like a hang-up; the hard one is a backstop.
        resource.setrlimit(resource.RLIMIT_CPU, (request.cpu_seconds, request.cpu_seconds + 5))
        signal.signal(signal.SIGXCPU, _leave_on_signal)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _leave_on_signal(number: int, _frame: object) -> None:
    raise SystemExit(128 + number)


def _entry_point(mode: str) -> Callable[[SpawnRequest], int]:
    if mode == "tui":
        return run_tui
    if mode == "plain":
        return run_plain
    if mode == "teacher":
        return run_teacher
    module_name, _, function = mode.partition(":")
    return getattr(importlib.import_module(module_name), function)


def run_tui(request: SpawnRequest) -> int:
    from gdtutor.commands import tui

    def on_idle_warning(app) -> None:
        def warn(_number: int, _frame: object) -> None:
            import asyncio

            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return
            loop.call_soon_threadsafe(lambda: app.notify(IDLE_WARNING, severity="warning", timeout=30))

        signal.signal(signal.SIGUSR1, warn)

    return tui.run(argparse.Namespace(lesson=None, lessons=[]), prepare=on_idle_warning)


def run_plain(request: SpawnRequest) -> int:
    from gdtutor.commands import plain

    def warn(_number: int, _frame: object) -> None:
        sys.stdout.write(f"\n({IDLE_WARNING})\n")
        sys.stdout.flush()

    signal.signal(signal.SIGUSR1, warn)
    return plain.run(argparse.Namespace(lesson=None, lessons=[]))


def run_teacher(request: SpawnRequest) -> int:
    from gdtutor.commands import class_

    if "watch" not in class_.SUBCOMMANDS:
        print(TEACHER_DASHBOARD_MISSING, flush=True)
        return 1
    from gdtutor.cli import main

    return main(["class", "watch", "--class", request.class_dir])
