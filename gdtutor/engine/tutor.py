"""The tutoring state machine every front-end drives.

A ``Tutor`` walks a lesson (instantiated for one learner's seed) step by step. It decides everything: which
step is current, whether an answer is right (through ``gdtutor.lessons.questions``), when a hint may be
revealed, what the worked solution is, how a table carries a learner's own values forward, what to plot, and
whether a finished step moves on at once or waits for Enter. Front-ends only show its ``StepView``s,
``Event``s and ``PlotSpec``s and pass on what the learner typed.

What differs between step kinds lives in their handlers (``gdtutor.engine.steps``); the tutor keeps the
navigation, the recording, the hints and the learner's own θ that later steps and plots stand on.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from gdtutor.checking import Verdict
from gdtutor.core.expr import format_number, unicode_name
from gdtutor.engine.events import (
    Event,
    Feedback,
    HintShown,
    LessonFinished,
    Notice,
    PlotsChanged,
    SolutionShown,
    StepEntered,
)
from gdtutor.engine.figures import describe_problem, plots_for
from gdtutor.engine.learner import LearnerPath
from gdtutor.engine.opening import opening_index
from gdtutor.engine.plots import PlotSpec
from gdtutor.engine.recorder import Action, Attempt, PastAttempt, Recorder, ResumeState
from gdtutor.engine.steps import AnyKind, StepState, handler_for
from gdtutor.engine.views import AnswerView, DataView, StepStatus, StepView
from gdtutor.errors import GdtutorError
from gdtutor.lessons.mathtext import prose_to_unicode, to_unicode
from gdtutor.lessons.model import AnyStep, Lesson, NumberStep
from gdtutor.lessons.placeholders import fill, values_for
from gdtutor.lessons.problem import Setup, setup_for
from gdtutor.lessons.questions import Question


@dataclass
class _Unsaved:
    """What the action under way changed, handed to the recorder in one call when it ends."""

    attempt: Attempt | None = None
    done: list[str] = field(default_factory=list)
    moved: bool = False


def _one_action(method: Callable[..., list[Event]]) -> Callable[..., list[Event]]:
    @functools.wraps(method)
    def act(self: Tutor, *args: str) -> list[Event]:
        self._unsaved = _Unsaved()
        self._forget_shown()
        events = method(self, *args)
        self._save()
        return events

    return act


class Tutor:
    """One learner working through one lesson. See docs/architecture.md ("engine").

    With ``resume`` it picks the lesson up as the learner left it: their answers are judged again, so
    tables, derivations and their own θ are as they were, and it opens on the step they were on. A lesson
    they finished opens finished: a front-end then offers ``review()`` or starting over (a fresh tutor
    after the store's reset), and nothing is recorded until they act.
    """

    def __init__(
        self,
        lesson: Lesson,
        seed: int,
        recorder: Recorder | None = None,
        resume: ResumeState | None = None,
    ) -> None:
        if not lesson.steps:
            raise GdtutorError(f"lesson {lesson.id} has no steps")
        self._lesson = lesson.instantiate(seed)
        self.seed = seed
        self.recorder = recorder
        self.finished = False
        self._states = [handler_for(step).new_state() for step in self.lesson.steps]
        self._path = LearnerPath()
        self._answers: list[list[AnswerView]] = [[] for _ in self.lesson.steps]
        self._replaying = False
        self._unsaved = _Unsaved()
        self._shown_prose: dict[tuple[str, str, bool], str] = {}  # prose() as worked out, per step and text
        self._setups: dict[str, Setup] = {}  # setup() per step id
        self._problems: dict[Hashable, str] = {}  # the problem line per problem (Setup.key)
        self._views: dict[int, StepView] = {}  # what view() gave since the last action, per step
        self.index = self._resume(resume)
        if not self.finished:
            self._tell_current()
            self._save()

    @classmethod
    def for_steps(
        cls, lesson: Lesson, step_ids: Sequence[str], seed: int, recorder: Recorder | None = None
    ) -> Tutor:
        """A tutor over some steps of ``lesson`` (in the order given), e.g. for practice with a fresh seed."""
        steps = tuple(lesson.step(step_id) for step_id in step_ids)
        return cls(replace(lesson, steps=steps), seed, recorder)

    # ---- reading the state ----

    @property
    def lesson(self) -> Lesson:
        """The lesson as this learner sees it: every random number drawn from the seed."""
        return self._lesson

    @property
    def path(self) -> LearnerPath:
        """The θ values the learner has typed, which later questions and the plots stand on."""
        return self._path

    @property
    def step(self) -> AnyStep:
        return self.lesson.steps[self.index]

    @property
    def state(self) -> StepState:
        return self._states[self.index]

    def statuses(self) -> tuple[StepStatus, ...]:
        """Every step's status, in the lesson's order."""
        return tuple(state.status for state in self._states)

    @property
    def _kind(self) -> AnyKind:
        return handler_for(self.step)

    def setup(self, step: AnyStep) -> Setup:
        """The solved problem of ``step`` (the lesson's, with the step's changes). Kept per step: an answer
        asks for it dozens of times (each is a key of every field of the problem), and steps on the same
        problem keep sharing one, as ``setup_for`` shares it, however long the tutor lives."""
        found = self._setups.get(step.id)
        if found is None:
            spec = self.lesson.problem_for(step)
            shared = (kept for kept in self._setups.values() if kept.spec == spec)
            found = next(shared, None) or setup_for(spec)
            self._setups[step.id] = found
        return found

    def prose(self, step: AnyStep, text: str, *, display: bool = False) -> str:
        """A prompt or hint as shown: the step's own numbers put in for its placeholders, math as Unicode
        (``display``: a prompt, whose ``$$…$$`` become blocks of their own). Worked out once per step and
        text: the lesson's numbers are drawn once, and every view of the step (two an answer) shows it."""
        key = (step.id, text, display)
        shown = self._shown_prose.get(key)
        if shown is None:
            filled = fill(text, values_for(self.lesson.problem_for(step), step))
            shown = prose_to_unicode(filled) if display else to_unicode(filled)
            self._shown_prose[key] = shown
        return shown

    def view(self) -> StepView:
        return self._view(self.index)

    def review(self) -> tuple[StepView, ...]:
        """Every step as the learner left it, with the answers they gave on it: to read, never to change
        (nothing is recorded, and the steps stay as they are)."""
        return tuple(self._view(index) for index in range(len(self.lesson.steps)))

    def _forget_shown(self) -> None:
        """An action may change any step: the views worked out before it are out of date. Every action calls
        this before it changes anything. A view worked out in the action comes after its changes (the step
        it enters), and stands until the next action: a front-end draws the step the action entered from
        ``StepEntered`` and asks ``view()`` again once the action's events are drawn."""
        self._views.clear()

    def _view(self, index: int) -> StepView:
        shown = self._views.get(index)
        if shown is None:
            shown = self._views[index] = self._work_out_view(index)
        return shown

    def _work_out_view(self, index: int) -> StepView:
        step, state = self.lesson.steps[index], self._states[index]
        kind = handler_for(step)
        view = StepView(
            lesson_id=self.lesson.id,
            lesson_title=self.lesson.title,
            step_id=step.id,
            kind=step.kind,
            number=index + 1,
            total=len(self.lesson.steps),
            prompt=self.prose(step, step.prompt, display=True),
            asking=kind.asking(self, step, state) if step.is_question else "",
            problem=self._problem_line(step),
            hints=tuple(self.prose(step, hint.text) for hint in step.hints[: state.hints_shown]),
            hints_total=len(step.hints),
            attempts=state.attempts,
            status=state.status,
            last=state.last,
            solution=state.solution,
            skills=self.lesson.skills_for(step),
            has_data=self.setup(step).spec.is_regression,
            answers=tuple(self._answers[index]),
        )
        return kind.view(self, step, state, view)

    def _problem_line(self, step: AnyStep) -> str:
        setup = self.setup(step)
        line = self._problems.get(setup.key)
        if line is None:
            line = self._problems[setup.key] = describe_problem(setup)
        return line

    def data(self) -> DataView | None:
        """The current step's data set as a table for the learner, or None on a step without data."""
        setup = self.setup(self.step)
        if not setup.spec.is_regression:
            return None
        X, y = setup.design
        several = X.shape[1] > 1
        features = tuple(unicode_name(f"x{j + 1}") if several else "x" for j in range(X.shape[1]))
        rows = tuple(
            tuple(format_number(float(value), unicode=True) for value in (*row, label))
            for row, label in zip(X, y, strict=True)
        )
        return DataView(setup.spec.data_file or "the lesson", (*features, "y"), rows)

    def plots(self) -> list[PlotSpec]:
        if self._replaying:  # the answers of an earlier session: only the state they leave matters
            return []
        step, state, kind = self.step, self.state, self._kind
        setup = self.setup(step)
        full_run = self.finished or kind.whole_run(step, state) or self._run_shown_before(setup)
        compare = kind.compared(step, state, setup.spec) if full_run else None
        other = None if compare is None else setup_for(compare)
        predicting = isinstance(step, NumberStep) and step.ask == "prediction" and state.status == "open"
        return plots_for(
            setup, self.path.iterates(setup), full_run, other, self.path.answers(setup), predicting=predicting
        )

    def _run_shown_before(self, setup: Setup) -> bool:
        """Whether an earlier step of the lesson showed the whole run of this problem (an explore step once
        predicted): later steps on it keep showing it, so a plot never goes back to an older line."""
        return any(
            self.setup(step) is setup and handler_for(step).whole_run(step, self._states[index])
            for index, step in enumerate(self.lesson.steps[: self.index])
        )

    def question(self) -> Question:
        """The question asked now: its ``answer()`` and ``mistaken_answers()`` let tests play a learner."""
        return self._kind.question(self, self.step, self.state)

    # ---- actions ----

    @_one_action
    def submit(self, text: str) -> list[Event]:
        if self.finished:
            return [Notice("The lesson is finished.")]
        step, state, kind = self.step, self.state, self._kind
        if not step.is_question:
            return [Notice("There is nothing to answer here; go on to the next step.")]
        if state.status != "open":
            return [Notice("This step is done; go on to the next step.")]
        question = kind.question(self, step, state)
        verdict = question.check(text)
        if not text.strip():
            # Enter on an empty answer: the question says what to type, and nothing is counted or recorded.
            return [Feedback(verdict)]
        self._record(text, verdict)
        return [self._then(kind, event) for event in self._judged(text, question, verdict, _now())]

    def _judged(self, text: str, question: Question, verdict: Verdict, when: str) -> list[Event]:
        """What an answer changes on the current step, now or when an earlier session's is worked again."""
        step, state, kind = self.step, self.state, self._kind
        state.last = verdict
        if verdict.status != "invalid":
            state.attempts += 1
        self._answers[self.index].append(AnswerView(text, verdict.status, verdict.message, when))
        return kind.submit(self, step, state, question, verdict)

    def hint(self) -> list[Event]:
        self._forget_shown()
        step, state = self.step, self.state
        if not step.is_question or self.finished:
            return [Notice("There is nothing to hint at here.")]
        if state.status != "open":
            return [Notice("This step is done; go on to the next step.")]
        if state.hints_shown >= len(step.hints):
            more = "no hints" if not step.hints else "no more hints"
            return [Notice(f"There are {more} for this step; ask for the solution to see it worked out.")]
        hint = step.hints[state.hints_shown]
        if state.attempts < hint.after_attempts:
            left = hint.after_attempts - state.attempts
            return [Notice(f"Have {left} more go{'es' if left != 1 else ''} before the next hint.")]
        state.hints_shown += 1
        return [HintShown(self.prose(step, hint.text), state.hints_shown, len(step.hints))]

    def solution(self) -> list[Event]:
        self._forget_shown()
        step, state, kind = self.step, self.state, self._kind
        if not step.is_question or self.finished:
            return [Notice("There is nothing to solve here.")]
        if state.status != "open":
            if state.solution:
                return [SolutionShown(state.solution)]
            return [Notice("This step is done; go on to the next step.")]
        return kind.reveal(self, step, state, kind.question(self, step, state))

    @_one_action
    def skip(self) -> list[Event]:
        if self.finished:
            return [Notice("The lesson is finished.")]
        if self.state.status == "open":
            self.state.status = "skipped" if self.step.is_question else "read"
        return self._advance()

    @_one_action
    def next(self) -> list[Event]:
        if self.finished:
            return [Notice("The lesson is finished.")]
        if not self.step.is_question and self.state.status == "open":
            self.state.status = "read"
            self.done(self.step)
        if self.state.status == "open":
            return [Notice("Answer this step first (or ask for a hint, the solution, or skip it).")]
        return self._advance()

    @_one_action
    def back(self) -> list[Event]:
        if self.finished:
            self.finished = False
        elif self.index == 0:
            return [Notice("This is the first step.")]
        else:
            self.index -= 1
        self._tell_current()
        return [StepEntered(self.view()), PlotsChanged(self.plots())]

    # ---- for the step handlers (gdtutor.engine.steps.Work) ----

    def done(self, step: AnyStep) -> None:
        """The learner solved ``step``: the recorder hears it with the rest of the action."""
        self._unsaved.done.append(step.id)

    # ---- helpers ----

    def _then(self, kind: AnyKind, event: Event) -> Event:
        """What comes after an answer that finished its step: go on at once after a right one, unless the
        kind keeps the learner on it; otherwise stay, so the feedback is read, until the learner goes on."""
        if not isinstance(event, Feedback) or not event.complete:
            return event
        return replace(event, advance=event.verdict.correct and kind.advance_when_right)

    def _record(self, text: str, verdict: Verdict) -> None:
        state, step = self.state, self.step
        # An answer after hints is still the first attempt; it carries hints_used, and knowledge tracing
        # counts a first attempt that needed help as not known yet (a right one included).
        first = state.attempts == 0 and not state.imperfect and state.solution is None
        self._unsaved.attempt = Attempt(
            lesson_id=self.lesson.id,
            step_id=step.id,
            seed=self.seed,
            answer=text,
            verdict=verdict.status,
            mistake_id=verdict.mistake,
            hints_used=state.hints_shown,
            first_attempt=first and verdict.status != "invalid",
            skills=self.lesson.skills_for(step),
        )

    def _tell_current(self) -> None:
        self._unsaved.moved = True

    def _save(self) -> None:
        """Hand everything the action changed to the recorder in one call (one transaction in a store)."""
        unsaved, self._unsaved = self._unsaved, _Unsaved()
        if self.recorder is not None and (unsaved.attempt or unsaved.done or unsaved.moved):
            current = None if self.finished else self.step.id
            self.recorder.record_action(Action(self.lesson.id, current, unsaved.attempt, tuple(unsaved.done)))

    def _advance(self) -> list[Event]:
        if self.index + 1 >= len(self.lesson.steps):
            self.finished = True
            self._tell_current()
            return [self._summary()]
        self.index += 1
        self._tell_current()
        return [StepEntered(self.view()), PlotsChanged(self.plots())]

    def _summary(self) -> LessonFinished:
        questions = [
            state for state, step in zip(self._states, self.lesson.steps, strict=True) if step.is_question
        ]
        return LessonFinished(
            solved=sum(s.status == "solved" for s in questions),
            revealed=sum(s.status == "revealed" for s in questions),
            skipped=sum(s.status in ("skipped", "open") for s in questions),
            questions=len(questions),
        )

    def _resume(self, resume: ResumeState | None) -> int:
        if resume is None:
            return 0
        ids = [step.id for step in self.lesson.steps]
        self._replay(resume.answers, ids)
        for index, step_id in enumerate(ids):
            if step_id in resume.done and self._states[index].status == "open":
                self._states[index].status = "solved" if self.lesson.steps[index].is_question else "read"
        opened = opening_index(ids, resume)
        if opened is None:
            self.finished = True
            return len(ids) - 1
        return opened

    def _replay(self, answers: Sequence[PastAttempt], ids: list[str]) -> None:
        """Judge the answers of earlier sessions again, in order, recording nothing: what they did to
        each step (a table's cells, a derivation's lines, the learner's θ) is back as they left it."""
        self._replaying = True
        try:
            for past in answers:
                if past.step_id not in ids or (past.seed is not None and past.seed != self.seed):
                    continue  # a step since removed from the lesson, or another variant's numbers
                self.index = ids.index(past.step_id)
                step, state, kind = self.step, self.state, self._kind
                if not step.is_question or state.status != "open" or not past.answer.strip():
                    continue
                state.hints_shown = max(state.hints_shown, min(past.hints_used, len(step.hints)))
                question = kind.question(self, step, state)
                self._judged(past.answer, question, question.check(past.answer), _when(past.time))
        finally:
            self._replaying = False
            self._unsaved = _Unsaved()
            self._forget_shown()


def _now() -> str:
    return _when(datetime.now(timezone.utc).isoformat())


def _when(time: str) -> str:
    """A record's UTC time in words: ``2026-12-01T17:20:05.123Z`` -> ``2026-12-01 17:20 UTC``."""
    return f"{time[:10]} {time[11:16]} UTC" if len(time) >= 16 and time[10] == "T" else time
