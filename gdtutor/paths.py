"""Where gdtutor keeps a learner's files, and where the built-in course lives."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

APP_NAME = "gdtutor"
DATA_DIR_ENV = "GDTUTOR_DATA_DIR"


def user_data_dir() -> Path:
    """The learner's data folder: ``$GDTUTOR_DATA_DIR`` if set, else the platform's user data dir."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def user_lessons_dir() -> Path:
    """Lessons a teacher or learner installs for themselves."""
    return user_data_dir() / "lessons"


def builtin_lessons_dir() -> Path:
    """The shipped course: inside the wheel as ``gdtutor/course``, or ``lessons/`` in a source checkout."""
    packaged = Path(__file__).parent / "course"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "lessons"


def docs_dir() -> Path:
    """The guides (authoring.md, ...): ``gdtutor/docs`` in the wheel, or ``docs/`` in a source checkout."""
    return _shipped("docs")


def examples_dir() -> Path:
    """The example data files: ``gdtutor/examples`` in the wheel, or ``examples/`` in a source checkout."""
    return _shipped("examples")


def _shipped(folder: str) -> Path:
    packaged = Path(__file__).parent / folder
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / folder


PRIVATE_FOLDER = 0o700


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents readable by this user only (0700), whatever the umask.

    Folders that exist already are left as they are (a data folder named by ``$GDTUTOR_DATA_DIR`` may be a
    class's); ``tighten_default_folder`` repairs gdtutor's own. Raises OSError when it cannot be made.
    """
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            if not path.is_dir():
                raise
            continue
        path.chmod(PRIVATE_FOLDER)


def tighten_default_folder() -> None:
    """Make the default data folder 0700 if it is ours and looser (older gdtutors made it 0755)."""
    if os.environ.get(DATA_DIR_ENV) or not hasattr(os, "geteuid"):
        return
    folder = user_data_dir()
    try:
        info = folder.lstat()
        ours = folder.is_dir() and not folder.is_symlink() and info.st_uid == os.geteuid()
        if ours and info.st_mode & 0o077:
            folder.chmod(PRIVATE_FOLDER)
    except OSError:
        pass  # a folder we cannot inspect or change is reported when the store opens it


def write_private_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, 0600, never through a symlink (a crash keeps the old file)."""
    make_private_folder(path.parent)
    partial = path.with_name(path.name + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(partial, flags, 0o600), "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(partial, path)
