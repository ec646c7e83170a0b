"""Practice: rounds of questions on the weakest skill (or a chosen one), in the lesson screen, until mastered.

The rounds come from ``PracticeSession`` (``gdtutor.progress.practice``), the loop ``gdtutor practice`` runs
too: after each round the screen shows how the skill's mastery moved, says when it is mastered, and Enter
starts the next round, on the skill that is now the weakest; when every skill is mastered it says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gdtutor.progress.skills import skill_name
from gdtutor.tui.screens.lesson import LessonScreen

if TYPE_CHECKING:
    from gdtutor.engine import Tutor
    from gdtutor.engine.events import LessonFinished
    from gdtutor.progress.practice import PracticeRound, PracticeSession


def round_tutor(session: PracticeSession, practice_round: PracticeRound) -> Tutor:
    from gdtutor.engine import Tutor

    lesson, steps, seed = practice_round.lesson, practice_round.step_ids, practice_round.seed
    return Tutor.for_steps(lesson, steps, seed, session.recorder)


def round_heading(session: PracticeSession, practice_round: PracticeRound) -> str:
    """The title bar during a round, short enough for 80 columns: "Practice: update-rule, mastery 42%"."""
    mastery = f", {session.status.level}" if session.status is not None else ""
    return f"Practice: {skill_name(practice_round.skill)}{mastery}"


class PracticeScreen(LessonScreen):
    """The lesson screen over practice rounds: one tutor a round, the skill and its mastery in the title."""

    def __init__(self, session: PracticeSession, first: PracticeRound) -> None:
        super().__init__(round_tutor(session, first), heading=round_heading(session, first))
        self.session = session
        self._first = first
        self._next: PracticeRound | None = None
        self._round_note: str | None = None

    def finished_note(self, event: LessonFinished) -> str:
        if self._round_note is None:  # once a round, even if the learner goes back and finishes again
            change = self.session.finish_round()
            parts = [
                f"Round done: {event.solved} of {event.questions} solved.",
                f"{change.moved('→')} (95% is mastered: right first tries raise it).",
            ]
            if change.mastered:
                parts.append(f"You have mastered {skill_name(change.skill)}.")
            self._next = self.session.next_round()
            if self._next is None:
                parts.append("Every skill is mastered. Well done! Enter or Esc: back to the lessons.")
            else:
                parts.append(
                    f"Enter: the next round, on {skill_name(self._next.skill)}. Esc: back to the lessons."
                )
            self._round_note = " ".join(parts)
        return self._round_note

    def after_finished(self) -> None:
        if self._next is None:
            self.dismiss()
            return
        practice_round, self._next, self._round_note = self._next, None, None
        self._heading = round_heading(self.session, practice_round)
        self.start_tutor(round_tutor(self.session, practice_round))
        self._say_numbers(practice_round)

    def on_mount(self) -> None:  # Textual calls LessonScreen's on_mount as well: it starts the tutor
        self._say_numbers(self._first)

    def _say_numbers(self, practice_round: PracticeRound) -> None:
        """Whether this round's numbers are new, and if not, why (a title bar has no room for it)."""
        self.notify(f"This round: {practice_round.numbers}.", markup=False)
