"""The mistake library: the known ways a gradient-descent answer goes wrong.

The ids are a contract (lesson files refer to them). ``LIBRARY`` lists them from the most fundamental to the
most specific: when two mistakes give the same wrong value, the checker reports the first and mentions the
other. Each mistake has a short ``title`` (completes "Not quite: …"), a general ``explanation``, and
``templates``: explanations tailored to one step of descent, filled in with that step's numbers by
``gd_questions`` (fields: sym, d, theta, alpha, grad, step, expected, value, start, wrong_grad, m, updated,
old, why, k, k_before, k_after, prev; grad_f and step_f are grad and step written as factors: negative ones in
parentheses). A template names the mistake and the principle and never states the expected value: the
answer is the hint ladder's last rung and the worked solution's job (or a lesson's ``feedback: show_value``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


@dataclass(frozen=True)
class Mistake:
    id: str
    title: str
    explanation: str
    templates: dict[str, str] = field(default_factory=dict)

    def explain(self, variant: str, **numbers: Any) -> str:
        """The explanation tailored by ``templates[variant]``, or the general one without that variant."""
        template = self.templates.get(variant)
        return template.format(**numbers) if template else self.explanation


class Mistaken(NamedTuple):
    """A wrong value one mistake leads to, with the explanation to give when the learner's answer matches it.

    Lessons add their own with any id they like; ``explanation`` None means the library's general one.
    """

    id: str
    value: Any
    explanation: str | None = None


_UPDATE = "{sym} := {sym} − α·{d}"

LIBRARY: tuple[Mistake, ...] = (
    Mistake(
        "uphill",
        "you added the step instead of subtracting it",
        "Gradient descent steps against the gradient: θ := θ − α·∂J/∂θ. Adding it climbs uphill.",
        {
            "theta": "You added the step α·{d} to {sym} = {theta} and got {value}; descent subtracts it: "
            + _UPDATE
            + ".",
            "rule": "The update subtracts α times the derivative: θ := θ − α·∂J/∂θ; your rule adds it.",
        },
    ),
    Mistake(
        "step-sign",
        "the step keeps the derivative's own sign",
        "The step is α times the derivative, sign and all; the minus belongs to the update θ := θ − α·∂J/∂θ.",
        {
            "step": "The step α·{d} has the sign of {d} = {grad}; the minus sign is the update's, "
            + _UPDATE
            + ", which takes the step away.",
        },
    ),
    Mistake(
        "no-alpha",
        "the learning rate α is missing",
        "The step is the derivative times the learning rate: α·∂J/∂θ.",
        {
            "theta": "You subtracted {d} = {grad} itself; the step is that derivative scaled by the learning "
            "rate α = {alpha}: " + _UPDATE + ".",
            "step": "You gave {d} = {grad}; the step is the derivative scaled by the learning rate "
            "α = {alpha}.",
        },
    ),
    Mistake(
        "step-not-theta",
        "that is the update amount, not the new θ",
        "The question asks for the new θ: the old θ minus the step α·∂J/∂θ.",
        {
            "step": "{value} is the step α·{d}; the new {sym} is the old {sym} = {theta} minus that step.",
            "gradient": "{value} is the derivative {d}; scale it by α to get the step, then take the step "
            "off the old {sym} = {theta}.",
        },
    ),
    Mistake(
        "off-by-one",
        "that is one iteration too early or too late",
        "Count the updates: θ after k updates comes from θ after k − 1 updates by exactly one step.",
        {
            "before": "{value} is {sym} before this update; the answer is one update further: "
            + _UPDATE
            + ".",
            "after": "{value} is {sym} after one update too many; stop one update earlier.",
            "earlier": "{value} is the value one iteration earlier; work it out at the current θ = {theta}.",
            "later": "{value} is the value one iteration later; work it out at the current θ = {theta}.",
            "before-k": "{value} is {sym} at iteration {k_before}; iteration {k} is one update after it.",
            "after-k": "{value} is {sym} at iteration {k_after}, one update too many; iteration {k} is one "
            "update before it.",
            "earlier-k": "{value} is the value at iteration {k_before}; work it out at iteration {k}, where "
            "θ = {theta}.",
            "later-k": "{value} is the value at iteration {k_after}; work it out at iteration {k}, where "
            "θ = {theta}.",
        },
    ),
    Mistake(
        "stale-theta",
        "you used an earlier θ instead of the current one",
        "Each update starts from the θ the previous update produced, and takes the derivative there, not at "
        "an earlier θ.",
        {
            "start-step": "You subtracted the step from the starting {sym} = {start}; it comes off the "
            "current {sym} = {theta}.",
            "start-again": "You repeated the first update from {sym} = {start}; this update starts from "
            "the current {sym} = {theta}, and its derivative is taken there too.",
            "at-start": "{value} is the value at the starting θ = {start}; work it out at the current "
            "θ = {theta}.",
            "old-gradient": "You took {d} at the earlier {sym} = {prev}; the update uses the derivative "
            "at the {sym} it updates, {theta}: " + _UPDATE + ".",
            "start-gradient": "You took {d} at the starting {sym} = {start}; the update uses the "
            "derivative at the {sym} it updates, {theta}: " + _UPDATE + ".",
        },
    ),
    Mistake(
        "sequential-update",
        "you used an already-updated θ for the next parameter",
        "All parameters update together: every partial derivative uses the old θ, and only then do the new "
        "values replace the old ones.",
        {
            "theta": "You computed {sym} with the new {updated}; the update is simultaneous, so {d} uses "
            "the old θ = {old}.",
            "partial": "You evaluated {d} with the new {updated}; every partial uses the old θ = {old}.",
        },
    ),
    Mistake(
        "sign-of-error",
        "you used y − h where h − y belongs",
        "The error in the gradient is h(x) − y: prediction minus target. Writing y − h flips the sign "
        "unless the minus is carried out front.",
        {
            "theta": "With (y − h) instead of (h − y), {d} comes out as {wrong_grad}, with the wrong sign; "
            "each error is prediction minus target.",
            "partial": "With (y − h) instead of (h − y), every error has the wrong sign; each error is "
            "prediction minus target.",
        },
    ),
    Mistake(
        "missing-mean",
        "the division by m is missing",
        "The cost is an average over the m examples, so its gradient is one too: divide the sum by m.",
        {
            "theta": "Without dividing by m = {m}, {d} comes out as {wrong_grad}; the gradient of an average "
            "is an average too, so divide the sum by m.",
            "partial": "That is the sum over the m = {m} examples; the cost is an average, so its gradient "
            "divides the sum by m.",
        },
    ),
    Mistake(
        "factor-two",
        "a factor of 2 is off",
        "Check where a 2 comes in or goes out: differentiating a square brings one down in front, and a "
        "cost with a ½ in front cancels it.",
        {
            "theta": "Your {d} is {wrong_grad}, off by a factor of 2 ({why}).",
            "partial": "That is off by a factor of 2 ({why}).",
        },
    ),
    Mistake(
        "missing-x",
        "each error needs its own x⁽ⁱ⁾ factor (chain rule)",
        "By the chain rule, ∂/∂θ₁ of (h − y)² brings out ∂h/∂θ₁ = x⁽ⁱ⁾: each error is multiplied by its x.",
        {
            "theta": "Without the x⁽ⁱ⁾ factor, {d} comes out as {wrong_grad} (chain rule: ∂h/∂θⱼ = xⱼ, so "
            "each error is multiplied by its x).",
            "partial": "Each (h − y) must be multiplied by its x⁽ⁱ⁾ before the sum (chain rule).",
        },
    ),
    Mistake(
        "rounding",
        "right value, rounded too coarsely",
        "Keep the digits the question asks for; round only at the end.",
    ),
)

MISTAKES: dict[str, Mistake] = {mistake.id: mistake for mistake in LIBRARY}
PRIORITY: dict[str, int] = {mistake.id: rank for rank, mistake in enumerate(LIBRARY)}
