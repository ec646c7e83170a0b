"""Which lessons there are: the shipped course, the learner's own folder, and any ``--lessons DIR``.

``lesson_paths`` (gdtutor.lessons.folders) lists the lesson files in course order without reading them (the
app shows its first screen from that and the files' headers); ``Catalog.load`` then loads and checks them.
A file with problems is listed among ``catalog.problems`` (and skipped), and an id defined twice is a problem
too, never silent shadowing: the first definition (in the order shipped, user folder, then ``--lessons``
folders) stays available. ``Listing.read`` is the cheap way for a menu: each file's header only, so that
only the lesson chosen is loaded in full. Importing this module loads neither the validator nor numpy;
loading does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from gdtutor.errors import GdtutorError
from gdtutor.lessons.folders import lesson_paths
from gdtutor.lessons.headers import read_header
from gdtutor.safe_text import excerpt

if TYPE_CHECKING:
    from gdtutor.lessons.model import Diagnostic, Lesson


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
    problems: list[Diagnostic] = field(default_factory=list)

    @classmethod
    def load(cls, paths: Iterable[tuple[Path, str]]) -> Catalog:
        """Load and check each ``(file, source)`` in order, as ``lesson_paths`` lists them (a file opened
        before, unchanged since, is taken from the cache of checked lessons)."""
        from gdtutor.lessons.checked import open_lesson

        def loaded() -> Iterator[tuple[Entry | None, list[Diagnostic]]]:
            for path, source in paths:
                lesson, problems = open_lesson(path, keep=False)
                yield (None if lesson is None else Entry(lesson, path, source)), problems

        return cls(*_first_of_each_id(loaded(), _entry_twice))

    def ids(self) -> list[str]:
        return [entry.id for entry in self.entries]

    def get(self, lesson_id: str) -> Entry | None:
        return next((entry for entry in self.entries if entry.id == lesson_id), None)

    def find(self, wanted: str) -> Entry:
        """The lesson named by id, by a path to its file, or by a unique beginning of its id or file name."""
        return find(self.entries, wanted)


class Named(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def path(self) -> Path: ...


AnyNamed = TypeVar("AnyNamed", bound=Named)


def find(entries: Sequence[AnyNamed], wanted: str) -> AnyNamed:
    """The entry named by id, by a path to its file, or by a unique beginning of its id or file name."""
    exact = next((entry for entry in entries if entry.id == wanted), None)
    if exact is not None:
        return exact
    path = Path(wanted)
    for entry in entries:
        if path.exists() and entry.path.resolve() == path.resolve():
            return entry
    matches = [e for e in entries if e.id.startswith(wanted) or e.path.stem.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(entry.id for entry in entries) or "none"
    if matches:
        raise GdtutorError(f'"{excerpt(wanted)}" matches several lessons: {", ".join(e.id for e in matches)}')
    raise GdtutorError(f'no lesson "{excerpt(wanted)}" (known lessons: {known})')


@dataclass(frozen=True)
class Listed:
    """A lesson as a menu lists it, from its file's header; ``load`` reads and checks the whole file."""

    id: str
    title: str
    path: Path
    source: str

    def load(self) -> tuple[Lesson | None, list[Diagnostic]]:
        """The lesson (None when its file has errors) and the problems found in the file."""
        from gdtutor.lessons.checked import open_lesson

        return open_lesson(self.path)


@dataclass
class Listing:
    """Every lesson by its header, in course order, as ``Catalog.load`` would keep them: a file whose head
    holds no id and title is loaded in full to find them, and a file whose id came earlier is left out,
    as are files that do not load; ``problems`` says why."""

    entries: list[Listed] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)

    @classmethod
    def read(cls, paths: Iterable[tuple[Path, str]]) -> Listing:
        def listed() -> Iterator[tuple[Listed | None, list[Diagnostic]]]:
            for path, source in paths:
                header = read_header(path)
                if header is not None:
                    yield Listed(header.id, header.title, path, source), []
                    continue
                from gdtutor.lessons.loading import read_lesson  # only for a file without a header

                lesson, problems = read_lesson(path)
                yield (None if lesson is None else Listed(lesson.id, lesson.title, path, source)), problems

        return cls(*_first_of_each_id(listed(), _listed_twice))


class Found(Named, Protocol):
    @property
    def source(self) -> str: ...


AnyFound = TypeVar("AnyFound", bound=Found)


def _first_of_each_id(
    found: Iterable[tuple[AnyFound | None, list[Diagnostic]]],
    defined_twice: Callable[[AnyFound, AnyFound], Diagnostic],
) -> tuple[list[AnyFound], list[Diagnostic]]:
    """The lessons found (None: the file did not load), in order, keeping the first of each id; and the
    problems: each file's own, then ``defined_twice(later, first)`` for each id met again."""
    kept: list[AnyFound] = []
    problems: list[Diagnostic] = []
    first: dict[str, AnyFound] = {}
    for lesson, lesson_problems in found:
        problems.extend(lesson_problems)
        if lesson is None:
            continue
        if lesson.id in first:
            problems.append(defined_twice(lesson, first[lesson.id]))
            continue
        first[lesson.id] = lesson
        kept.append(lesson)
    return kept, problems


def _entry_twice(entry: Entry, first: Entry) -> Diagnostic:
    from gdtutor.files import display_path
    from gdtutor.lessons.model import Diagnostic

    message = _defined_twice(entry.id, display_path(first.path), first.source)
    return Diagnostic.at(entry.lesson.where("id"), message)


def _listed_twice(listed: Listed, first: Listed) -> Diagnostic:
    from gdtutor.files import display_path
    from gdtutor.lessons.model import Diagnostic

    message = _defined_twice(listed.id, display_path(first.path), first.source)
    return Diagnostic(display_path(listed.path), 1, 1, message)


def _defined_twice(lesson_id: str, first_file: str, first_source: str) -> str:
    return (
        f'lesson id "{lesson_id}" is already defined in {first_file} ({first_source}); this one is not used'
    )


def discover(extra_dirs: Sequence[str | Path] = ()) -> Catalog:
    """Load every lesson from the shipped course, the user's folder and ``extra_dirs``."""
    return Catalog.load(lesson_paths(extra_dirs))
