"""What the lesson picker shows of each lesson before the full check: its step ids and its skills.

They are remembered from the last full load of the same file (same path, size and modification time, the
same gdtutor and the same outline rule) in ``lesson-index.json`` in the data folder, so the picker can show
the learner's progress without the YAML parser, the validator or numpy. The full check still runs after
that and stays the authority: it rewrites the index, which remembers only lessons that loaded without
errors. The file is a cache: one that cannot be read, or that holds anything unexpected, is ignored.
Importing this module loads no YAML, numpy or validator.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gdtutor import __version__
from gdtutor.files import FileRefused, read_limited
from gdtutor.paths import write_private_file

if TYPE_CHECKING:
    from gdtutor.lessons.model import Lesson

INDEX_NAME = "lesson-index.json"
# What an outline holds follows from the code of ``outline_of`` and of the lesson model it reads: the rule
# is a digest of both files, so an index written by other code (another rule) is never read back.
OUTLINE_SOURCES = (Path(__file__), Path(__file__).with_name("model.py"))
INDEX_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Outline:
    """A lesson's id, the ids of its steps in order, and every skill the lesson or one of its steps names."""

    id: str
    steps: tuple[str, ...]
    skills: tuple[str, ...]


def outline_of(lesson: Lesson) -> Outline:
    # The skills its questions exercise: a skill the lesson names but never asks about is one the learner
    # cannot show, and would hold the lesson's mastery down for good.
    skills = {skill for step in lesson.steps if step.is_question for skill in lesson.skills_for(step)}
    return Outline(lesson.id, tuple(step.id for step in lesson.steps), tuple(sorted(skills)))


Stamp = tuple[int, int]  # the file's modification time (ns) and size


def rule_of(sources: Iterable[Path]) -> str:
    """A digest of the ``sources``' bytes; of gdtutor's version where a source cannot be read."""
    digest = hashlib.sha256()
    for source in sources:
        try:
            digest.update(source.read_bytes())
        except OSError:
            digest.update(__version__.encode())
    return digest.hexdigest()[:16]


@functools.cache
def outline_rule() -> str:
    return rule_of(OUTLINE_SOURCES)


class LessonIndex:
    """The remembered outlines in ``folder``'s index, by lesson file."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / INDEX_NAME
        self._known: dict[str, tuple[Stamp, Outline]] = _read(self.path)

    def outline(self, lesson_file: Path) -> Outline | None:
        """The outline remembered for ``lesson_file`` as it is now; None when the file changed since."""
        try:
            known = self._known.get(_key(lesson_file))
            return known[1] if known is not None and known[0] == _stamp(lesson_file) else None
        except OSError:
            return None

    def remember(self, loaded: Iterable[tuple[Path, Lesson]]) -> None:
        """Keep exactly the outlines of ``loaded`` (the files that loaded cleanly); written only when
        that changes anything. A write that fails is let go: the index is only a cache."""
        known: dict[str, tuple[Stamp, Outline]] = {}
        try:
            for lesson_file, lesson in loaded:
                known[_key(lesson_file)] = (_stamp(lesson_file), outline_of(lesson))
        except OSError:
            return
        if known == self._known:
            return
        self._known = known
        entries = {
            key: {"mtime_ns": stamp[0], "size": stamp[1], "id": s.id, "steps": s.steps, "skills": s.skills}
            for key, (stamp, s) in known.items()
        }
        with contextlib.suppress(OSError):
            write_private_file(
                self.path, json.dumps({"gdtutor": __version__, "rule": outline_rule(), "lessons": entries})
            )


def _key(lesson_file: Path) -> str:
    return str(lesson_file.resolve())


def _stamp(lesson_file: Path) -> Stamp:
    status = lesson_file.stat()
    return status.st_mtime_ns, status.st_size


def _read(path: Path) -> dict[str, tuple[Stamp, Outline]]:
    try:
        data = json.loads(read_limited(path, INDEX_BYTES, "lesson index"))
    except (OSError, FileRefused, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("gdtutor") != __version__ or data.get("rule") != outline_rule():
        return {}
    lessons = data.get("lessons")
    if not isinstance(lessons, dict):
        return {}
    known: dict[str, tuple[Stamp, Outline]] = {}
    for key, entry in lessons.items():
        parsed = _entry(entry)
        if parsed is None:
            return {}  # not written by this gdtutor: trust none of it
        known[key] = parsed
    return known


def _entry(entry: object) -> tuple[Stamp, Outline] | None:
    if not isinstance(entry, Mapping):
        return None
    mtime, size, lesson_id = entry.get("mtime_ns"), entry.get("size"), entry.get("id")
    steps, skills = entry.get("steps"), entry.get("skills")
    if not (isinstance(mtime, int) and isinstance(size, int) and isinstance(lesson_id, str)):
        return None
    if not (_strings(steps) and _strings(skills)):
        return None
    return (mtime, size), Outline(lesson_id, tuple(steps), tuple(skills))  # type: ignore[arg-type]


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)
