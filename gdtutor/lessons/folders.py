"""Where the lesson files are, in course order, without reading them: the app's first screen starts from
this list (and each file's header), so it imports nothing of the lesson machinery (``catalog`` loads them)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from gdtutor.errors import GdtutorError
from gdtutor.paths import builtin_lessons_dir, user_lessons_dir

LESSON_SUFFIXES = (".yaml", ".yml")


def lesson_paths(extra_dirs: Sequence[str | Path] = (), *, standard: bool = True) -> list[tuple[Path, str]]:
    """Every lesson file with its source, in course order: the shipped course ("built-in") and the learner's
    folder ("user") unless ``standard`` is False, then each of ``extra_dirs`` ("--lessons DIR"); by name
    within a folder. Nothing is read. A missing extra folder is a GdtutorError."""
    folders = [(builtin_lessons_dir(), "built-in"), (user_lessons_dir(), "user")] if standard else []
    for name in extra_dirs:
        folder = Path(name)
        if not folder.is_dir():
            raise GdtutorError(f"--lessons {folder}: no such folder")
        folders.append((folder, f"--lessons {folder}"))
    return [(path, source) for folder, source in folders for path in folder_lessons(folder)]


def folder_lessons(folder: Path) -> list[Path]:
    """The lesson files directly inside ``folder``, by name; none when it is not a folder."""
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.suffix in LESSON_SUFFIXES and path.is_file())
