"""The mistake library: the known ways a gradient-descent answer goes wrong.

The ids are a contract (lesson files refer to them). ``LIBRARY`` lists them from the most fundamental to the
most specific: when two mistakes give the same wrong value, the checker reports the first and mentions the
other. Each mistake has a short ``title`` (completes "Not quite: …"), a general ``explanation``, and
``templates``: explanations tailored to one step of descent, filled in with that step's numbers by
``gd_questions`` (fields: sym, d, theta, alpha, grad, step, expected, value, start, wrong_grad, m, updated,
old, why, k, k_before, k_after; grad_f and step_f are grad and step written as factors: negative ones in
parentheses).
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


_STEP_AGAIN = "{sym} := {theta} − {step_f} = {expected}"

LIBRARY: tuple[Mistake, ...] = (
    Mistake(
        "uphill",
        "you added the step instead of subtracting it",
        "Gradient descent steps against the gradient: θ := θ − α·∂J/∂θ. Adding it climbs uphill.",
        {
            "theta": "You added α·{d} = {step} to {sym} = {theta}, giving {value}; the update subtracts it: "
            + _STEP_AGAIN
            + ".",
            "rule": "The update subtracts α times the derivative: θ := θ − α·∂J/∂θ; your rule adds it.",
        },
    ),
    Mistake(
        "no-alpha",
        "the learning rate α is missing",
        "The step is the derivative times the learning rate: α·∂J/∂θ.",
        {
            "theta": "You subtracted {d} = {grad} itself; the step is α·{d} = {alpha} · {grad_f} = {step}: "
            + _STEP_AGAIN
            + ".",
            "step": "You gave {d} = {grad}; the step is α times it: {alpha} · {grad_f} = {step}.",
        },
    ),
    Mistake(
        "step-not-theta",
        "that is the update amount, not the new θ",
        "The question asks for the new θ: the old θ minus the step α·∂J/∂θ.",
        {
            "step": "{value} is the step α·{d}; the new {sym} is the old one minus it: " + _STEP_AGAIN + ".",
            "gradient": "{value} is the derivative {d}; the new {sym} is {theta} − α·{grad_f} = "
            "{theta} − {step_f} = {expected}.",
        },
    ),
    Mistake(
        "off-by-one",
        "that is one iteration too early or too late",
        "Count the updates: θ after k updates comes from θ after k − 1 updates by exactly one step.",
        {
            "before": "{value} is {sym} before this update; one update gives {theta} − {step_f} = "
            "{expected}.",
            "after": "{value} is {sym} after one update too many; this update gives {theta} − {step_f} = "
            "{expected}.",
            "earlier": "{value} is the value one iteration earlier; at the current θ = {theta} it is "
            "{expected}.",
            "later": "{value} is the value one iteration later; at the current θ = {theta} it is {expected}.",
            "before-k": "{value} is {sym} at iteration {k_before}; iteration {k} is one update later: "
            "{theta} − {step_f} = {expected}.",
            "after-k": "{value} is {sym} at iteration {k_after}, one update too many; iteration {k} is "
            "{theta} − {step_f} = {expected}.",
            "earlier-k": "{value} is the value at iteration {k_before}; at iteration {k} (θ = {theta}) it is "
            "{expected}.",
            "later-k": "{value} is the value at iteration {k_after}; at iteration {k} (θ = {theta}) it is "
            "{expected}.",
        },
    ),
    Mistake(
        "stale-theta",
        "you started from the initial θ instead of the current one",
        "Each update starts from the θ the previous update produced, not from the starting θ.",
        {
            "start-step": "You subtracted the step from the starting {sym} = {start}; it comes off the "
            "current {sym}: " + _STEP_AGAIN + ".",
            "start-again": "You repeated the first update from {sym} = {start}; this update starts from "
            "the current {sym}: " + _STEP_AGAIN + ".",
            "at-start": "{value} is the value at the starting θ = {start}; at the current θ = {theta} it is "
            "{expected}.",
        },
    ),
    Mistake(
        "sequential-update",
        "you used an already-updated θ for the next parameter",
        "All parameters update together: every partial derivative uses the old θ, and only then do the new "
        "values replace the old ones.",
        {
            "theta": "You computed {sym} with the new {updated}; the update is simultaneous, so {d} uses "
            "the old θ = {old}, and " + _STEP_AGAIN + ".",
            "partial": "You evaluated {d} with the new {updated}; every partial uses the old θ = {old}, "
            "giving {expected}.",
        },
    ),
    Mistake(
        "sign-of-error",
        "you used y − h where h − y belongs",
        "The error in the gradient is h(x) − y: prediction minus target. Writing y − h flips the sign "
        "unless the minus is carried out front.",
        {
            "theta": "With (y − h) instead of (h − y), {d} comes out as {wrong_grad} instead of {grad}; with "
            "(h − y), " + _STEP_AGAIN + ".",
            "partial": "With (y − h) instead of (h − y), {d} comes out as {wrong_grad}; it is {expected}.",
        },
    ),
    Mistake(
        "missing-mean",
        "the division by m is missing",
        "The cost is an average over the m examples, so its gradient is one too: divide the sum by m.",
        {
            "theta": "Without dividing by m = {m}, {d} is {wrong_grad} instead of {grad}; with it, "
            + _STEP_AGAIN
            + ".",
            "partial": "That is the sum without dividing by m = {m}; the average is {expected}.",
        },
    ),
    Mistake(
        "factor-two",
        "a factor of 2 is off (the 2 the power rule brings down, or MSE against one-half MSE)",
        "The MSE's derivative brings down a 2 (2/m); the one-half MSE cancels it (1/m). The derivative "
        "of θ² is 2θ, not θ.",
        {
            "theta": "Your {d} is {wrong_grad} instead of {grad} (a factor of 2: {why}); with the right one, "
            + _STEP_AGAIN
            + ".",
            "partial": "That is off by a factor of 2 ({why}); the value is {expected}.",
        },
    ),
    Mistake(
        "missing-x",
        "the x⁽ⁱ⁾ factor is missing (chain rule)",
        "By the chain rule, ∂/∂θ₁ of (h − y)² brings out ∂h/∂θ₁ = x⁽ⁱ⁾: each error is multiplied by its x.",
        {
            "theta": "Without the x⁽ⁱ⁾ factor, {d} is {wrong_grad} instead of {grad} (chain rule: "
            "∂h/∂θⱼ = xⱼ); with it, " + _STEP_AGAIN + ".",
            "partial": "Each (h − y) must be multiplied by its x⁽ⁱ⁾ (chain rule); without it you get "
            "{value}, with it {expected}.",
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
