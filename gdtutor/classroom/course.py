"""The lessons a class works on, as far as the teacher's commands need them: ids, titles, step order, size.

Headers (id, title) are read for every lesson gdtutor finds, which is cheap; a lesson's outline (its step
ids and kinds) is parsed only for the lessons the class has worked on. Neither validates the lesson.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gdtutor.lessons.folders import lesson_paths
from gdtutor.lessons.headers import Header, read_header
from gdtutor.lessons.yaml_loader import LoadError, parse_yaml


@dataclass(frozen=True)
class Outline:
    steps: tuple[str, ...]  # step ids in lesson order
    questions: int  # steps that ask something (not "read")


def course_headers(extra_dirs: Sequence[str | Path] = ()) -> list[Header]:
    """The header of every lesson gdtutor finds (shipped, the user's, ``extra_dirs``), in course order;
    an id found twice keeps its first file, as the catalog does."""
    headers: dict[str, Header] = {}
    for path, _ in lesson_paths(extra_dirs):
        header = read_header(path)
        if header is not None:
            headers.setdefault(header.id, header)
    return list(headers.values())


def lesson_outline(path: Path) -> Outline | None:
    """The step ids and question count of the lesson file at ``path``; None when it cannot be read."""
    try:
        root = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError, LoadError):
        return None
    steps = root.entries.get("steps") if root.kind == "mapping" else None
    if steps is None or steps[1].kind != "sequence":
        return None
    ids, kinds = [], []
    for item in steps[1].items:
        if item.kind != "mapping" or "id" not in item.entries:
            return None
        ids.append(str(item.entries["id"][1].value))
        kinds.append(item.entries["kind"][1].value if "kind" in item.entries else None)
    return Outline(tuple(ids), sum(kind != "read" for kind in kinds))


def outlines(headers: Sequence[Header], lesson_ids: Sequence[str]) -> dict[str, Outline]:
    """The outline of each of ``lesson_ids`` that has a readable file among ``headers``."""
    paths = {header.id: header.path for header in headers}
    found = {}
    for lesson_id in lesson_ids:
        outline = lesson_outline(paths[lesson_id]) if lesson_id in paths else None
        if outline is not None:
            found[lesson_id] = outline
    return found
