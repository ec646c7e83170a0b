"""What a screen asks the app to do: messages up, so screens never reach into the app."""

from __future__ import annotations

from textual.message import Message


class OpenLesson(Message):
    """Open this lesson where the learner left it."""

    def __init__(self, lesson_id: str) -> None:
        super().__init__()
        self.lesson_id = lesson_id


class OpenPractice(Message):
    """Practise ``skill`` (None: the weakest not yet mastered)."""

    def __init__(self, skill: str | None = None) -> None:
        super().__init__()
        self.skill = skill


class ResetProgress(Message):
    """Ask, then start this lesson (None: every lesson) over."""

    def __init__(self, lesson_id: str | None) -> None:
        super().__init__()
        self.lesson_id = lesson_id


class StoreOpened(Message):
    """The course check has opened the progress store: tell the learner what it says now."""
