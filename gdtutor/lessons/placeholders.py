"""Numbers of the step's own problem in its prose: ``start at θ = {theta}`` shows this learner's draw.

A placeholder is a name in braces outside ``$…$`` math (braces inside math are TeX's). The names are the
step's parameters (where descent starts), ``alpha``, ``iterations`` and, for a step that gives an input
``x``, ``x`` (or ``x1``, ``x2`` … for several features). They are filled in before the math is turned into
Unicode, with numbers gdtutor formats itself, so a filled prompt holds nothing an author did not write but
digits, a point, a minus sign and an exponent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from gdtutor.checking.symbols import show
from gdtutor.lessons.mathtext import MATH_SPANS
from gdtutor.lessons.model import NumberStep, ProblemSpec, Step, drawn

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def placeholders(text: str) -> Iterator[re.Match[str]]:
    """Every ``{name}`` of ``text`` outside math, in order."""
    spans = [match.span() for match in MATH_SPANS.finditer(text)]
    for match in PLACEHOLDER.finditer(text):
        if not any(start <= match.start() < end for start, end in spans):
            yield match


def placeholders_in_math(text: str, names: Iterable[str]) -> Iterator[re.Match[str]]:
    """Every ``{name}`` of one of ``names`` inside math that TeX reads as a bare group, not as a command's
    argument or a script (``\\frac{x}{m}``, ``x^{x}`` are TeX): most likely a placeholder written where it is
    never filled."""
    wanted = set(names)
    for span in MATH_SPANS.finditer(text):
        for match in PLACEHOLDER.finditer(text, span.start(), span.end()):
            before = text[span.start() : match.start()].rstrip()
            if match.group(1) in wanted and not re.search(r"(\\[A-Za-z]+|[\^_}])$", before):
                yield match


def names_for(problem: ProblemSpec, step: Step) -> tuple[str, ...]:
    """The placeholders a step's prose may use, in the order a message lists them."""
    names = [*problem.params, "alpha", "iterations"]
    if isinstance(step, NumberStep) and step.x:
        names += ["x"] if len(step.x) == 1 else [f"x{j}" for j in range(1, len(step.x) + 1)]
    return tuple(names)


def values_for(problem: ProblemSpec, step: Step) -> dict[str, str]:
    """Each placeholder's text for an instantiated problem (every draw made)."""
    values = {name: show(drawn(problem.start[name])) for name in problem.params}
    values["alpha"] = show(drawn(problem.alpha))
    values["iterations"] = str(problem.iterations)
    if isinstance(step, NumberStep) and step.x:
        inputs = [show(drawn(value)) for value in step.x]
        names = ["x"] if len(inputs) == 1 else [f"x{j}" for j in range(1, len(inputs) + 1)]
        values.update(zip(names, inputs, strict=True))
    return values


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each known placeholder outside math replaced by its value; anything else unchanged."""
    pieces, at = [], 0
    for match in placeholders(text):
        if match.group(1) in values:
            pieces += [text[at : match.start()], values[match.group(1)]]
            at = match.end()
    return "".join(pieces) + text[at:]
