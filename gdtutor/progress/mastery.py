"""Bayesian Knowledge Tracing (Corbett & Anderson, 1995): how likely it is that a learner knows a skill.

Each skill is a hidden two-state variable, known or not known, with four parameters:

- ``p_init`` (P(L0)): the chance the learner knows the skill before their first try. Default 0.2.
- ``p_transit`` (P(T)): the chance of learning the skill at one practice opportunity. Default 0.15.
- ``p_slip`` (P(S)): the chance of answering wrongly although the skill is known. Default 0.1.
- ``p_guess`` (P(G)): the chance of answering rightly although the skill is not known. Default 0.2.

The defaults sit in the usual range of fitted BKT models (slip and guess well below 0.5, so that a right
answer is evidence of knowing). A lesson may override any of them per skill: ``ProgressStore.use_lesson``
reads ``lesson.bkt``, a mapping of skill id -> {parameter name: value} (in a lesson file, a top-level ``bkt:
{update-rule: {p_slip: 0.05}}``).

Only a step's first attempt is evidence: later attempts come after feedback and would be counted as learning
that the tutor itself just gave away. A first attempt is right when its verdict is ``correct`` or ``almost``
(right but rounded too coarsely: the skill is there), and wrong when it is ``wrong``, or right after a hint
was shown (as in the Cognitive Tutors, asking for help counts as not knowing yet). An answer that could not be
read is no evidence.

With P(L) the current estimate, the update is Bayes' rule on the observation, then the chance to learn::

    right:  P(L | right) = P(L)(1 - S) / (P(L)(1 - S) + (1 - P(L)) G)
    wrong:  P(L | wrong) = P(L) S / (P(L) S + (1 - P(L))(1 - G))
    next:   P(L') = P(L | obs) + (1 - P(L | obs)) T

A skill counts as mastered at P(L) >= 0.95, the threshold the Cognitive Tutors used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from gdtutor.errors import GdtutorError
from gdtutor.lessons.bkt import BKT_DEFAULTS

MASTERY_THRESHOLD = 0.95
RIGHT_VERDICTS = frozenset({"correct", "almost"})
WRONG_VERDICTS = frozenset({"wrong"})


@dataclass(frozen=True)
class BKTParams:
    p_init: float = BKT_DEFAULTS["p_init"]
    p_transit: float = BKT_DEFAULTS["p_transit"]
    p_slip: float = BKT_DEFAULTS["p_slip"]
    p_guess: float = BKT_DEFAULTS["p_guess"]

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                raise GdtutorError(f"BKT parameter {field.name} must be a number from 0 to 1, got {value!r}")
        if self.p_slip + self.p_guess >= 1.0:
            raise GdtutorError(
                f"BKT parameters p_slip + p_guess must be below 1 (got {self.p_slip} + {self.p_guess}): "
                "otherwise a right answer would be evidence of not knowing"
            )

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, object], base: BKTParams | None = None) -> BKTParams:
        """``base`` (default: the defaults) with the keys of ``mapping`` overridden; unknown keys refused."""
        known = {field.name for field in fields(cls)}
        unknown = sorted(set(mapping) - known)
        if unknown:
            raise GdtutorError(
                f"unknown BKT parameter {unknown[0]!r}: expected one of {', '.join(sorted(known))}"
            )
        start = base or cls()
        numbers: dict[str, float] = {}
        for name in sorted(known):
            value = mapping.get(name, getattr(start, name))
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise GdtutorError(f"the BKT parameter {name!r} must be a number, not {value!r}")
            numbers[name] = float(value)
        return cls(**numbers)


DEFAULT_PARAMS = BKTParams()


def observation(verdict: str, hints_used: int) -> bool | None:
    """True for a right first attempt, False for a wrong one, None when the attempt is no evidence."""
    if verdict in RIGHT_VERDICTS:
        return hints_used == 0
    if verdict in WRONG_VERDICTS:
        return False
    return None


def likelihoods(right: bool, params: BKTParams) -> tuple[float, float]:
    """The chance of the observation when the skill is known, and when it is not."""
    if right:
        return 1.0 - params.p_slip, params.p_guess
    return params.p_slip, 1.0 - params.p_guess


def posterior(p_known: float, right: bool, params: BKTParams) -> float:
    """P(known | the observation), by Bayes' rule."""
    if_known, if_unknown = likelihoods(right, params)
    evidence_known = p_known * if_known
    evidence_unknown = (1.0 - p_known) * if_unknown
    total = evidence_known + evidence_unknown
    return p_known if total == 0.0 else evidence_known / total


def update(p_known: float, right: bool, params: BKTParams = DEFAULT_PARAMS) -> float:
    """The estimate after one observed first attempt: the posterior, then the chance of learning from it."""
    known = posterior(p_known, right, params)
    return known + (1.0 - known) * params.p_transit


def is_mastered(p_known: float) -> bool:
    return p_known >= MASTERY_THRESHOLD
