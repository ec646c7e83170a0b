"""What a teacher can set on ``gdtutor serve``, with the defaults a class of thirty needs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServeSettings:
    class_dir: Path
    host: str = "127.0.0.1"
    port: int = 2222
    plain: bool = False  # every session gets the plain front-end
    max_sessions: int = 60
    max_per_learner: int = 2
    idle_timeout: float = 1800.0  # seconds without a key pressed before the session ends
    idle_warning: float = 60.0  # how long before that the learner is warned
    memory_mb: int = 1024  # RLIMIT_AS of each session
    cpu_seconds: int = 3600  # RLIMIT_CPU of each session
    auth_failures: int = 10  # failed sign-ins from one address ...
    auth_window: float = 300.0  # ... within this many seconds block it for the rest of the window
    join_timeout: float = 120.0  # how long a new student has to type the join code
    drain_timeout: float = 15.0  # on SIGTERM, how long sessions get to save and close
    # After its connection is lost, how long a session gets to save and exit before it is killed (its slot
    # freed): longer than the PostgreSQL store's wait for a database coming back at close (10 s).
    hangup_grace: float = 30.0
    session_app: str | None = None  # MODULE:FUNCTION served instead of the tutor (benchmarks)
    proxy_from: tuple[str, ...] = ()  # load balancers whose connections start with a PROXY header
    store: str | None = None  # the PostgreSQL progress store every session uses (None: SQLite in learners/)
