"""One handler per step kind, and the registry the tutor finds them in.

Each module holds everything the engine knows about its kind: what is asked and how it is worded, how an
answer or a reveal changes the step's state, and what its view shows besides the prompt. docs/architecture.md
("Adding a step kind") lists what else a new kind touches.
"""

from __future__ import annotations

from gdtutor.engine.steps.base import AnyKind, StepKind, StepState, Work
from gdtutor.engine.steps.choice import Choice
from gdtutor.engine.steps.derivation import Derivation
from gdtutor.engine.steps.explore import Explore
from gdtutor.engine.steps.formula import Formula
from gdtutor.engine.steps.iterate import Iterate
from gdtutor.engine.steps.number import Number
from gdtutor.engine.steps.read import Read
from gdtutor.lessons.model import Step

KINDS: dict[str, AnyKind] = {}


def register(handler: AnyKind) -> AnyKind:
    """Make ``handler`` the one for its ``kind`` (a kind registered again is replaced)."""
    KINDS[handler.kind] = handler
    return handler


def handler_for(step: Step) -> AnyKind:
    try:
        return KINDS[step.kind]
    except KeyError:
        raise TypeError(f"no step handler is registered for {step.kind!r} steps") from None


for _handler in (Read(), Number(), Formula(), Iterate(), Choice(), Explore(), Derivation()):
    register(_handler)

__all__ = ["KINDS", "StepKind", "StepState", "Work", "handler_for", "register"]
