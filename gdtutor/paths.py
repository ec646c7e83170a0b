"""Where gdtutor keeps a learner's files, and where the built-in course lives."""

from __future__ import annotations

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
