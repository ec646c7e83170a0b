"""The course as the app sees it: the lesson files, the learner's progress store, and tutors wired to both.

Start-up reads only each lesson's header (id, title, summary); ``read_index`` opens the progress store and
takes the learner's progress from the lesson index (each unchanged file's steps and skills as the last full
load found them: gdtutor.lessons.index), both cheap enough for the picker's first paint to show the
progress; ``check`` then (in a worker thread) loads every file in full, which counts the steps, finds the
problems, and keeps the lessons for ``open_tutor``. Until then the progress in a lesson the index does not
know is unknown (None). Nothing here imports textual, so the logic is testable on its own.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gdtutor.errors import GdtutorError
from gdtutor.lessons.folders import lesson_paths
from gdtutor.lessons.headers import Header, read_header
from gdtutor.paths import user_data_dir

if TYPE_CHECKING:
    from gdtutor.engine import ResumeState, StepView, Tutor
    from gdtutor.lessons.catalog import Catalog
    from gdtutor.lessons.checked import Kept
    from gdtutor.lessons.index import LessonIndex, Outline
    from gdtutor.lessons.model import Lesson
    from gdtutor.progress.practice import PracticeSession
    from gdtutor.progress.stores import Store
    from gdtutor.progress.writer import StoreWriter


@dataclass(frozen=True)
class LessonEntry:
    """One line of the picker. ``steps``, ``done`` and ``mastery`` are None until known; ``number`` is the
    lesson's number in the course (the one its prose means by "lesson 3"), or None for a file without one."""

    id: str
    title: str
    summary: str
    steps: int | None
    done: int | None
    mastery: float | None
    number: int | None = None

    @property
    def label(self) -> str:
        """``Lesson 3: Why the derivative?``, or the title alone for an unnumbered lesson."""
        return self.title if self.number is None else f"Lesson {self.number}: {self.title}"


_NUMBERED_FILE = re.compile(r"^(\d{1,3})[-_ ]")


def lesson_number(path: Path) -> int | None:
    """The number a lesson file's name starts with (``03-why-the-derivative.yaml`` -> 3), else None."""
    match = _NUMBERED_FILE.match(path.name)
    return int(match.group(1)) if match else None


_preloaded: tuple[tuple[tuple[Path, str, int, int], ...], Catalog] | None = None


def preload(paths: Sequence[tuple[Path, str]]) -> None:
    """Load ``paths`` now, for every course later opened on the same unchanged files to reuse.

    The SSH server's warm parent calls it, so each forked session starts with the course loaded instead
    of parsing every lesson again."""
    from gdtutor.lessons.catalog import Catalog

    global _preloaded
    _preloaded = (_fingerprint(paths), Catalog.load(paths))


def _reuse_preloaded(paths: Sequence[tuple[Path, str]]) -> Catalog | None:
    if _preloaded is None:
        return None
    try:
        return _preloaded[1] if _fingerprint(paths) == _preloaded[0] else None
    except OSError:
        return None


def _fingerprint(paths: Sequence[tuple[Path, str]]) -> tuple[tuple[Path, str, int, int], ...]:
    return tuple((path, source, *_stamp(path)) for path, source in paths)


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


class Opening:
    """A lesson about to open: ``view`` is the step it opens on, drawn from the lesson file alone (None when
    only the tutor can tell it: a question, numbers drawn for the learner, a finished lesson); ``tutor()``
    builds the tutor, which loads the engine, from the same lesson and record. ``lesson`` may be given as
    the function that loads it: then it loads on first use, which the view does not need."""

    def __init__(
        self,
        course: Course,
        lesson: Lesson | Callable[[], Lesson],
        resume: ResumeState,
        view: StepView | None,
    ) -> None:
        self.course, self.resume, self.view = course, resume, view
        self._lesson = lesson

    @property
    def lesson(self) -> Lesson:
        if callable(self._lesson):
            self._lesson = self._lesson()
        return self._lesson

    def tutor(self) -> Tutor:
        from gdtutor.engine import Tutor
        from gdtutor.progress.learner import lesson_seed

        course, store = self.course, self.course.store
        lesson = self.lesson
        seed = lesson_seed(store.seed_salt(), store.learner, lesson.id)
        return Tutor(lesson, seed=seed, recorder=course._recorder(), resume=self.resume)


class Course:
    """Lessons, problems and progress for one learner. Thread-safe: ``check`` runs in a worker."""

    def __init__(
        self,
        paths: Sequence[tuple[Path, str]],
        open_store: Callable[[], Store],
        index_folder: Path | None = None,
    ) -> None:
        """``paths``: lesson files with their sources, in course order (as ``lesson_paths`` lists them);
        ``index_folder``: where the lesson index is kept (None: no index, progress waits for the check)."""
        self._lock = threading.Lock()
        self._open_lock = threading.Lock()
        self._check_lock = threading.Lock()
        self._paths = list(paths)
        self._open_store = open_store
        self._store: Store | None = None
        self._writer: StoreWriter | None = None  # records the lessons' answers off the event loop
        self._headers: dict[str, Header] = {}
        self._numbers: dict[str, int | None] = {}
        for path, _ in self._paths:
            header = read_header(path)
            if header is not None:
                # The first file with an id is the one the catalog keeps.
                self._headers.setdefault(header.id, header)
                self._numbers.setdefault(header.id, lesson_number(header.path))
        self._index_folder = index_folder
        self._index: LessonIndex | None = None
        self._outlines: dict[str, Outline] | None = None
        self._catalog: Catalog | None = None
        self._problems: list[str] = []

    @classmethod
    def open(cls, extra_dirs: Sequence[Path] = ()) -> Course:
        """The course in the built-in, the learner's and the given folders, for the current learner."""

        def open_store() -> Store:
            from gdtutor.progress.stores import open_store

            return open_store()

        return cls(lesson_paths(extra_dirs), open_store, user_data_dir())

    @property
    def store(self) -> Store:
        """The learner's progress store, opened on first use, with every answer handed over committed."""
        # Opened under a lock of its own: the open (an integrity check) takes a while, and the app's check
        # of the store's status, on the event loop every half second, must not wait for it.
        with self._open_lock:
            if self._store is None:
                store = self._open_store()
                with self._lock:
                    self._store = store
        with self._lock:
            writer = self._writer
        if writer is not None:
            writer.wait()
        return self._store

    def _recorder(self) -> StoreWriter:
        """What a lesson's tutor records through: the store, written on a thread of its own."""
        from gdtutor.progress.writer import StoreWriter

        store = self.store
        with self._lock:
            if self._writer is None:
                self._writer = StoreWriter(store)
            return self._writer

    def close(self) -> tuple[bool, list[str]]:
        """Close the store (see ``close_telling``): whether every answer is saved, and why not."""
        with self._lock:
            if self._writer is not None:
                self._writer.close()
            if self._store is None:
                return True, []
            from gdtutor.progress.stores import close_telling

            return close_telling(self._store)

    # ------------------------------------------------------------ the lesson list

    def check(self, progress_known: Callable[[], None] | None = None) -> None:
        """Load every lesson file in full (once); remember the lessons and the problems found.

        ``progress_known`` is called when this reads the lesson index (``read_index`` was not called
        before) and it gave the progress in some lesson, before the full load; ``entries`` then has it."""
        with self._check_lock:
            with self._lock:
                if self._catalog is not None:
                    return
            self._load_all(progress_known)

    def read_index(self) -> bool:
        """Take the outline of every unchanged lesson from the lesson index, once; True when it knew some
        lesson, so that ``entries`` (which opens the store) gives the progress in it."""
        if self._index_folder is None:
            return False
        with self._lock:
            if self._index is not None:
                return bool(self._outlines)
        from gdtutor.lessons.index import LessonIndex  # the picker's progress: after a named lesson's paint

        index = LessonIndex(self._index_folder)
        outlines = {}
        for header in self._headers.values():
            outline = index.outline(header.path)
            if outline is not None and outline.id == header.id:
                outlines[header.id] = outline
        with self._lock:
            self._index, self._outlines = index, outlines
        return bool(outlines)

    def take_preloaded(self) -> bool:
        """Finish the full check at once when this process preloaded these very lesson files (the SSH
        server's warm parent did): nothing is parsed, so a served session's first paint shows the checked
        list and no check follows it. False, and nothing done, otherwise."""
        with self._check_lock:
            with self._lock:
                if self._catalog is not None:
                    return True
            catalog = _reuse_preloaded(self._paths)
            if catalog is None:
                return False
            self._take(catalog)
            return True

    def _load_all(self, progress_known: Callable[[], None] | None) -> None:
        with self._lock:
            index_read = self._index is not None
        if not index_read and self.read_index() and progress_known is not None:
            progress_known()
        from gdtutor.lessons.catalog import Catalog  # not needed before the first paint

        self._take(_reuse_preloaded(self._paths) or Catalog.load(self._paths))

    def _take(self, catalog: Catalog) -> None:
        store = self.store
        with self._lock:
            index = self._index
        for entry in catalog.entries:
            store.use_lesson(entry.lesson)
        problems = [str(problem) for problem in catalog.problems if problem.severity == "error"]
        if index is not None:
            index.remember((entry.path, entry.lesson) for entry in catalog.entries)
        with self._lock:
            self._catalog = catalog
            self._problems = problems

    def _checked(self) -> Catalog:
        self.check()
        with self._lock:
            assert self._catalog is not None
            return self._catalog

    def known_problems(self) -> list[str]:
        with self._lock:
            return list(self._problems)

    def store_status(self) -> tuple[bool, list[str]]:
        """Whether answers are being saved and the store's messages so far; (True, []) until it is open."""
        with self._lock:
            if self._store is None:
                return True, []
            return self._store.saving, list(self._store.messages)

    def store_messages(self) -> list[str]:
        """Why progress is not being saved, if it is not (one line each); empty until the store is open."""
        with self._lock:
            return list(self._store.messages) if self._store is not None else []

    def entries(self) -> list[LessonEntry]:
        """Every lesson, in course order, with the learner's progress in it."""
        with self._lock:
            catalog = self._catalog
            headers = list(self._headers.values())
            outlines = self._outlines
        if catalog is None and not outlines:
            return [
                LessonEntry(h.id, h.title, h.summary, None, None, None, self._numbers.get(h.id))
                for h in headers
            ]
        mastery = {skill: known.p_known for skill, known in self.store.mastery().items()}
        if catalog is None:
            assert outlines is not None
            return [self._entry(h.id, h.title, h.summary, outlines.get(h.id), mastery) for h in headers]
        from gdtutor.lessons.index import outline_of

        return [
            self._entry(entry.id, entry.title, entry.lesson.summary, outline_of(entry.lesson), mastery)
            for entry in catalog.entries
        ]

    def _entry(
        self, lesson_id: str, title: str, text: str, outline: Outline | None, mastery: dict[str, float]
    ) -> LessonEntry:
        if outline is None:
            return LessonEntry(lesson_id, title, text, None, None, None, self._numbers.get(lesson_id))
        done = self.store.lesson_state(lesson_id).done_among(list(outline.steps))
        known = [mastery[skill] for skill in outline.skills if skill in mastery]
        # Unpractised skills count as not known, so mastery only rises as the learner shows it.
        level = sum(known) / len(outline.skills) if known else None
        number = self._numbers.get(lesson_id)
        return LessonEntry(lesson_id, title, text, len(outline.steps), len(done), level, number)

    def next_after(self, lesson_id: str) -> LessonEntry | None:
        """The lesson after ``lesson_id`` in course order, the one a learner who finished it goes on to."""
        entries = self.entries()
        ids = [entry.id for entry in entries]
        if lesson_id not in ids or ids.index(lesson_id) + 1 >= len(ids):
            return None
        return entries[ids.index(lesson_id) + 1]

    def entry(self, lesson_id: str) -> LessonEntry | None:
        return next((entry for entry in self.entries() if entry.id == lesson_id), None)

    def last_lesson_id(self) -> str | None:
        """The lesson the learner was last in; None until the store is open (or for a new learner)."""
        with self._lock:
            store = self._store
        return None if store is None else store.last_lesson()

    def _own_file(self, lesson_id: str) -> Path | None:
        """Before the full check, the lesson's own file when the headers already tell which file the check
        would keep for this id (every file's head names its id); None otherwise."""
        with self._lock:
            ready = self._catalog is not None
            header = self._headers.get(lesson_id)
            by_header = len(self._headers) == len(self._paths)  # no duplicate ids, no file without a head
        return header.path if not ready and header is not None and by_header else None

    def lesson(self, lesson_id: str) -> Lesson:
        """The lesson, loaded in full. Before the full check, only its own file is loaded when the headers
        already tell which file that is (``_own_file``)."""
        path = self._own_file(lesson_id)
        if path is not None:
            from gdtutor.engine.opening import VIEWS, early_views
            from gdtutor.lessons.checked import open_lesson

            lesson, _ = open_lesson(path, beside={VIEWS: early_views})
            if lesson is not None and lesson.id == lesson_id:
                self.store.use_lesson(lesson)
                return lesson
        catalog = self._checked()
        entry = catalog.get(lesson_id)
        if entry is None:
            known = ", ".join(sorted(catalog.ids())) or "none"
            raise GdtutorError(f"no lesson with the id {lesson_id!r} (lessons: {known})")
        return entry.lesson

    def resolve(self, wanted: str) -> str:
        """The id of the lesson the command line names: by id, by its file, or by a unique beginning of
        either (as ``gdtutor --plain`` reads it). Raises GdtutorError listing the lessons otherwise."""
        with self._lock:
            if wanted in self._headers:
                return wanted
        return self._checked().find(wanted).id

    # ------------------------------------------------------------ tutoring

    def open_tutor(self, lesson_id: str) -> Tutor:
        """A tutor for the lesson, in the learner's variant, resuming where they stopped (finished, when
        they reached its end: the front-end then offers a review or starting over)."""
        return self.opening(lesson_id).tutor()

    def opening(self, lesson_id: str) -> Opening:
        """The lesson about to open where the learner stopped, and the view it opens on when that can be
        drawn before the engine (numpy, the solver) has loaded: see ``Opening``. An unchanged lesson file
        gives that view from the lesson cache, and the lesson itself loads when the tutor is built."""
        from gdtutor.progress.stores import lesson_run

        early = self._early(lesson_id)
        if early is not None:
            kept, steps, views = early
            resume = lesson_run(self.store, lesson_id)
            from gdtutor.engine.opening import early_view

            load = partial(self._kept_lesson, lesson_id, kept)
            return Opening(self, load, resume, early_view(steps, views, resume))
        from gdtutor.engine.opening import opening_view

        lesson = self.lesson(lesson_id)
        resume = lesson_run(self.store, lesson.id)
        return Opening(self, lesson, resume, opening_view(lesson, resume))

    def _early(self, lesson_id: str) -> tuple[Kept, list[str], list[Any]] | None:
        """The lesson's entry in the lesson cache, when its file is unchanged, with the step ids and the views
        its steps open on that are kept beside it (``Course.lesson`` has them kept); None otherwise."""
        path = self._own_file(lesson_id)
        if path is None:
            return None
        from gdtutor.engine.opening import VIEWS, kept_views
        from gdtutor.lessons.checked import recall

        kept = recall(path)
        views = None if kept is None else kept_views(kept.beside.get(VIEWS), lesson_id)
        if kept is None or views is None:
            return None
        steps, step_views = views
        return kept, steps, step_views

    def _kept_lesson(self, lesson_id: str, kept: Kept) -> Lesson:
        """The lesson the cache entry ``_early`` read keeps, as ``lesson`` gives it; loaded by ``lesson``
        when the entry's lesson is not the one named."""
        lesson = kept.lesson()
        if lesson is None or lesson.id != lesson_id:
            return self.lesson(lesson_id)
        self.store.use_lesson(lesson)
        return lesson

    def start_over(self, lesson_id: str) -> Tutor:
        """The lesson from its first step, fresh: its progress starts over (the record keeps every answer)."""
        self.store.reset(lesson_id)
        return self.open_tutor(lesson_id)

    def practice(self, skill: str | None = None) -> PracticeSession:
        """Rounds of practice on ``skill`` (default: the weakest not yet mastered), until it is mastered and
        then on the next weakest. Raises GdtutorError (UnknownSkillError) for a skill no lesson exercises."""
        from gdtutor.progress.practice import PracticeSession

        return PracticeSession([entry.lesson for entry in self._checked().entries], self.store, skill)

    def skills(self) -> list[str]:
        """The skills some lesson exercises, in course order; empty until the lessons are loaded."""
        from gdtutor.progress.practice import exercised_skills

        with self._lock:
            catalog = self._catalog
        return list(exercised_skills([entry.lesson for entry in catalog.entries] if catalog else []))

    def reset(self, lesson_id: str | None) -> None:
        self.store.reset(lesson_id)
