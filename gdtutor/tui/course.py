"""The course as the app sees it: the lesson files, the learner's progress store, and tutors wired to both.

Start-up reads only each lesson's header (id, title, summary) so the picker shows at once; ``check`` then
(in a worker thread) opens the progress store and loads every file in full, which counts the steps, finds
the problems, and keeps the lessons for ``open_tutor``. Until then an entry's progress is unknown (None).
Nothing here imports textual, so the logic is testable on its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gdtutor.errors import GdtutorError
from gdtutor.paths import builtin_lessons_dir, user_lessons_dir

if TYPE_CHECKING:
    from gdtutor.engine import Tutor
    from gdtutor.lessons.model import Lesson
    from gdtutor.progress.practice import PracticeSession
    from gdtutor.progress.store import ProgressStore

HEADER_KEYS = ("id", "title", "summary")
LESSON_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LessonEntry:
    """One line of the picker. ``steps``, ``done`` and ``mastery`` are None until known."""

    id: str
    title: str
    summary: str
    steps: int | None
    done: int | None
    mastery: float | None


@dataclass(frozen=True)
class Header:
    id: str
    title: str
    summary: str
    path: Path


def read_header(path: Path) -> Header | None:
    """The id, title and summary of a lesson file, from the top-level keys before its problem and steps.

    Only that head of the file is read, and plain forms (``key: text``, simple quotes, ``|`` and ``>``
    blocks) without a YAML parser, which would cost start-up time; anything fancier goes to a safe YAML
    loader. None when the head does not hold an id and a title: the full check will then say what is
    wrong with the file, or find them further down.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    head: list[str] = []
    for line in lines:
        if line[:1].isalpha() and line.split(":", 1)[0].strip() not in HEADER_KEYS:
            break
        head.append(line)
    values = _plain_header(head)
    if values is None:
        values = _yaml_header(head)
    lesson_id, title, summary = (values.get(key) for key in HEADER_KEYS)
    if not isinstance(lesson_id, str) or not isinstance(title, str):
        return None
    return Header(lesson_id, title, summary if isinstance(summary, str) else "", path)


def _plain_header(head: list[str]) -> dict[str, str] | None:
    """The header keys when they are written in the plain forms; None as soon as anything else shows."""
    values: dict[str, str] = {}
    index = 0
    while index < len(head):
        line = head[index]
        index += 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[:1].isspace() or ":" not in line:
            return None
        key, rest = (part.strip() for part in line.split(":", 1))
        if rest in ("|", ">", "|-", ">-"):
            block: list[str] = []
            while index < len(head) and (not head[index].strip() or head[index][:1].isspace()):
                block.append(head[index])
                index += 1
            values[key] = _block_scalar(block, folded=rest.startswith(">"))
            continue
        scalar = _plain_scalar(rest)
        if scalar is None or (index < len(head) and head[index][:1].isspace() and head[index].strip()):
            return None
        values[key] = scalar
    return values


def _plain_scalar(text: str) -> str | None:
    if len(text) >= 2 and text[0] == text[-1] == '"' and "\\" not in text and '"' not in text[1:-1]:
        return text[1:-1]
    if len(text) >= 2 and text[0] == text[-1] == "'":
        inner = text[1:-1]
        return inner.replace("''", "'") if "'" not in inner.replace("''", "") else None
    if not text or text[0] in "\"'[]{}&*!|>%@`,?-" or " #" in text or ": " in text:
        return None
    return text


def _block_scalar(block: list[str], folded: bool) -> str:
    indents = [len(line) - len(line.lstrip()) for line in block if line.strip()]
    cut = min(indents, default=0)
    lines = [line[cut:] for line in block]
    while lines and not lines[-1].strip():
        lines.pop()
    if not folded:
        return "\n".join(lines)
    paragraphs = "\n".join(lines).split("\n\n")
    return "\n".join(" ".join(paragraph.split("\n")) for paragraph in paragraphs)


def _yaml_header(head: list[str]) -> dict[str, object]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        values = yaml.load("\n".join(head), Loader=loader)
    except yaml.YAMLError:
        return {}
    return values if isinstance(values, dict) else {}


def lesson_files(dirs: Sequence[Path]) -> list[Path]:
    """The lesson files in these folders, folder by folder, sorted by name within each."""
    return [
        path
        for folder in dirs
        for path in sorted(folder.iterdir())
        if path.suffix in LESSON_SUFFIXES and path.is_file()
    ]


def lesson_dirs(extra_dirs: Sequence[Path]) -> list[Path]:
    """The built-in course, the learner's own lessons folder if there is one, then ``--lessons`` folders."""
    dirs = [builtin_lessons_dir()]
    if user_lessons_dir().is_dir():
        dirs.append(user_lessons_dir())
    for folder in extra_dirs:
        if not folder.is_dir():
            raise GdtutorError(f"--lessons {folder}: no such folder")
        dirs.append(folder)
    return dirs


class Course:
    """Lessons, problems and progress for one learner. Thread-safe: ``check`` runs in a worker."""

    def __init__(self, files: Sequence[Path], open_store: Callable[[], ProgressStore]) -> None:
        self._lock = threading.Lock()
        self._check_lock = threading.Lock()
        self._files = list(files)
        self._open_store = open_store
        self._store: ProgressStore | None = None
        self._headers: dict[str, Header] = {}
        for path in self._files:
            header = read_header(path)
            if header is not None and header.id not in self._headers:
                self._headers[header.id] = header
        self._lessons: dict[str, Lesson] | None = None
        self._paths: dict[str, Path] = {}
        self._problems: list[str] = []

    @classmethod
    def open(cls, extra_dirs: Sequence[Path] = ()) -> Course:
        """The course in the built-in, the learner's and the given folders, for the current learner."""

        def open_store() -> ProgressStore:
            from gdtutor.progress.store import ProgressStore

            return ProgressStore.open()

        return cls(lesson_files(lesson_dirs(extra_dirs)), open_store)

    @property
    def store(self) -> ProgressStore:
        """The learner's progress store, opened on first use."""
        with self._lock:
            if self._store is None:
                self._store = self._open_store()
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()

    # ------------------------------------------------------------ the lesson list

    def check(self) -> None:
        """Load every lesson file in full (once); remember the lessons and the problems found."""
        with self._check_lock:
            with self._lock:
                if self._lessons is not None:
                    return
            self._load_all()

    def _load_all(self) -> None:
        from gdtutor.lessons.validate import read_lesson

        store = self.store  # opened here, in the worker, rather than before the first paint
        lessons: dict[str, Lesson] = {}
        paths: dict[str, Path] = {}
        problems: list[str] = []
        for path in self._files:
            lesson, found = read_lesson(path)
            problems.extend(str(problem) for problem in found if problem.severity == "error")
            if lesson is None:
                continue
            if lesson.id in lessons:
                problems.append(f"{lesson.source or path}:1:1: the lesson id {lesson.id!r} is used twice")
                continue
            lessons[lesson.id] = lesson
            paths[lesson.id] = path
            store.use_lesson(lesson)
        with self._lock:
            self._lessons = lessons
            self._paths = paths
            self._problems = problems

    def _checked(self) -> dict[str, Lesson]:
        self.check()
        with self._lock:
            assert self._lessons is not None
            return self._lessons

    def known_problems(self) -> list[str]:
        with self._lock:
            return list(self._problems)

    def store_messages(self) -> list[str]:
        """Why progress is not being saved, if it is not (one line each); empty until the store is open."""
        with self._lock:
            return list(self._store.messages) if self._store is not None else []

    def entries(self) -> list[LessonEntry]:
        """Every lesson, in course order, with the learner's progress in it."""
        with self._lock:
            lessons = dict(self._lessons) if self._lessons is not None else None
            headers = dict(self._headers)
        if lessons is None:
            return [LessonEntry(h.id, h.title, h.summary, None, None, None) for h in headers.values()]
        mastery = {skill: known.p_known for skill, known in self.store.mastery().items()}
        return [self._entry(lesson, mastery) for lesson in lessons.values()]

    def _entry(self, lesson: Lesson, mastery: dict[str, float]) -> LessonEntry:
        step_ids = [step.id for step in lesson.steps]
        done = self.store.lesson_state(lesson.id).done_among(step_ids)
        skills = set(lesson.skills).union(*(lesson.skills_for(step) for step in lesson.steps))
        known = [mastery[skill] for skill in skills if skill in mastery]
        # Unpractised skills count as not known, so mastery only rises as the learner shows it.
        level = sum(known) / len(skills) if known else None
        return LessonEntry(lesson.id, lesson.title, lesson.summary, len(step_ids), len(done), level)

    def last_lesson_id(self) -> str | None:
        """The lesson the learner was last in; None until the store is open (or for a new learner)."""
        with self._lock:
            store = self._store
        return None if store is None else store.last_lesson()

    def lesson(self, lesson_id: str) -> Lesson:
        lessons = self._checked()
        if lesson_id not in lessons:
            known = ", ".join(sorted(lessons)) or "none"
            raise GdtutorError(f"no lesson with the id {lesson_id!r} (lessons: {known})")
        return lessons[lesson_id]

    def resolve(self, wanted: str) -> str:
        """The id of the lesson the command line names: by id, by its file, or by a unique beginning of
        either (as ``gdtutor --plain`` reads it). Raises GdtutorError listing the lessons otherwise."""
        with self._lock:
            if wanted in self._headers:
                return wanted
        from gdtutor.lessons.catalog import Catalog, Entry

        lessons = self._checked()
        with self._lock:
            paths = dict(self._paths)
        catalog = Catalog([Entry(lesson, paths[lesson.id], "") for lesson in lessons.values()])
        return catalog.find(wanted).id

    # ------------------------------------------------------------ tutoring

    def open_tutor(self, lesson_id: str) -> Tutor:
        """A tutor for the lesson, in the learner's variant, resuming where they stopped."""
        from gdtutor.engine import Tutor
        from gdtutor.progress.learner import lesson_seed

        lesson = self.lesson(lesson_id)
        store = self.store
        seed = lesson_seed(store.learner, lesson.id)
        return Tutor(lesson, seed=seed, recorder=store, resume=store.lesson_state(lesson.id))

    def practice(self, skill: str | None = None) -> PracticeSession:
        """Rounds of practice on ``skill`` (default: the weakest not yet mastered), until it is mastered and
        then on the next weakest. Raises GdtutorError (UnknownSkillError) for a skill no lesson exercises."""
        from gdtutor.progress.practice import PracticeSession

        return PracticeSession(list(self._checked().values()), self.store, skill)

    def skills(self) -> list[str]:
        """The skills some lesson exercises, by name; empty until the lessons are loaded."""
        from gdtutor.progress.practice import exercised_skills

        with self._lock:
            lessons = list(self._lessons.values()) if self._lessons is not None else []
        return list(exercised_skills(lessons))

    def reset(self, lesson_id: str | None) -> None:
        self.store.reset(lesson_id)
