"""``gdtutor practice [SKILL]``: practise the weakest skill (or SKILL) round after round until mastered.

On a terminal practice opens in the app; with ``--plain``, or when input or output is not a terminal, it is
a line dialogue. Each round runs a few of the steps that exercise the skill, from a lesson that draws new
numbers when one does (the round says whether its numbers are new). After each round the skill's mastery
is shown; at 95% the skill is mastered, gdtutor says so and moves on to the next weakest, until every skill
is mastered or the learner stops (``quit`` or the end of input). Practice counts toward mastery and leaves
the lessons' own progress alone.
"""

from __future__ import annotations

import argparse
import sys
import textwrap

from gdtutor.engine.tutor import Tutor
from gdtutor.lessons.catalog import discover
from gdtutor.plain.session import Session
from gdtutor.plain.text import clean_line
from gdtutor.progress.practice import PracticeSession, choose_skill, exercised_skills, percent
from gdtutor.progress.skills import MASTERY_MEANS, skill_name
from gdtutor.progress.stores import open_store

EPILOG = """\
skills, in the order the course teaches them (yours and --lessons DIR add theirs):
{skills}

Without SKILL, practice starts on your weakest skill (a new learner: the first one the course teaches)
and moves on to the next weakest once a skill is mastered (95%).

examples:
  gdtutor practice --plain power-rule
  gdtutor practice --plain"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("skill", nargs="?", help="the skill to practise (default: your weakest)")
    parser.add_argument(
        "--lessons", metavar="DIR", action="append", default=[], help="also load lessons from DIR"
    )
    parser.add_argument(
        "--plain", action="store_true", help="a line dialogue on stdin/stdout even on a terminal"
    )
    format_help = parser.format_help

    def format_help_with_skills() -> str:
        # Listing the skills loads every lesson: done only when the help is asked for.
        parser.epilog = EPILOG.format(skills=_skill_list(discover().entries))
        return format_help()

    parser.format_help = format_help_with_skills  # type: ignore[method-assign]


def _skill_list(entries: list) -> str:
    skills = ", ".join(exercised_skills([entry.lesson for entry in entries])) or "none"
    return textwrap.fill(skills, 100, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False)


def run(args: argparse.Namespace) -> int:
    if not args.plain and sys.stdin.isatty() and sys.stdout.isatty():
        return _in_the_app(args)
    return _line_dialogue(args)


def _in_the_app(args: argparse.Namespace) -> int:
    if args.skill is not None:  # a skill no lesson exercises is bad input here, not a notice in the app
        with open_store() as store:
            choose_skill([entry.lesson for entry in discover(args.lessons).entries], store, args.skill)
    from gdtutor.commands import tui

    return tui.run(argparse.Namespace(lesson=None, lessons=args.lessons, practice=True, skill=args.skill))


def _line_dialogue(args: argparse.Namespace) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    catalog = discover(args.lessons)
    store = open_store()
    try:
        for message in store.messages:
            print(clean_line(message), file=sys.stderr)
        session = PracticeSession([entry.lesson for entry in catalog.entries], store, args.skill)
        say(MASTERY_MEANS)
        if session.status is not None and session.status.mastered:
            known = session.status
            say(f"You have mastered {skill_name(known.skill)} already ({percent(known.p_known)}).")
        while (practice_round := session.next_round()) is not None:
            status = session.status
            assert status is not None  # a round is always on the skill it reports
            count = len(practice_round.step_ids)
            numbers = practice_round.numbers
            say(
                f"Practising {skill_name(practice_round.skill)} ({status.level}): "
                f"{count} step{'s' * (count != 1)} from {practice_round.lesson.title}, {numbers}."
            )
            tutor = Tutor.for_steps(
                practice_round.lesson, practice_round.step_ids, practice_round.seed, session.recorder
            )
            Session(tutor, sys.stdin, sys.stdout).run()
            if not tutor.finished:
                return 0
            change = session.finish_round()
            say(f"{change.moved()}.")
            if change.mastered:
                say(f"You have mastered {skill_name(change.skill)}.")
        say("Every skill is mastered. Well done!")
        return 0
    finally:
        store.close()


def say(text: str) -> None:
    print(clean_line(text), flush=True)
