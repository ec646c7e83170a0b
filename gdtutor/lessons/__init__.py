"""Lessons: YAML files -> validated ``Lesson`` objects (see docs/authoring.md for the format).

from gdtutor.lessons import load_lesson, discover
lesson = load_lesson("lessons/02-descent-on-theta-squared.yaml")   # LessonError listing its problems
catalog = discover(["my-lessons"])       # shipped + user folder + extra folders; catalog.problems
variant = lesson.instantiate(seed)       # random numbers drawn for one learner
"""

from gdtutor.lessons.catalog import Catalog, Entry, discover
from gdtutor.lessons.model import Lesson, Position, Problem
from gdtutor.lessons.validate import LessonError, load_lesson, read_lesson

__all__ = [
    "Catalog",
    "Entry",
    "Lesson",
    "LessonError",
    "Position",
    "Problem",
    "discover",
    "load_lesson",
    "read_lesson",
]
