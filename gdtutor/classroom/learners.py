"""One learner of a class, for honouring their requests: find their store, export it, move it aside.

``forget`` never deletes: the store (with its ``-wal`` and ``-shm`` files, which may hold its latest
answers) moves to the class's ``archive/`` under a name with the time it was moved. A session still open on
the store at that moment keeps writing into the archived copy until it ends, so ask the learner to leave
first; their next session starts a fresh store.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from gdtutor.checking.plaintext import quote
from gdtutor.classroom.folder import ClassFolder
from gdtutor.classroom.stores import learner_of, learners_folder, store_paths
from gdtutor.errors import GdtutorError
from gdtutor.progress.learner import DATABASE_SUFFIX, file_stem
from gdtutor.progress.recovery import COMPANION_SUFFIXES
from gdtutor.progress.verified import STAMP_SUFFIX

SIDE_FILES = (*COMPANION_SUFFIXES, STAMP_SUFFIX)


def find_store(folder: Path, learner: str) -> Path:
    """The store of ``learner`` (their name, or the store's file name without ``.sqlite3``) in the class."""
    paths = store_paths(folder)
    for path in paths:
        if learner_of(path) in (learner, file_stem(learner), learner.removesuffix(DATABASE_SUFFIX)):
            return path
    known = ", ".join(learner_of(path) for path in paths[:10]) or "none"
    more = f" and {len(paths) - 10} more" if len(paths) > 10 else ""
    raise GdtutorError(f"no learner {quote(learner)} in {folder} (learners: {known}{more})")


def archive_folder(folder: Path) -> Path:
    """``CLASS/archive`` for a class folder; ``DIR/archive`` for a plain folder of stores."""
    if learners_folder(folder) != folder:
        return ClassFolder(folder).archive
    return folder / "archive"


def forget(folder: Path, store: Path, now: datetime | None = None) -> Path:
    """Move ``store`` and its side files into the archive; the archived store's path. Deletes nothing."""
    moment = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    archive = archive_folder(folder)
    target = archive / f"{learner_of(store)}-{moment}{DATABASE_SUFFIX}"
    try:
        archive.mkdir(exist_ok=True)
        if target.exists():
            raise GdtutorError(f"forget: {target} already exists; try again in a second")
        for suffix in SIDE_FILES:  # side files first: the main file is the last to leave
            side = store.with_name(store.name + suffix)
            if side.exists():
                side.rename(target.with_name(target.name + suffix))
        store.rename(target)
    except OSError as error:
        raise GdtutorError(f"forget: cannot move {store} to {archive} ({error.strerror or error})") from None
    return target
