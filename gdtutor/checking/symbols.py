"""Names and numbers as a learner reads them: theta1 -> θ₁, -0.5 -> −0.5, a vector -> (2.4, −1)."""

from __future__ import annotations

from collections.abc import Iterable

from gdtutor.core.labels import partial_label, unicode_name

# What a whole answer about a step of descent is, when it has one number per parameter.
QUANTITIES = {"theta": "θ", "step": "α·∇J", "gradient": "∇J"}


def join_names(names: Iterable[str] | None) -> str:
    """``("theta0", "theta1", "theta2")`` -> ``θ₀, θ₁ and θ₂``."""
    return join_words(unicode_name(name) for name in names or ())


def join_words(words: Iterable[str]) -> str:
    """``("a", "b", "c")`` -> ``a, b and c``."""
    shown = list(words)
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def component_label(asked: str, name: str) -> str:
    """What one number of an answer holds: θ₀ for θ, ∂J/∂θ₀ for the gradient, α·∂J/∂θ₀ for the step."""
    if asked == "gradient":
        return partial_label(name)
    if asked == "step":
        return f"α·{partial_label(name)}"
    return unicode_name(name)


def several_numbers(asked: str, names: Iterable[str]) -> str:
    """How to give an answer with one number per parameter: ``∇J as 2 numbers: ∂J/∂θ₀ and ∂J/∂θ₁``."""
    labels = [component_label(asked, name) for name in names]
    return f"{QUANTITIES[asked]} as {len(labels)} numbers: {join_words(labels)}"


def show(value: float | Iterable[float], digits: int = 6, *, unicode: bool = True) -> str:
    """A number to ``digits`` significant figures without trailing zeros; a vector in ( ).

    The one way a number is written for reading: prose, worked solutions, table cells, ``gdtutor solve``.
    ``unicode=False`` keeps the ASCII minus, for text a learner may copy into an answer or a script may parse.
    """
    if isinstance(value, (int, float)) or getattr(value, "ndim", None) == 0:
        number = float(value)  # type: ignore[arg-type]
        return signed(f"{number:.{digits}g}", unicode)
    return "(" + ", ".join(show(component, digits, unicode=unicode) for component in value) + ")"


def signed(text: str, unicode: bool = True) -> str:
    """A formatted number's sign as it should read: none on a zero ("-0" and "-0.000" read "0" and "0.000",
    so a cell never shows −0 where another shows 0), and U+2212 for a minus when ``unicode``."""
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace("-", "−") if unicode else text


def show_factor(value: float | Iterable[float]) -> str:
    """A number as a factor or term: negative ones in parentheses, so ``2·(−3)``, not ``2·−3``."""
    text = show(value)
    return f"({text})" if text.startswith("−") else text
