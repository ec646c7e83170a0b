"""The step a lesson opens on, worked out from the lesson file alone: without numpy, the solver or a tutor.

A front-end can draw it before those load (``gdtutor LESSON``'s first screen), and build the ``Tutor`` right
after. ``opening_view`` gives exactly what ``Tutor(lesson, seed, resume=resume).view()`` would, or None where
that needs more than the file: a question (its state comes from the learner's answers, worked again), a
number drawn at random for the learner, or a lesson the learner finished. Tests hold the two to agree.
"""

from __future__ import annotations

from collections.abc import Sequence

from gdtutor.checking.symbols import show
from gdtutor.core.expr import Expr, parse, unicode_name
from gdtutor.engine.recorder import ResumeState
from gdtutor.engine.views import StepView
from gdtutor.lessons.mathtext import prose_to_unicode
from gdtutor.lessons.model import Lesson, ProblemSpec, RandomNumber, ReadStep, drawn
from gdtutor.lessons.placeholders import fill, values_for


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


def _draws(problem: ProblemSpec) -> bool:
    """Whether ``problem`` holds a number drawn per learner (which needs numpy's generator)."""
    numbers = [
        problem.alpha,
        *problem.start.values(),
        *(value for row in problem.data or () for value in row),
    ]
    return any(isinstance(number, RandomNumber) for number in numbers)
