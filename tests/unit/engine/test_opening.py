"""The view a lesson opens on, from the lesson file alone, is the tutor's own view wherever it is given."""

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from gdtutor.engine import Resume, Tutor
from gdtutor.engine.opening import (
    PLOTS,
    VIEWS,
    early_opening,
    early_plots,
    early_view,
    early_views,
    opening_index,
    opening_view,
)
from gdtutor.lessons import load_lesson
from gdtutor.progress.store import ProgressStore
from gdtutor.progress.stores import lesson_run

ROOT = Path(__file__).resolve().parents[3]
LESSONS = sorted((ROOT / "lessons").glob("*.yaml"))


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.stem)
def test_every_step_a_lesson_can_open_on_is_drawn_as_the_tutor_draws_it(path: Path) -> None:
    lesson = load_lesson(path)
    ids = [step.id for step in lesson.steps]
    for number, step in enumerate(lesson.steps):
        for resume in (Resume(current=step.id), Resume(current=step.id, done=frozenset(ids[: number + 1]))):
            view = opening_view(lesson, resume)
            if view is not None:
                assert view == Tutor(lesson, seed=7, resume=resume).view(), step.id
            elif step.kind == "read" and not _drawn_at_random(lesson, step):
                pytest.fail(f"{lesson.id}: the read step {step.id} should open without the tutor")


def _drawn_at_random(lesson, step) -> bool:
    problem = lesson.problem_for(step)
    numbers = [problem.alpha, *problem.start.values()]
    return any(not isinstance(number, (int, float)) for number in numbers)


def test_the_first_step_of_lesson_2_opens_for_a_new_learner_and_a_question_never_does() -> None:
    lesson = load_lesson(ROOT / "lessons/02-descent-on-theta-squared.yaml")
    view = opening_view(lesson, None)
    assert view is not None and view.number == 1 and view.prompt.startswith("Before fitting lines to data")
    assert view.problem == "J(θ) = θ², start θ = 3, α = 0.1"
    assert opening_view(lesson, Resume(current="derivative")) is None  # a question: the tutor's to draw
    assert opening_view(lesson, Resume(finished=True)) is None


def test_the_opening_follows_the_learners_record_as_the_tutor_resumes_it() -> None:
    lesson = load_lesson(ROOT / "lessons/02-descent-on-theta-squared.yaml")
    store = ProgressStore.in_memory(learner="ada")
    tutor = Tutor(lesson, seed=5, recorder=store, resume=lesson_run(store, lesson.id))
    tutor.next()  # the first step read; the learner is on the derivative
    ids = [step.id for step in lesson.steps]
    assert opening_index(ids, lesson_run(store, lesson.id)) == 1
    assert opening_view(lesson, lesson_run(store, lesson.id)) is None
    tutor.back()  # back on the read step, which is done: it reopens there, read
    view = opening_view(lesson, lesson_run(store, lesson.id))
    assert view is not None and view.status == "read"
    assert view == Tutor(lesson, seed=5, resume=lesson_run(store, lesson.id)).view()


def test_the_opening_view_loads_neither_numpy_nor_the_tutor() -> None:
    script = (
        "import sys; from gdtutor.engine.opening import opening_view;"
        "print(sorted(m for m in ('numpy', 'gdtutor.engine.tutor') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.stem)
def test_the_cached_opening_of_every_step_is_the_opening_view(path: Path) -> None:
    """What the lesson cache keeps beside a lesson (as JSON) draws, for any record, the view opening_view
    draws from the lesson itself."""
    lesson = load_lesson(path)
    kept = json.loads(json.dumps(early_views(lesson)))
    assert kept["id"] == lesson.id and kept["steps"] == [step.id for step in lesson.steps]
    ids = kept["steps"]
    records = [None, Resume(finished=True), Resume(done=frozenset(ids[:1]))]
    for number, step in enumerate(lesson.steps):
        records += [Resume(current=step.id), Resume(current=step.id, done=frozenset(ids[: number + 1]))]
    for resume in records:
        assert early_view(ids, kept["views"], resume) == opening_view(lesson, resume), resume


def test_a_damaged_cached_opening_draws_nothing() -> None:
    lesson = load_lesson(ROOT / "lessons/02-descent-on-theta-squared.yaml")
    kept = early_views(lesson)
    ids, views = kept["steps"], kept["views"]
    assert early_view(ids, views, None) is not None
    for damage in ({**views[0], "number": "1"}, {**views[0], "skills": "a"}, {"prompt": "x"}, [], "x"):
        assert early_view(ids, [damage, *views[1:]], None) is None
    assert early_view(ids, [], None) is None


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.stem)
def test_the_cached_opening_prints_what_the_tutor_would_wherever_it_is_given(path: Path) -> None:
    """``early_opening`` (the view, the lesson's summary and the plots' summaries, from the cache as JSON)
    agrees with a tutor on the learner's record wherever it gives an opening; it gives none once the learner
    answered in the lesson or has done a step that only the tutor opens on."""
    lesson = load_lesson(path)
    kept = json.loads(json.dumps({VIEWS: early_views(lesson), PLOTS: early_plots(lesson)}))
    ids = [step.id for step in lesson.steps]
    given = 0
    for number, step in enumerate(lesson.steps):
        read_before = frozenset(
            s.id for s in lesson.steps[:number] if opening_view(lesson, Resume(current=s.id))
        )
        for resume in (Resume(current=step.id), Resume(current=step.id, done=read_before)):
            opening = early_opening(kept, lesson.id, resume)
            if opening is None:
                assert early_view(ids, kept[VIEWS]["views"], resume) is None, step.id
                continue
            given += 1
            tutor = Tutor(lesson, seed=7, resume=resume)
            assert opening.view == tutor.view(), step.id
            assert opening.plots == tuple(plot.summary for plot in tutor.plots()), step.id
            assert opening.summary == lesson.summary
        answered = SimpleNamespace(step_id=ids[0], answer="1", seed=None)
        assert early_opening(kept, lesson.id, Resume(current=step.id, answers=(answered,))) is None
        questions = frozenset(s.id for s in lesson.steps if s.is_question)
        if questions:
            assert early_opening(kept, lesson.id, Resume(current=step.id, done=questions)) is None
    assert given > 0
