"""The step a lesson opens on, worked out from the lesson file alone: without numpy, the solver or a tutor.

A front-end can draw it before those load (``gdtutor LESSON``'s first screen), and build the ``Tutor`` right
after. ``opening_view`` gives exactly what ``Tutor(lesson, seed, resume=resume).view()`` would, or None where
that needs more than the file: a question (its state comes from the learner's answers, worked again), a
number drawn at random for the learner, or a lesson the learner finished. Tests hold the two to agree.

``early_views`` gives, as JSON data, what ``opening_view`` gives on each step; the lesson cache keeps it
beside the lesson (gdtutor.lessons.checked, under ``VIEWS``), and ``early_view`` draws the opening from it for
a learner's record with neither the lesson model nor the expression engine loaded (their classes and parsing
cost a start tens of milliseconds): the same view, tests hold. ``early_plots`` (kept under ``PLOTS``) adds
what a front-end that tells the plots in words prints with it, the lesson's summary and the summaries of the
step's plots, which ``early_opening`` gives with the view where the learner's record cannot change them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from gdtutor.engine.views import StepView

if TYPE_CHECKING:
    from gdtutor.core.expr import Expr
    from gdtutor.engine.recorder import ResumeState
    from gdtutor.lessons.model import Lesson, ProblemSpec

# The names the lesson cache keeps ``early_views`` and ``early_plots`` under, beside the lesson.
VIEWS = "views"
PLOTS = "plots"

# The fields of an opening view that depend on its step alone (``status`` depends on the learner's record).
EARLY_FIELDS = (
    "lesson_id",
    "lesson_title",
    "step_id",
    "kind",
    "number",
    "total",
    "prompt",
    "asking",
    "problem",
    "hints_total",
    "skills",
    "has_data",
)


def opening_index(step_ids: Sequence[str], resume: ResumeState | None) -> int | None:
    """Where a lesson picks up: the step the learner was on, else the first they have not done; None when
    they finished it."""
    if resume is None:
        return 0
    if resume.finished:
        return None
    if resume.current in step_ids:
        return step_ids.index(resume.current)
    return next((index for index, step_id in enumerate(step_ids) if step_id not in resume.done), 0)


def problem_line(spec: ProblemSpec, params: Sequence[str], objective: Expr | None) -> str:
    """The problem in one line: "J(θ) = θ², start θ = 3, α = 0.1" (``objective``: J, for a problem that
    is not a regression)."""
    from gdtutor.checking.symbols import show
    from gdtutor.core.expr import unicode_name
    from gdtutor.lessons.model import drawn

    start = ", ".join(f"{unicode_name(name)} = {show(drawn(spec.start[name]))}" for name in params)
    alpha = f"α = {show(drawn(spec.alpha))}"
    if objective is not None:
        names = ", ".join(unicode_name(name) for name in params)
        return f"J({names}) = {objective.to_unicode()}, start {start}, {alpha}"
    cost = "one-half MSE" if spec.cost == "half-mse" else "MSE"
    examples = len(spec.data or ())
    counted = "1 example" if examples == 1 else f"{examples} examples"
    scaled = ", features scaled" if spec.normalize else ""
    return f"linear regression on {counted}, {cost}{scaled}, start {start}, {alpha}"


def opening_view(lesson: Lesson, resume: ResumeState | None) -> StepView | None:
    """The view of the step ``lesson`` opens on for a learner whose record says ``resume``, when it is a
    read step whose prose and problem hold nothing drawn at random; else None."""
    from gdtutor.core.expr import parse
    from gdtutor.lessons.mathtext import prose_to_unicode
    from gdtutor.lessons.model import ReadStep
    from gdtutor.lessons.placeholders import fill, values_for

    index = opening_index([step.id for step in lesson.steps], resume)
    if index is None or not lesson.steps:
        return None
    step = lesson.steps[index]
    problem = lesson.problem_for(step)
    if not isinstance(step, ReadStep) or _draws(problem):
        return None
    objective: Expr | None = None
    if problem.objective is not None:
        objective = parse(problem.objective)
        params = objective.parameters()
    elif problem.data:
        params = tuple(f"theta{j}" for j in range(len(problem.data[0])))
    else:
        return None
    done = resume is not None and step.id in resume.done
    return StepView(
        lesson_id=lesson.id,
        lesson_title=lesson.title,
        step_id=step.id,
        kind=step.kind,
        number=index + 1,
        total=len(lesson.steps),
        prompt=prose_to_unicode(fill(step.prompt, values_for(problem, step))),
        asking="",
        problem=problem_line(problem, params, objective),
        hints_total=len(step.hints),
        status="read" if done else "open",
        skills=lesson.skills_for(step),
        has_data=problem.is_regression,
    )


def early_views(lesson: Lesson) -> dict[str, Any]:
    """What ``early_view`` needs of ``lesson``, as JSON data: its id, its step ids, and for each step the
    fields of ``opening_view`` on it for a learner who has not done it (``EARLY_FIELDS``; None where it
    opens with the tutor only)."""
    from gdtutor.engine.recorder import Resume

    views: list[dict[str, Any] | None] = []
    for step in lesson.steps:
        view = opening_view(lesson, Resume(current=step.id))
        fields = None if view is None else {name: getattr(view, name) for name in EARLY_FIELDS}
        if fields is not None:
            fields["skills"] = list(fields["skills"])
        views.append(fields)
    return {"id": lesson.id, "steps": [step.id for step in lesson.steps], "views": views}


def kept_views(kept: Any, lesson_id: str) -> tuple[list[str], list[Any]] | None:
    """The step ids and the views of the lesson ``lesson_id`` from what ``early_views`` gave for it, as the
    lesson cache kept it; None when ``kept`` is not such data (a damaged cache, another lesson)."""
    if not isinstance(kept, dict) or kept.get("id") != lesson_id:
        return None
    steps, views = kept.get("steps"), kept.get("views")
    if not (isinstance(steps, list) and isinstance(views, list) and len(steps) == len(views)):
        return None
    if not all(isinstance(step, str) for step in steps):
        return None
    return steps, views


def early_view(step_ids: Sequence[str], views: Sequence[Any], resume: ResumeState | None) -> StepView | None:
    """``opening_view`` for a learner whose record says ``resume``, from what ``early_views`` gave for the
    lesson's steps ``step_ids``; None also where that data is not such (a damaged cache)."""
    index = opening_index(step_ids, resume)
    if index is None or index >= len(views) or not _early_fields(views[index]):
        return None
    fields = views[index]
    done = resume is not None and step_ids[index] in resume.done
    given = {name: fields[name] for name in EARLY_FIELDS}
    given["skills"] = tuple(given["skills"])
    return StepView(**given, status="read" if done else "open")


def early_plots(lesson: Lesson) -> dict[str, Any]:
    """What ``early_opening`` needs of ``lesson`` besides ``early_views``, as JSON data: its summary, and for
    each step that opens without the tutor the summaries of the plots a tutor shows on it to a learner who
    has answered nothing in the lesson (None for the other steps). Unlike the views, these need the tutor:
    numpy and the solver load."""
    from gdtutor.engine.recorder import Resume
    from gdtutor.engine.tutor import Tutor
    from gdtutor.errors import GdtutorError

    plots: list[list[str] | None] = []
    for step in lesson.steps:
        resume = Resume(current=step.id)
        if opening_view(lesson, resume) is None:
            plots.append(None)
            continue
        try:  # no number on such a step is drawn at random: any seed gives its plots
            plots.append([plot.summary for plot in Tutor(lesson, seed=0, resume=resume).plots()])
        except (GdtutorError, ArithmeticError, ValueError):  # the tutor says so when the step opens
            plots.append(None)
    return {"summary": lesson.summary, "plots": plots}


class EarlyOpening:
    """What ``gdtutor --plain`` prints as a lesson opens, before the tutor exists: the step's view, the
    lesson's summary, and the summaries of the step's plots."""

    def __init__(self, view: StepView, summary: str, plots: tuple[str, ...]) -> None:
        self.view, self.summary, self.plots = view, summary, plots


def early_opening(
    beside: Mapping[str, Any], lesson_id: str, resume: ResumeState | None
) -> EarlyOpening | None:
    """The opening of the lesson ``lesson_id`` for a learner whose record says ``resume``, from what the
    lesson cache keeps beside it (``VIEWS`` and ``PLOTS``); None where ``early_view`` gives no view, where
    that data is missing or damaged, and where the record may change the plots: an answer in the lesson
    (the learner's θ, a prediction that shows a whole run) or a step done that only the tutor opens on (a
    read step's mark changes no plot)."""
    kept = kept_views(beside.get(VIEWS), lesson_id)
    words = beside.get(PLOTS)
    if kept is None or not isinstance(words, dict):
        return None
    steps, views = kept
    summary, plots = words.get("summary"), words.get("plots")
    if not isinstance(summary, str) or not isinstance(plots, list) or len(plots) != len(steps):
        return None
    view = early_view(steps, views, resume)
    if view is None:
        return None
    if resume is not None and _plots_may_differ(steps, views, resume):
        return None
    shown = plots[view.number - 1]
    if not isinstance(shown, list) or not all(isinstance(text, str) for text in shown):
        return None
    return EarlyOpening(view, summary, tuple(shown))


def _plots_may_differ(step_ids: Sequence[str], views: Sequence[Any], resume: ResumeState) -> bool:
    """Whether ``resume`` may give a step other plots than a fresh start on it: an answer, or a step done
    that opens with the tutor only."""
    done = (views[index] for index, step_id in enumerate(step_ids) if step_id in resume.done)
    return bool(resume.answers) or any(view is None for view in done)


def _early_fields(fields: object) -> bool:
    """Whether ``fields`` is what ``early_views`` gives for a step, every field of its type."""
    if not isinstance(fields, dict) or set(fields) != set(EARLY_FIELDS):
        return False
    texts = ("lesson_id", "lesson_title", "step_id", "kind", "prompt", "asking", "problem")
    numbers = ("number", "total", "hints_total")
    skills = fields["skills"]
    return (
        all(type(fields[name]) is str for name in texts)
        and all(type(fields[name]) is int for name in numbers)
        and type(fields["has_data"]) is bool
        and isinstance(skills, list)
        and all(type(skill) is str for skill in skills)
    )


def _draws(problem: ProblemSpec) -> bool:
    """Whether ``problem`` holds a number drawn per learner (which needs numpy's generator)."""
    from gdtutor.lessons.model import RandomNumber

    numbers = [
        problem.alpha,
        *problem.start.values(),
        *(value for row in problem.data or () for value in row),
    ]
    return any(isinstance(number, RandomNumber) for number in numbers)
