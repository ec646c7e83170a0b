"""A throwaway PostgreSQL cluster in a temporary folder, for the tests and the benchmarks.

Debian's server binaries (``initdb``, ``pg_ctl``, ``postgres``) are found on PATH or under
``/usr/lib/postgresql/<version>/bin``. The cluster listens only on a Unix socket in its own folder, so it
never collides with another cluster on the machine, and trusts local connections. PostgreSQL refuses to run
as root: when the tests run as root, the cluster's processes run as the ``postgres`` account (Debian's
package creates it), or as the user named by ``GDTUTOR_TEST_PG_USER``.

Three roles are made, as docs/deploy.md describes for a real deployment: ``gdtutor_owner`` owns the schema
(it runs migrations), ``gdtutor_app`` is what servers connect as (no UPDATE or DELETE on the record) and
``gdtutor_teacher`` may only read.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from urllib.parse import quote

OWNER = "gdtutor_owner"
APP = "gdtutor_app"
TEACHER = "gdtutor_teacher"
SUPERUSER = "postgres"
PORT = 5432  # only names the socket file: the cluster has its own folder and no TCP listener
RUN_AS_ENV = "GDTUTOR_TEST_PG_USER"


class ClusterUnavailable(RuntimeError):
    """PostgreSQL could not be found or started; the message says why, in one line."""


def find_binaries() -> Path:
    """The folder holding initdb, pg_ctl and postgres: PATH first, then the newest Debian version."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(os.path.realpath(on_path)).parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if not versions:
        raise ClusterUnavailable(
            "PostgreSQL is not installed (no pg_ctl on PATH or in /usr/lib/postgresql/*/bin):"
            " install Debian's postgresql package"
        )
    return versions[-1].parent


def _run_as() -> pwd.struct_passwd | None:
    """The account the cluster runs as: None for the current user, unless that is root."""
    if os.geteuid() != 0:
        return None
    name = os.environ.get(RUN_AS_ENV, SUPERUSER)
    try:
        return pwd.getpwnam(name)
    except KeyError:
        raise ClusterUnavailable(
            f"the tests run as root, which PostgreSQL refuses, and there is no account {name!r} to run it"
            f" as: install Debian's postgresql package (it creates one) or set {RUN_AS_ENV}"
        ) from None


@dataclass
class Cluster:
    """A running cluster; ``stop()`` ends it and removes its folder."""

    folder: Path
    binaries: Path
    account: pwd.struct_passwd | None
    durable: bool = False  # False: fsync off, fine for tests (a killed server, not a power cut)
    _names: count = field(default_factory=lambda: count(1))

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    def url(self, database: str = "postgres", user: str = APP) -> str:
        """A libpq URL for ``database`` as ``user`` through the cluster's socket."""
        return f"postgresql://{user}@/{database}?host={quote(str(self.folder), safe='')}&port={PORT}"

    def _command(self, *args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
        kwargs: dict = {}
        if self.account is not None:
            kwargs = {"user": self.account.pw_uid, "group": self.account.pw_gid, "extra_groups": []}
        result = subprocess.run(
            args, capture_output=True, text=True, timeout=timeout, cwd=self.folder, check=False, **kwargs
        )
        if check and result.returncode != 0:
            output = (result.stderr or result.stdout).strip().splitlines()
            raise ClusterUnavailable(f"{Path(args[0]).name} failed: {output[-1] if output else result}")
        return result

    def pg_ctl(self, action: str, *options: str) -> None:
        """``pg_ctl start|stop|restart`` on this cluster, waiting until it has finished."""
        settings = (
            f"-c listen_addresses='' -c unix_socket_directories='{self.folder}' -c port={PORT}"
            " -c max_connections=200 -c shared_buffers=32MB"
        )
        if not self.durable:
            settings += " -c fsync=off -c full_page_writes=off"
        extra = ("-o", settings, "-l", str(self.log)) if action in ("start", "restart") else ()
        self._command(str(self.binaries / "pg_ctl"), action, "-D", str(self.data), "-w", *extra, *options)

    def sql(self, statement: str, database: str = "postgres") -> str:
        """Run one statement as the superuser with psql; its unaligned output."""
        result = self._command(
            str(self.binaries / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
            "-h", str(self.folder), "-p", str(PORT), "-U", SUPERUSER, "-d", database, "-c", statement,
        )  # fmt: skip
        return result.stdout.strip()

    def new_database(self) -> str:
        """A fresh, empty database owned by the schema owner; its name."""
        name = f"t{os.getpid()}_{next(self._names)}"
        self.sql(f"CREATE DATABASE {name} OWNER {OWNER} TEMPLATE template0 STRATEGY file_copy")
        return name

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self.pg_ctl("stop", "-m", "fast")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster(durable: bool = False) -> Cluster:
    """initdb and start a cluster in a new temporary folder; raises ClusterUnavailable with the reason.

    ``durable`` keeps PostgreSQL's fsync on, as in production (the benchmarks compare with SQLite's
    ``synchronous=FULL``); the tests leave it off, since they kill servers, not the machine.
    """
    binaries = find_binaries()
    account = _run_as()
    folder = Path(tempfile.mkdtemp(prefix="gdtutor-pg-"))
    if account is not None:
        os.chown(folder, account.pw_uid, account.pw_gid)
    cluster = Cluster(folder, binaries, account, durable)
    try:
        cluster._command(
            str(binaries / "initdb"), "-D", str(cluster.data), "-U", SUPERUSER, "-A", "trust",
            "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions",
        )  # fmt: skip
        cluster.pg_ctl("start")
        for role in (OWNER, APP, TEACHER):
            cluster.sql(f"CREATE ROLE {role} LOGIN")
    except (ClusterUnavailable, OSError, subprocess.TimeoutExpired) as error:
        log = cluster.log.read_text(errors="replace").strip().splitlines() if cluster.log.exists() else []
        cluster.stop()
        detail = f" (server log: {log[-1]})" if log else ""
        raise ClusterUnavailable(f"could not start a PostgreSQL cluster: {error}{detail}") from error
    return cluster
