"""Solver runs per learner action, over every shipped lesson: how often one action runs gradient descent.

Run:  python benchmarks/solver_runs.py [--seeds 1 2] [--worst 5]   (prints counts, exits 0; not a test)

A learner works through each lesson of lessons/ at each seed, the way both front-ends drive the engine:
the lesson opens, and every step is answered right at the first try (a read step is read) and then left.
After each action the front-end redraws the step and its plots (``view()`` and ``plots()``), so those
count with the action. The right answers come from a first pass of the same lesson and seed, so asking for
them warms no cache; every session starts with no problem solved (``setup_for``'s cache emptied), as a new
process does. Counted: calls of ``gradient_descent`` (a run of descent, including the long run to where a
problem settles). Printed: actions, total runs, mean and max per action, and the actions that ran most.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gdtutor.engine import tutor as tutor_module  # noqa: E402
from gdtutor.engine.events import Event, Feedback  # noqa: E402
from gdtutor.lessons import load_lesson, problem  # noqa: E402
from gdtutor.lessons.model import Lesson  # noqa: E402

runs = 0
_descent = problem.gradient_descent


def _counted(*args: object, **kwargs: object) -> object:
    global runs
    runs += 1
    return _descent(*args, **kwargs)  # type: ignore[arg-type]


def _answers(lesson: Lesson, seed: int) -> list[list[str]]:
    """The right answers of each step in order, one per cell of a table (none for a step to read)."""
    tutor = tutor_module.Tutor(lesson, seed)
    answers: list[list[str]] = []
    while not tutor.finished:
        answers.append([])
        advanced = False
        while tutor.step.is_question and tutor.state.status == "open":
            answers[-1].append(tutor.question().answer())
            advanced = _advanced(tutor.submit(answers[-1][-1]))
        if not advanced:
            tutor.next()
    return answers


def _advanced(events: list[Event]) -> bool:
    return any(isinstance(event, Feedback) and event.advance for event in events)


def _session(lesson: Lesson, seed: int, answers: list[list[str]]) -> list[tuple[str, int]]:
    """(what the action was, solver runs it took), for each action of one learner's pass."""
    global runs
    problem._SETUPS.clear()
    counted: list[tuple[str, int]] = []

    def act(name: str, action: Callable[[], object]) -> object:
        global runs
        runs = 0
        result = action()
        if not tutor.finished:
            tutor.view()
            tutor.plots()
        counted.append((f"{lesson.id} seed {seed}: {name}", runs))
        return result

    runs = 0
    tutor = tutor_module.Tutor(lesson, seed)
    tutor.view()
    tutor.plots()
    counted.append((f"{lesson.id} seed {seed}: open", runs))
    for step_answers in answers:
        step = tutor.step.id
        advanced = False
        for answer in step_answers:
            advanced = _advanced(act(f"answer {step}", lambda text=answer: tutor.submit(text)))  # type: ignore[arg-type]
        if not advanced:
            act(f"go on from {step}", tutor.next)
    return counted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--worst", type=int, default=5, help="list this many of the costliest actions")
    args = parser.parse_args()
    problem.gradient_descent = _counted  # type: ignore[assignment]
    actions: list[tuple[str, int]] = []
    for path in sorted((ROOT / "lessons").glob("*.yaml")):
        lesson = load_lesson(path)
        for seed in args.seeds:
            actions += _session(lesson, seed, _answers(lesson, seed))
    total = sum(count for _, count in actions)
    print(
        f"{len(actions)} actions, {total} solver runs: mean {total / len(actions):.2f}, "
        f"max {max(count for _, count in actions)} per action"
    )
    for name, count in sorted(actions, key=lambda item: -item[1])[: args.worst]:
        print(f"  {count}  {name}")


if __name__ == "__main__":
    main()
