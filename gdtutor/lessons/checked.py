"""Opening a lesson file that has not changed since it last loaded without a single problem, without parsing
and checking it again.

``open_lesson`` reads the file within the same limits as ``loading.read_lesson``, then looks in
``lesson-cache/`` in the data folder: one JSON file per lesson file, holding the lesson the last full load
built and the key it was built under. The key is a digest of the file's bytes, the name it is shown by, and
the code that reads and checks lessons (the stamps of gdtutor's top-level modules and of ``lessons``,
``checking`` and ``core``). The same key gives that lesson back without the YAML parser, the shape checks or
the validator. Any other file (an edit, a move, another gdtutor) is loaded and checked in full, so a lesson
that has become invalid is still refused with its problems; a result is kept only when the full check found
no problem at all, and only when one lesson is opened (``keep``). A lesson that reads a ``data_file`` is never
kept, as the key cannot see that file change.
``gdtutor validate`` and the author's preview always check in full.

Beside the lesson, an entry may keep JSON data front-ends worked out from it, each under its own name
(``open_lesson``'s ``beside``: the view each step opens on, and the words ``gdtutor --plain`` prints with it,
gdtutor.engine.opening), which ``recall`` gives back without decoding the lesson or loading its model, under
the same key. The key stamps the engine's code too, as that data comes from it.

The cache folder must be this user's own and writable by no one else (a data folder may be a class's), and
each entry this user's, or it is not read; an entry that cannot be read or decoded counts as absent.
Importing this module loads no YAML, numpy or validator, nor the lesson model.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gdtutor
from gdtutor import limits
from gdtutor.errors import GdtutorError
from gdtutor.files import FileRefused, display_path, owned_privately, read_limited, stays_inside
from gdtutor.paths import user_data_dir, write_private_file

if TYPE_CHECKING:
    from gdtutor.lessons.model import Diagnostic, Lesson

CACHE_FOLDER = "lesson-cache"
# The packages whose code decides what a lesson file loads as (besides gdtutor's top-level modules), and the
# engine, whose code works out what is kept beside a lesson.
CHECKING_PACKAGES = ("lessons", "checking", "core", "engine")
ENTRY_BYTES = 16 * limits.LESSON_BYTES


def read_lesson_bytes(path: Path) -> bytes:
    """The bytes of a lesson file, within its limits; ``FileRefused`` says why a file is not read."""
    stays_inside(path, path.parent)
    return read_limited(path, limits.LESSON_BYTES, "lesson file")


def open_lesson(
    path: Path,
    data_dir: Path | None = None,
    *,
    keep: bool = True,
    beside: Mapping[str, Callable[[Lesson], Any]] | None = None,
) -> tuple[Lesson | None, list[Diagnostic]]:
    """What ``loading.read_lesson(path)`` gives, from the cache in ``data_dir`` (default: the learner's data
    folder) when the file is unchanged since a load that found no problem. ``keep``: write what a full load
    found to the cache (False for the check of every lesson, which would write all of them each time it is
    run in a fresh data folder, for lessons a learner may never open). ``beside``: JSON data worked out from
    the lesson, by name, kept with it for ``recall`` (what an entry lacks is added to it)."""
    try:
        raw = read_lesson_bytes(path)
    except FileRefused:
        from gdtutor.lessons.loading import read_lesson

        return read_lesson(path)
    entry, key = _entry_and_key(path, raw, data_dir)
    kept = _read_entry(entry, key)
    if kept is not None:
        lesson = kept.lesson()
        if lesson is not None:
            missing = {name: work for name, work in (beside or {}).items() if name not in kept.beside}
            if keep and missing:
                _remember(entry, key, lesson, missing, kept.beside)
            return lesson, []
    from gdtutor.lessons.loading import lesson_from_bytes

    lesson, problems = lesson_from_bytes(raw, display_path(path), path.parent)
    if keep and lesson is not None and not problems and not reads_data_file(lesson):
        _remember(entry, key, lesson, beside or {})
    return lesson, problems


class Kept:
    """A cache entry: its lesson, decoded on first use (``lesson``), and what was kept beside it, by name."""

    def __init__(self, lesson_data: Any, beside: Any) -> None:
        self._lesson_data = lesson_data
        self.beside: dict[str, Any] = beside if isinstance(beside, dict) else {}

    def lesson(self) -> Lesson | None:
        """The lesson the entry keeps; None when its data is not such a lesson (a damaged entry)."""
        from gdtutor.lessons.lesson_json import decode
        from gdtutor.lessons.model import Lesson

        try:
            lesson = decode(self._lesson_data)
        except (ValueError, KeyError, TypeError, RecursionError):
            return None
        return lesson if isinstance(lesson, Lesson) else None


def recall(path: Path, data_dir: Path | None = None) -> Kept | None:
    """The cache's entry for the lesson file at ``path`` when the file is unchanged since it was kept, as
    ``open_lesson`` would take it, without decoding the lesson; None otherwise (then ``open_lesson``)."""
    try:
        raw = read_lesson_bytes(path)
    except FileRefused:
        return None
    return _read_entry(*_entry_and_key(path, raw, data_dir))


def _entry_and_key(path: Path, raw: bytes, data_dir: Path | None) -> tuple[Path, str]:
    name = display_path(path)
    key = hashlib.sha256(b"\0".join((checking_code().encode(), name.encode(), raw))).hexdigest()
    entry = (data_dir or user_data_dir()) / CACHE_FOLDER / f"{_digest(str(path.resolve()))[:24]}.json"
    return entry, key


@functools.cache
def checking_code() -> str:
    """A digest of gdtutor's version and of the name, size and modification time of every module that
    reads and checks lessons (stamps, as the lesson index keeps them: reading every source, or pathlib's
    glob, would cost milliseconds of each start)."""
    package = os.path.dirname(gdtutor.__file__)
    digest = hashlib.sha256(gdtutor.__version__.encode())
    _stamp_sources(digest, package, "", deep=False)
    for name in CHECKING_PACKAGES:
        _stamp_sources(digest, os.path.join(package, name), f"{name}/", deep=True)
    return digest.hexdigest()


def _stamp_sources(digest: hashlib._Hash, folder: str, prefix: str, *, deep: bool) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        digest.update(f"{prefix} unreadable\n".encode())
        return
    for entry in entries:
        if deep and entry.is_dir() and entry.name != "__pycache__":
            _stamp_sources(digest, entry.path, f"{prefix}{entry.name}/", deep=True)
        elif entry.name.endswith(".py"):
            status = entry.stat()
            digest.update(f"{prefix}{entry.name} {status.st_size} {status.st_mtime_ns}\n".encode())


def reads_data_file(lesson: Lesson) -> bool:
    """Whether the lesson's problem, or a step's change to it, was read from a data file."""
    from gdtutor.lessons.model import ExploreStep

    overrides = [step.overrides for step in lesson.steps]
    overrides += [step.compare for step in lesson.steps if isinstance(step, ExploreStep) and step.compare]
    return lesson.problem.data_file is not None or any(o.data_file is not None for o in overrides)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _read_entry(entry: Path, key: str) -> Kept | None:
    try:
        if not (owned_privately(entry.parent) and owned_privately(entry)):
            return None
        data = json.loads(read_limited(entry, ENTRY_BYTES, "lesson cache entry"))
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        return Kept(data["lesson"], data.get("beside"))
    except (OSError, FileRefused, ValueError, KeyError, TypeError, RecursionError):
        return None


def _remember(
    entry: Path,
    key: str,
    lesson: Lesson,
    beside: Mapping[str, Callable[[Lesson], Any]],
    known: Mapping[str, Any] | None = None,
) -> None:
    """Keep the lesson under ``key``, with ``known`` and what ``beside`` works out from it, by name; a cache
    that cannot be written is let go."""
    from gdtutor.lessons.lesson_json import NotEncodable, encode

    kept_beside = dict(known or {})
    for name, work in beside.items():  # what cannot be worked out is left out: the lesson is kept anyway
        with contextlib.suppress(GdtutorError, ValueError, RecursionError):
            kept_beside[name] = work(lesson)
    kept: dict[str, Any] = {"key": key, "beside": kept_beside}
    with contextlib.suppress(OSError, NotEncodable, RecursionError):
        kept["lesson"] = encode(lesson)
        write_private_file(entry, json.dumps(kept, separators=(",", ":")))
