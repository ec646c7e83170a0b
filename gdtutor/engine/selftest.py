"""The author's claims checked against the solver: explore answers, ``tests:``, and a fuzz over variants.

Runs on a lesson that already loaded cleanly. Every question is built for several seeds (so a broken draw
shows up), every explore answer is compared with the run, every test is graded exactly as the tutor would
grade it, and every answer a known mistake leads to is graded too: none may be accepted as correct.
"""

from __future__ import annotations

import json

from gdtutor.checking import Verdict
from gdtutor.checking.symbols import show
from gdtutor.engine.steps import handler_for
from gdtutor.errors import GdtutorError
from gdtutor.lessons.model import Diagnostic, Lesson, LessonTest, Step, drawn
from gdtutor.lessons.questions import Question, settled_coincidences
from gdtutor.lessons.step_names import with_step_ids
from gdtutor.lessons.variants import has_variants

FUZZ_SEEDS = (0, 1, 2, 3, 4, 5, 6, 7)


def check_lesson(lesson: Lesson) -> list[Diagnostic]:
    """Problems (and warnings) with a lesson's claims; empty when all hold."""
    problems: list[Diagnostic] = []
    seeds = FUZZ_SEEDS if has_variants(lesson) else (0,)
    for seed in seeds:
        variant = lesson.instantiate(seed)
        problems.extend(_check_variant(variant, seed, first=seed == seeds[0]))
        if any(problem.severity == "error" for problem in problems):
            break
    problems.extend(_run_tests(lesson))
    return with_step_ids(_unique(problems), [step.id for step in lesson.steps])


def step_questions(lesson: Lesson, index: int) -> list[tuple[str, Question]]:
    """Every question step ``index`` asks on the solver's own path, with a label: the step itself, or each
    cell of a table, or each line of a derivation (as its kind's handler lists them)."""
    step = lesson.steps[index]
    return handler_for(step).path_questions(lesson, step)


def _check_variant(lesson: Lesson, seed: int, first: bool) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    seed_note = f" (variant seed {seed})" if seed or not first else ""
    for index, step in enumerate(lesson.steps):
        path = f"steps[{index}]"
        try:
            for field, reason in handler_for(step).claims(lesson, step):
                message = f"{path}{field}: {reason}{seed_note}"
                problems.append(Diagnostic.at(lesson.where(f"{path}{field}"), message))
            questions = step_questions(lesson, index)
        except GdtutorError as error:
            problems.append(Diagnostic.at(lesson.where(path), f"{path}: {error.message}{seed_note}"))
            continue
        seen: set[str] = set()
        for label, question in questions:
            where = f"{path} {label}".rstrip()
            for mistake_id, answer in question.mistaken_answers():
                verdict = question.check(answer)
                if verdict.status == "correct":
                    message = (
                        f'{where}: the answer of mistake "{mistake_id}" ({answer}) is accepted as correct'
                        f"{seed_note}"
                    )
                    problems.append(Diagnostic.at(lesson.where(path), message))
            if first:
                coinciding = question.coinciding_mistakes()
                seen.update(coinciding)
                settled = set(settled_coincidences(question))
                unexpected = [mistake_id for mistake_id in coinciding if mistake_id not in settled]
                problems += _unexpected_coincidences(lesson, step, path, where, unexpected)
        if first:
            problems += _coincidences_not_seen(lesson, step, path, seen)
    return problems


def _unexpected_coincidences(
    lesson: Lesson, step: Step, path: str, where: str, coinciding: list[str]
) -> list[Diagnostic]:
    """A warning for each mistake that gives the right answer, unless the step says it expects that."""
    problems = []
    for mistake_id in coinciding:
        if mistake_id in step.expect_coincident:
            continue
        message = (
            f'{where}: mistake "{mistake_id}" gives the right answer here (cannot diagnose it;'
            f" list it in expect_coincident if that is meant)"
        )
        position = lesson.where(_mistake_path(step, path, mistake_id))
        problems.append(Diagnostic.at(position, message, severity="warning"))
    return problems


def _coincidences_not_seen(lesson: Lesson, step: Step, path: str, seen: set[str]) -> list[Diagnostic]:
    """A warning for each id in expect_coincident that gives the right answer nowhere in the step, so the
    list does not outlive the coincidence it excuses."""
    problems = []
    for index, mistake_id in enumerate(step.expect_coincident):
        if mistake_id not in seen:
            where = f"{path}.expect_coincident[{index}]"
            message = f'{where}: mistake "{mistake_id}" does not give the right answer here (it is diagnosed)'
            problems.append(Diagnostic.at(lesson.where(where), message, severity="warning"))
    return problems


def _mistake_path(step: Step, path: str, mistake_id: str) -> str:
    """Where a mistake is written: the step's own mistake entry, or the step for a library mistake."""
    ids = [mistake.id for mistake in step.mistakes]
    return f"{path}.mistakes[{ids.index(mistake_id)}]" if mistake_id in ids else path


def _run_tests(lesson: Lesson) -> list[Diagnostic]:
    problems = []
    for index, test in enumerate(lesson.tests):
        path = f"tests[{index}]"
        variant = lesson.instantiate(test.seed)
        try:
            verdict, expected = _grade_test(variant, test)
        except GdtutorError as error:
            problems.append(Diagnostic.at(lesson.where(path), f"{path}: {error.message}"))
            continue
        failure = _test_failure(test, verdict)
        if failure:
            answer = json.dumps(test.answer, ensure_ascii=False)
            message = f"{path}: answer {answer} to {test.step} got {failure}; the right answer is {expected}"
            if has_variants(lesson):
                message += f" at seed {test.seed} ({_variant_note(variant, test.step)})"
            problems.append(Diagnostic.at(lesson.where(path), message))
    return problems


def _grade_test(lesson: Lesson, test: LessonTest) -> tuple[Verdict, str]:
    step = lesson.step(test.step)
    return handler_for(step).grade_test(lesson, step, test)


def _test_failure(test: LessonTest, verdict: Verdict) -> str:
    if verdict.status != test.verdict:
        got = verdict.status + (f" ({verdict.mistake})" if verdict.mistake else "")
        return f"{got}, expected {test.verdict}"
    if test.mistake is not None and verdict.mistake != test.mistake:
        found = f'mistake "{verdict.mistake}"' if verdict.mistake else "no mistake"
        return f'{found}, expected mistake "{test.mistake}"'
    return ""


def _variant_note(lesson: Lesson, step_id: str) -> str:
    """The numbers the tested step stands on in this variant: its own draw where it has one."""
    step = lesson.step(step_id)
    spec = lesson.problem_for(step)
    numbers = [f"{name} = {show(drawn(value), unicode=False)}" for name, value in spec.start.items()]
    numbers.append(f"alpha = {show(drawn(spec.alpha), unicode=False)}")
    x = getattr(step, "x", None)
    if isinstance(x, (int, float)):
        numbers.append(f"x = {show(x, unicode=False)}")
    elif isinstance(x, tuple):  # a prediction from several features
        numbers.append(f"x = {show([drawn(value) for value in x], unicode=False)}")
    return "start " + ", ".join(numbers)


def _unique(problems: list[Diagnostic]) -> list[Diagnostic]:
    return list(dict.fromkeys(problems))
