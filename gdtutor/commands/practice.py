"""``gdtutor practice [SKILL]``: practise the weakest skill (or SKILL) on fresh variants until it is mastered.

Each round runs a few of the steps that exercise the skill (with new numbers where the lesson draws them)
through the line-oriented tutor.
After each round the skill's mastery is shown; at 95% the skill is mastered, gdtutor says so and moves on to
the next weakest, until every skill is mastered or the learner stops (``quit`` or the end of input). Practice
counts toward mastery and leaves the lessons' own progress alone.
"""

from __future__ import annotations

import argparse
import sys

from gdtutor.engine.tutor import Tutor
from gdtutor.lessons.catalog import discover
from gdtutor.lessons.variants import has_variants
from gdtutor.plain.session import Session
from gdtutor.plain.text import clean_line
from gdtutor.progress.practice import PracticeSession
from gdtutor.progress.stores import open_store


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("skill", nargs="?", help="the skill to practise (default: your weakest)")
    parser.add_argument(
        "--lessons", metavar="DIR", action="append", default=[], help="also load lessons from DIR"
    )


def _percent(p_known: float) -> str:
    return f"{round(100 * p_known)}%"


def run(args: argparse.Namespace) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    catalog = discover(args.lessons)
    store = open_store()
    try:
        for message in store.messages:
            print(clean_line(message), file=sys.stderr)
        session = PracticeSession([entry.lesson for entry in catalog.entries], store, args.skill)
        if session.status is not None and session.status.mastered:
            say(f"You have mastered {session.status.skill} already ({_percent(session.status.p_known)}).")
        while (practice_round := session.next_round()) is not None:
            count = len(practice_round.step_ids)
            numbers = "with new numbers" if has_variants(practice_round.lesson) else "once more"
            say(
                f"Practising {practice_round.skill} (mastery {_percent(session.status.p_known)}): "
                f"{count} step{'s' * (count != 1)} from {practice_round.lesson.title}, {numbers}."
            )
            tutor = Tutor.for_steps(
                practice_round.lesson, practice_round.step_ids, practice_round.seed, session.recorder
            )
            Session(tutor, sys.stdin, sys.stdout).run()
            if not tutor.finished:
                return 0
            change = session.finish_round()
            say(f"{change.skill}: mastery {_percent(change.before)} -> {_percent(change.after)}.")
            if change.mastered:
                say(f"You have mastered {change.skill}.")
        say("Every skill is mastered. Well done!")
        return 0
    finally:
        store.close()


def say(text: str) -> None:
    print(clean_line(text), flush=True)
