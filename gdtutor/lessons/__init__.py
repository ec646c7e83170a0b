"""Lessons: YAML files -> validated ``Lesson`` objects (see docs/authoring.md for the format).

from gdtutor.lessons import load_lesson, discover
lesson = load_lesson("lessons/02-descent-on-theta-squared.yaml")   # LessonError listing its problems
catalog = discover(["my-lessons"])       # shipped + user folder + extra folders; catalog.problems
variant = lesson.instantiate(seed)       # random numbers drawn for one learner
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gdtutor.lessons.catalog import Catalog, Entry, discover
    from gdtutor.lessons.folders import lesson_paths
    from gdtutor.lessons.headers import Header, read_header
    from gdtutor.lessons.loading import LessonError, load_lesson, read_lesson
    from gdtutor.lessons.model import Diagnostic, Lesson, Position

# Loaded on first use, so that importing a light module of this package (``mathtext`` for the app's
# lesson list) does not load the validator, the expression engine and numpy.
_HOMES = {
    "Catalog": "catalog",
    "Entry": "catalog",
    "discover": "catalog",
    "lesson_paths": "folders",
    "Header": "headers",
    "read_header": "headers",
    "Lesson": "model",
    "Position": "model",
    "Diagnostic": "model",
    "LessonError": "loading",
    "load_lesson": "loading",
    "read_lesson": "loading",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f"gdtutor.lessons.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Catalog",
    "Diagnostic",
    "Entry",
    "Header",
    "Lesson",
    "LessonError",
    "Position",
    "discover",
    "lesson_paths",
    "load_lesson",
    "read_header",
    "read_lesson",
]
