"""Reading learners' stores without ever getting in a learner's way.

Nothing here writes to a learner's file or takes a lock a learner's next answer would wait on:

- A WAL store (the default on a local disk) is opened with SQLite's ``mode=ro``. In WAL mode readers and
  the writer never wait on each other; the reader still uses the ``-shm`` index the learner's process shares.
- A rollback-journal store (the store's choice on a network filesystem) is copied byte for byte and the
  copy opened ``immutable=1``: reading the file in place would hold a SHARED lock that makes the learner's
  commit wait. A copy taken while a commit was landing is recognised (the header's change counter moved, or
  a hot journal sat beside the file) and taken again.

A snapshot is the store copied into memory and brought to this gdtutor's schema there, so older stores read
like new ones; a damaged file, a file from a newer gdtutor, a file that is no database, and a database that
is not laid out as a progress store (another program's tables, or a table or column this gdtutor reads
missing) raise ``UnreadableStore`` with one line that names it, for the report to list.
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from gdtutor.errors import GdtutorError
from gdtutor.progress.learner import DATABASE_SUFFIX
from gdtutor.progress.schema import SCHEMA_VERSION, migrate, schema_version
from gdtutor.progress.store import ProgressStore

HEADER_BYTES = 100
SQLITE_MAGIC = b"SQLite format 3\x00"
WAL_FORMAT = 2  # header byte 18: 1 for a rollback journal, 2 for WAL
COPY_TRIES = 20  # with pauses growing to 0.2 s: about 3 s of a learner committing non-stop
READ_BUSY_MS = 2000  # only ever waited for by the reader, e.g. while SQLite recovers a WAL index


class UnreadableStore(GdtutorError):
    """A learner's store that cannot be read; the message names the file and says why, in one line."""


def learners_folder(folder: Path) -> Path:
    """The folder holding the stores: ``DIR/learners`` for a class folder, else ``DIR`` itself."""
    inner = folder / "learners"
    return inner if inner.is_dir() else folder


def store_paths(folder: Path) -> list[Path]:
    """Every learner's store in the class (or plain) folder ``folder``, by name.

    Raises GdtutorError when ``folder`` is not a folder.
    """
    if not folder.is_dir():
        raise GdtutorError(f"--class {folder}: no such folder")
    stores = learners_folder(folder)
    return sorted(path for path in stores.iterdir() if path.name.endswith(DATABASE_SUFFIX) and path.is_file())


def learner_of(path: Path) -> str:
    """The learner a store belongs to, as the class folder names them: the file's stem."""
    return path.name.removesuffix(DATABASE_SUFFIX)


def _header(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(HEADER_BYTES)
    except OSError as error:
        raise UnreadableStore(f"{path.name}: cannot be read ({error.strerror or error})") from None


def _counter(header: bytes) -> bytes:
    return header[24:28]


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection to the store at ``path`` (see the module docstring); None for an empty file.

    An empty file is a store the learner's process has just created and not yet written.
    """
    header = _header(path)
    if not header:
        yield None
        return
    if len(header) < HEADER_BYTES or not header.startswith(SQLITE_MAGIC):
        raise UnreadableStore(f"{path.name}: not a progress store (no SQLite header)")
    if header[18] == WAL_FORMAT:
        connection = _connect(f"{path.resolve().as_uri()}?mode=ro")
        try:
            yield connection
        finally:
            connection.close()
        return
    with tempfile.TemporaryDirectory(prefix="gdtutor-class-") as folder:
        copy = _consistent_copy(path, Path(folder) / path.name)
        connection = _connect(f"{copy.as_uri()}?immutable=1")
        try:
            yield connection
        finally:
            connection.close()


def _connect(uri: str) -> sqlite3.Connection:
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    connection.execute(f"PRAGMA busy_timeout = {READ_BUSY_MS}")
    return connection


def _consistent_copy(path: Path, copy: Path) -> Path:
    """Copy a rollback-journal database without locking it; retry while a transaction was under way.

    A commit writes the journal before it touches the database and deletes it after, and it changes the
    header's change counter: no journal before and after the copy, and the same counter, mean no commit
    touched the file while it was copied.
    """
    journal = path.with_name(path.name + "-journal")
    for attempt in range(COPY_TRIES):
        if attempt:
            time.sleep(min(0.005 * 2**attempt, 0.2))
        if _has_journal(journal):
            continue
        before = _counter(_header(path))
        try:
            shutil.copyfile(path, copy)
        except OSError as error:
            raise UnreadableStore(f"{path.name}: cannot be copied ({error.strerror or error})") from None
        if not _has_journal(journal) and _counter(_header(path)) == before == _counter(_header(copy)):
            return copy
    raise UnreadableStore(f"{path.name}: kept changing while being read; try again")


def _has_journal(journal: Path) -> bool:
    try:
        return journal.stat().st_size > 0
    except FileNotFoundError:
        return False
    except OSError as error:
        raise UnreadableStore(f"{journal.name}: cannot be read ({error.strerror or error})") from None


def snapshot(path: Path) -> ProgressStore:
    """The store at ``path`` copied into memory and brought to the current schema, as a ProgressStore.

    The copy saves nothing anywhere (``saving`` is False); its read methods work as on the learner's own
    store. Raises UnreadableStore for a damaged file, one from a newer gdtutor, or one that is no store.
    """
    return ProgressStore(
        snapshot_database(path), learner=learner_of(path), path=path, saving=False, journal_mode="memory"
    )


def snapshot_database(path: Path) -> sqlite3.Connection:
    """The store at ``path`` copied into an in-memory database at the current schema (see ``snapshot``)."""
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        _copy_into(path, memory)
        found = memory.execute("PRAGMA quick_check").fetchall()
        if found != [("ok",)]:
            raise UnreadableStore(f"{path.name}: damaged ({found[0][0]})")
        _refuse_foreign(memory, path.name)
        memory.execute("BEGIN")
        migrate(memory, path.name)
        memory.execute("COMMIT")
        _check_layout(memory, path.name)
    except sqlite3.Error as error:
        memory.close()
        raise UnreadableStore(f"{path.name}: damaged or not a progress store ({error})") from None
    except BaseException:
        memory.close()
        raise
    return memory


def _copy_into(path: Path, memory: sqlite3.Connection) -> None:
    with read_only(path) as source:
        if source is None:
            return
        found = schema_version(source)
        if found > SCHEMA_VERSION:
            raise UnreadableStore(
                f"{path.name}: written by a newer gdtutor (schema {found}, this one reads up to"
                f" {SCHEMA_VERSION}); upgrade gdtutor to read it"
            )
        source.backup(memory)


def _refuse_foreign(database: sqlite3.Connection, name: str) -> None:
    """A store is given its schema version in the transaction that makes its tables, so a database with
    tables and no version is some other program's."""
    if schema_version(database):
        return
    tables = _tables(database)
    if tables:
        shown = ", ".join(tables[:3]) + (", …" if len(tables) > 3 else "")
        raise UnreadableStore(f"{name}: not a progress store (no schema version; tables {shown})")


def _check_layout(database: sqlite3.Connection, name: str) -> None:
    """Raise UnreadableStore naming the first table or column of this gdtutor's layout that ``database``
    lacks (a file edited by hand or written by something else that set the version)."""
    for table, columns in _layout().items():
        found = {row[1] for row in database.execute(f"PRAGMA table_info({table})")}
        if not found:
            raise UnreadableStore(f"{name}: not a progress store (no table {table})")
        missing = [column for column in columns if column not in found]
        if missing:
            raise UnreadableStore(f"{name}: not a progress store (table {table} has no column {missing[0]})")


@functools.cache
def _layout() -> dict[str, tuple[str, ...]]:
    """Every table of this gdtutor's schema and its columns, from a database made fresh in memory."""
    with contextlib.closing(sqlite3.connect(":memory:", isolation_level=None)) as fresh:
        fresh.execute("BEGIN")
        migrate(fresh, ":memory:")
        fresh.execute("COMMIT")
        return {
            table: tuple(row[1] for row in fresh.execute(f"PRAGMA table_info({table})"))
            for table in _tables(fresh)
        }


def _tables(database: sqlite3.Connection) -> list[str]:
    """The database's own tables (not SQLite's internal ``sqlite_…`` ones), by name."""
    query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
    return sorted(row[0] for row in database.execute(query))
