"""Which lessons there are: the shipped course, the learner's own folder, and any ``--lessons DIR``.

``lesson_paths`` lists the lesson files in course order without reading them (the app shows its first screen
from that and the files' headers); ``Catalog.load`` then loads and checks them. A file with problems is
listed among ``catalog.problems`` (and skipped), and an id defined twice is a problem too, never silent
shadowing: the first definition (in the order shipped, user folder, then ``--lessons`` folders) stays
available. Importing this module loads neither the validator nor numpy; loading does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from gdtutor.errors import GdtutorError
from gdtutor.paths import builtin_lessons_dir, user_lessons_dir
from gdtutor.safe_text import excerpt

if TYPE_CHECKING:
    from gdtutor.lessons.model import Lesson, Problem

LESSON_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Entry:
    """A lesson found on disk, and where: ``source`` is "built-in", "user" or "--lessons DIR"."""

    lesson: Lesson
    path: Path
    source: str

    @property
    def id(self) -> str:
        return self.lesson.id

    @property
    def title(self) -> str:
        return self.lesson.title


@dataclass
class Catalog:
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def load(cls, paths: Iterable[tuple[Path, str]]) -> Catalog:
        """Load and check each ``(file, source)`` in order, as ``lesson_paths`` lists them."""
        from gdtutor.lessons.loading import display_path, read_lesson
        from gdtutor.lessons.model import Problem

        catalog = cls()
        seen: dict[str, Entry] = {}
        for path, source in paths:
            lesson, problems = read_lesson(path)
            catalog.problems.extend(problems)
            if lesson is None:
                continue
            if lesson.id in seen:
                first = seen[lesson.id]
                message = (
                    f'lesson id "{lesson.id}" is already defined in {display_path(first.path)}'
                    f" ({first.source}); this one is not used"
                )
                catalog.problems.append(Problem.at(lesson.where("id"), message))
                continue
            entry = Entry(lesson, path, source)
            seen[lesson.id] = entry
            catalog.entries.append(entry)
        return catalog

    def ids(self) -> list[str]:
        return [entry.id for entry in self.entries]

    def get(self, lesson_id: str) -> Entry | None:
        return next((entry for entry in self.entries if entry.id == lesson_id), None)

    def find(self, wanted: str) -> Entry:
        """The lesson named by id, by a path to its file, or by a unique beginning of its id or file name."""
        exact = self.get(wanted)
        if exact is not None:
            return exact
        path = Path(wanted)
        for entry in self.entries:
            if path.exists() and entry.path.resolve() == path.resolve():
                return entry
        matches = [e for e in self.entries if e.id.startswith(wanted) or e.path.stem.startswith(wanted)]
        if len(matches) == 1:
            return matches[0]
        known = ", ".join(self.ids()) or "none"
        if matches:
            raise GdtutorError(
                f'"{excerpt(wanted)}" matches several lessons: {", ".join(e.id for e in matches)}'
            )
        raise GdtutorError(f'no lesson "{excerpt(wanted)}" (known lessons: {known})')


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


def discover(extra_dirs: Sequence[str | Path] = ()) -> Catalog:
    """Load every lesson from the shipped course, the user's folder and ``extra_dirs``."""
    return Catalog.load(lesson_paths(extra_dirs))


def folder_lessons(folder: Path) -> list[Path]:
    """The lesson files directly inside ``folder``, by name; none when it is not a folder."""
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.suffix in LESSON_SUFFIXES and path.is_file())
