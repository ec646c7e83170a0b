"""The θ values a learner has typed, per problem: where they stand (error carried forward) and what the
plots mark beside the solver's iterates."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np

from gdtutor.checking import Verdict
from gdtutor.engine.figures import Answered
from gdtutor.errors import GdtutorError
from gdtutor.lessons.problem import Setup
from gdtutor.lessons.questions import carried_theta


class LearnerPath:
    """The learner's own θ per problem and iteration (right answers, and wrong ones a table kept), and every
    readable θ they typed, right or wrong."""

    def __init__(self) -> None:
        self._iterates: dict[Hashable, dict[int, np.ndarray]] = {}
        self._answers: dict[Hashable, list[Answered]] = {}

    def iterates(self, setup: Setup) -> Mapping[int, np.ndarray]:
        return self._iterates.get(setup.key, {})

    def answers(self, setup: Setup) -> Sequence[Answered]:
        return self._answers.get(setup.key, [])

    def theta_at(self, setup: Setup, iteration: int) -> np.ndarray | None:
        """The θ the learner reached at ``iteration``, when they have answered it."""
        return self.iterates(setup).get(iteration)

    def keep_iterate(self, setup: Setup, iteration: int, value: object, param: str | None) -> np.ndarray:
        """Keep the θ the learner stands on at ``iteration`` (``value``: one parameter's or all) and return
        it as a whole θ."""
        numbers = tuple(np.atleast_1d(np.asarray(value, dtype=np.float64)))
        theta = carried_theta(setup.point(iteration), numbers, param, setup.params)
        self._iterates.setdefault(setup.key, {})[iteration] = theta
        return theta

    def keep_answer(self, setup: Setup, iteration: int, verdict: Verdict, param: str | None) -> None:
        """Keep a θ the learner typed (readable, right or wrong) for the plots."""
        if verdict.value is None or verdict.status == "invalid":
            return
        numbers = tuple(np.atleast_1d(np.asarray(verdict.value, dtype=np.float64)))
        try:
            base = setup.point(iteration)
        except GdtutorError:  # the solver ran away before this iteration: nothing to stand beside
            return
        theta = carried_theta(base, numbers, param, setup.params)
        answered = Answered(iteration, theta, right=verdict.status != "wrong")
        self._answers.setdefault(setup.key, []).append(answered)
