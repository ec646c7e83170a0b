"""The mistake ids a lesson may name, without numpy: the validator checks a lesson's ``expect_coincident``
and its tests' ``mistake`` against them as the file loads, which ``gdtutor LESSON`` does before its first
paint on a first start (no lesson cache yet)."""

from __future__ import annotations

import functools

from gdtutor.checking.mistakes import MISTAKES
from gdtutor.lessons.model import SCALING_ASKS, NumberStep, Step

# What a learner who scales a feature by hand most often gets wrong, told without the value.
OTHER_DIVISOR = "other-divisor"
MEAN_NOT_SUBTRACTED = "mean-not-subtracted"
SCALING_MISTAKES = (OTHER_DIVISOR, MEAN_NOT_SUBTRACTED)


def known_mistakes(step: Step) -> frozenset[str]:
    """Mistake ids a test of ``step`` may name: the library's, the scaling questions' and the step's own."""
    scaling = SCALING_MISTAKES if isinstance(step, NumberStep) and step.ask in SCALING_ASKS else ()
    return library_ids() | frozenset(scaling) | {mistake.id for mistake in step.mistakes}


@functools.cache
def library_ids() -> frozenset[str]:
    """The ids of the mistake library's mistakes."""
    return frozenset(MISTAKES)
