"""The course's glossary: each symbol and word the lessons use, with its notation and a plain meaning.

Both front-ends show these same entries (F7 or the palette in the app, ``glossary`` in the plain dialogue),
so a learner who meets x⁽ⁱ⁾ or ∇ in any step can look it up without leaving the step.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GlossaryEntry:
    """``term`` as the lessons write it, its ``name`` in words, a ``usage`` (how it appears in a formula,
    or "" when the term says it all) and its ``meaning`` in plain words."""

    term: str
    name: str
    usage: str
    meaning: str

    def heading(self) -> str:
        """ "h: the hypothesis, h(x) = θ₀ + θ₁x": the line a front-end shows above the meaning."""
        return f"{self.term}: {self.name}" + (f" — {self.usage}" if self.usage else "")


GLOSSARY: tuple[GlossaryEntry, ...] = (
    GlossaryEntry(
        "m",
        "the number of examples",
        "",
        "How many training examples there are: the rows of the data set.",
    ),
    GlossaryEntry(
        "x⁽ⁱ⁾, y⁽ⁱ⁾",
        "example number i",
        "",
        "The input and the right answer of example number i. The (i) in brackets counts examples; "
        "it is not a power.",
    ),
    GlossaryEntry(
        "h",
        "the hypothesis",
        "h(x) = θ₀ + θ₁x",
        "The model's guess for an input x: a straight line whose place is set by θ₀ and θ₁.",
    ),
    GlossaryEntry(
        "θ",
        "theta, the parameters",
        "θ₀, θ₁",
        "The parameters descent adjusts: the numbers it moves, step by step, to make the cost small.",
    ),
    GlossaryEntry(
        "α",
        "alpha, the learning rate",
        "",
        "How big a fraction of the slope each step moves θ. Too small is slow; too "
        "big overshoots and can diverge.",
    ),
    GlossaryEntry(
        "J",
        "the cost",
        "J(θ₀, θ₁)",
        "One number saying how wrong the model is with these θ. Descent walks downhill on it.",
    ),
    GlossaryEntry(
        "∂",
        "partial derivative",
        "∂J/∂θ₀",
        "The slope of J as one parameter changes while the others are held still. With a single "
        "parameter it is the ordinary derivative, written dJ/dθ.",
    ),
    GlossaryEntry(
        "∇",
        "nabla, the gradient",
        "∇J = (∂J/∂θ₀, ∂J/∂θ₁)",
        "All the partial derivatives together. It points uphill, so descent steps against it.",
    ),
    GlossaryEntry(
        "Σ",
        "sigma, add them up",
        "Σᵢ₌₁ᵐ",
        "Add up the expression after it once for each example, i = 1, 2, … m.",
    ),
    GlossaryEntry(
        "MSE",
        "the mean squared error",
        "J = 1/m Σ (h(x⁽ⁱ⁾) − y⁽ⁱ⁾)²",
        "Square each example's error, add the squares, divide by m. Some texts use 1/(2m) so the 2 of "
        "the derivative cancels.",
    ),
    GlossaryEntry(
        "iteration",
        "one update",
        "θₖ after k updates",
        "One update of every θ. Iteration 0 is the start; iteration k is where descent stands after k "
        "updates.",
    ),
)
