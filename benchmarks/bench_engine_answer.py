"""The tutor's CPU per answer, as the lesson screen calls it: the engine's share of bench_feedback.py.

Run:  python benchmarks/bench_engine_answer.py [--runs 200] [--rounds 6] [--against TREE] [--lessons ...]
(prints times and ratios, exits 0; not part of the test run)

Per answer, as the app does: ``submit(answer)``; ``next()`` when the feedback says the tutor goes on (its
StepEntered carries ``view()``, its PlotsChanged ``plots()``); then ``view()`` again, as the screen does
once the events are drawn. Timed with ``time.thread_time`` (this thread's CPU, not the wall clock) over
whole runs of a lesson's answers, each run a new tutor; what the process keeps across sessions (math
turned into Unicode, the plots kept per state) is emptied before each run, so every run is a first session
through the lesson, not a replay of the last one.

Lessons: ``theta`` is bench_feedback's (descent-on-theta-squared after the reading: 2*theta, 6, 0.6, a
mistaken 3.6, then 2.4); a lesson named by its number (``09``) is played by a scripted learner, who types
one known mistake and then the right answer on every question.

``--against TREE`` (another checkout, e.g. ``git worktree add --detach /tmp/base main``) times that tree
the same way in turns with this one, round by round in alternating order, and prints this ÷ that per round.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
THETA = ("02", ["2*theta", "6", "0.6", "3.6", "2.4"])


def measure(lesson_key: str, runs: int) -> dict[str, object]:
    """Run in the tree under test (its gdtutor first on sys.path): the run totals in seconds."""
    from gdtutor.engine import Feedback, Tutor
    from gdtutor.lessons import load_lesson, mathtext
    from gdtutor.lessons.folders import lesson_paths

    def load(number_or_id: str):  # a Lesson of the tree under test
        paths = [path for path, _ in lesson_paths()]
        return load_lesson(next(path for path in paths if number_or_id in (path.stem, path.stem[:2])))

    if lesson_key == "theta":
        lesson = load(THETA[0])
        script: list[str | None] = [None, *THETA[1]]  # None: next(), untimed (the reading)
    else:
        lesson = load(lesson_key)
        script = scripted_learner(lesson, Tutor, Feedback)
    from gdtutor.engine import figures

    def forget() -> None:
        """What a process keeps from one session for the next: the math turned into Unicode, the plots
        and the curves' lines made for a state (a tree without them has nothing to forget)."""
        getattr(mathtext.math_to_unicode, "cache_clear", lambda: None)()
        for kept in ("_PLOTS", "_LINES"):
            getattr(figures, kept, {}).clear()

    def play() -> float:
        forget()
        tutor = Tutor(lesson, seed=1)
        tutor.view()
        tutor.plots()
        spent = 0.0
        for answer in script:
            if answer is None:
                tutor.next()
                tutor.view()
                continue
            started = time.thread_time()
            events = tutor.submit(answer)
            if any(isinstance(event, Feedback) and event.advance for event in events):
                tutor.next()
            tutor.view()
            spent += time.thread_time() - started
        return spent

    for _ in range(3):
        play()
    import gdtutor

    answers = sum(answer is not None for answer in script)
    return {"tree": gdtutor.__file__, "answers": answers, "runs": [play() for _ in range(runs)]}


def scripted_learner(lesson, tutor_class, feedback_class) -> list[str | None]:
    """What a learner types through ``lesson``: one known mistake, then the right answer, per question."""
    tutor = tutor_class(lesson, seed=1)
    script: list[str | None] = []
    while not tutor.finished and len(script) < 60:
        view = tutor.view()
        if not view.is_question or view.complete:
            tutor.next()
            script.append(None)
            continue
        question = tutor.question()
        for answer in [*[typed for _, typed in question.mistaken_answers()][:1], question.answer()]:
            script.append(answer)
            events = tutor.submit(answer)
            if any(isinstance(event, feedback_class) and event.advance for event in events):
                tutor.next()
                break
            if tutor.state.status != "open":
                break
    return script


def in_tree(tree: Path, lesson_key: str, runs: int) -> dict[str, Any]:
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", lesson_key, "--runs", str(runs)]
    output = subprocess.run(command, env=environment, capture_output=True, text=True, check=True, cwd=tree)
    result = json.loads(output.stdout)
    if not Path(result["tree"]).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"{tree} timed the gdtutor in {result['tree']}")
    return result


def summary(values: list[float], scale: float = 1e3) -> str:
    return f"{min(values) * scale:.2f} / {statistics.median(values) * scale:.2f} / {max(values) * scale:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="runs of a lesson's answers per round")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--against", type=Path, help="another tree to time in turns with this one")
    parser.add_argument(
        "--lessons", default="theta,09,13,07", help="theta or lesson numbers, comma-separated"
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure:
        print(json.dumps(measure(options.measure, options.runs)))
        return
    this = HERE.parent
    print(f"load average {os.getloadavg()[0]:.1f} (1 min)")
    for lesson_key in options.lessons.split(","):
        mine: list[float] = []
        theirs: list[float] = []
        ratios: list[float] = []
        answers = 0
        for round_number in range(options.rounds):
            trees = [this] if options.against is None else [this, options.against]
            order = trees if round_number % 2 == 0 else trees[::-1]
            medians = {}
            for tree in order:
                result = in_tree(tree, lesson_key, options.runs)
                answers = result["answers"]
                runs = result["runs"]
                (mine if tree == this else theirs).extend(runs)
                medians[tree] = statistics.median(runs)
            if options.against is not None:
                ratios.append(medians[this] / medians[options.against])
        print(f"{lesson_key}: {answers} answers; CPU per run of them, ms, min / median / max")
        print(f"  this tree: {summary(mine)}  ({summary([run / answers for run in mine])} per answer)")
        if options.against is not None:
            per_answer = summary([run / answers for run in theirs])
            print(f"  {options.against}: {summary(theirs)}  ({per_answer} per answer)")
            print(f"  this ÷ that, round medians ({len(ratios)} rounds): {summary(ratios, 1.0)}")


if __name__ == "__main__":
    main()
