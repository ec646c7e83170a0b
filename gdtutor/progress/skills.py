"""Skills as a learner reads them: "the one-half MSE", not the id ``half-mse`` that lesson files use."""

from __future__ import annotations

SKILL_NAMES = {
    "averaging": "averaging over the examples",
    "chain-rule": "the chain rule",
    "convergence": "convergence",
    "half-mse": "the one-half MSE",
    "iterate-descent": "descent by hand",
    "learning-rate": "the learning rate",
    "mse-cost": "the MSE cost",
    "mse-gradient": "the MSE gradient",
    "notation": "the notation",
    "partial-derivative": "partial derivatives",
    "power-rule": "the power rule",
    "simultaneous-update": "the simultaneous update",
    "stochastic-descent": "stochastic descent",
    "sum-notation": "Σ notation",
    "update-rule": "the update rule",
}

MASTERY_MEANS = (
    "Mastery is how sure the tutor is that you know a skill, from your first try at each question on it (a "
    "hint before it counts as a miss); at 95% the skill is mastered. Right first tries raise it, and "
    "practice gives you more of them."
)


def skill_name(skill: str) -> str:
    """The words for a skill id; a lesson's own skill reads as its id with spaces ("my-skill": "my skill")."""
    return SKILL_NAMES.get(skill, skill.replace("-", " "))
