"""TeX-lite to Unicode: the ``$…$`` math in lesson text, readable in any terminal and by screen readers.

Only the little TeX a lesson about gradient descent needs: Greek letters, ∂ Σ · ∇, ``\\frac{a}{b}`` as a/b,
``\\sqrt``, sub- and superscripts (``x^{(i)}`` -> x⁽ⁱ⁾, ``\\theta_1^2`` -> θ₁²), ``\\text{…}``. An unknown
command keeps its name without the backslash, so nothing a teacher writes is lost.
"""

from __future__ import annotations

import re

SYMBOLS = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "varepsilon": "ε",
    "eta": "η",
    "theta": "θ",
    "lambda": "λ",
    "mu": "μ",
    "pi": "π",
    "sigma": "σ",
    "tau": "τ",
    "phi": "φ",
    "omega": "ω",
    "Delta": "Δ",
    "Sigma": "Σ",
    "Theta": "Θ",
    "Omega": "Ω",
    "partial": "∂",
    "nabla": "∇",
    "sum": "Σ",
    "prod": "∏",
    "infty": "∞",
    "cdot": "·",
    "times": "×",
    "pm": "±",
    "div": "÷",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "ne": "≠",
    "neq": "≠",
    "approx": "≈",
    "equiv": "≡",
    "to": "→",
    "rightarrow": "→",
    "leftarrow": "←",
    "Rightarrow": "⇒",
    "mapsto": "↦",
    "in": "∈",
    "ldots": "…",
    "cdots": "⋯",
    "dots": "…",
    "min": "min",
    "max": "max",
    "log": "log",
    "ln": "ln",
    "exp": "exp",
    "quad": "  ",
    "qquad": "    ",
    ",": " ",
    ";": " ",
    ":": " ",
    "!": "",
    " ": " ",
    "{": "{",
    "}": "}",
    "%": "%",
    "$": "$",
    "_": "_",
    "&": "&",
    "#": "#",
    "left": "",
    "right": "",
    "big": "",
    "Big": "",
    "displaystyle": "",
}
# Commands whose one argument is shown as it is.
TEXT_COMMANDS = {
    "text",
    "mathrm",
    "mathbf",
    "mathit",
    "operatorname",
    "textrm",
    "textbf",
    "boldsymbol",
    "hat",
    "bar",
}

SUPERSCRIPTS = dict(
    zip("0123456789+-=()niahjklmoprstuvwxyz−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻ⁻", strict=True)
)
SUBSCRIPTS = dict(zip("0123456789+-=()aehijklmnoprstuvx−", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ₋", strict=True))

# The math in a text: $$…$$ or $…$.
MATH_SPANS = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)


def to_unicode(text: str) -> str:
    """Replace each ``$…$`` (or ``$$…$$``) in ``text`` by its Unicode rendering; other text is unchanged."""
    return MATH_SPANS.sub(lambda match: math_to_unicode(match.group(1) or match.group(2)), text)


def math_to_unicode(tex: str) -> str:
    """The Unicode rendering of one TeX-lite math expression (without the dollars)."""
    return _Reader(tex).sequence(stop=None).strip()


class _Reader:
    def __init__(self, tex: str) -> None:
        self.tex = tex
        self.at = 0

    def sequence(self, stop: str | None) -> str:
        out: list[str] = []
        while self.at < len(self.tex):
            char = self.tex[self.at]
            if char == stop:
                self.at += 1
                return "".join(out)
            if char in "^_":
                self.at += 1
                out.append(_script(self.atom(), SUPERSCRIPTS if char == "^" else SUBSCRIPTS, char))
            else:
                out.append(self.atom())
        return "".join(out)

    def atom(self) -> str:
        """One unit: a group in braces, a command with its arguments, or one character."""
        if self.at >= len(self.tex):
            return ""
        char = self.tex[self.at]
        self.at += 1
        if char == "{":
            return self.sequence(stop="}")
        if char == "}":
            return ""
        if char == "\\":
            return self.command()
        if char == "-":
            return "−"
        return char

    def command(self) -> str:
        match = re.compile(r"[A-Za-z]+|.").match(self.tex, self.at)
        if match is None:
            return ""
        name = match.group(0)
        self.at = match.end()
        if name in ("frac", "dfrac", "tfrac"):
            numerator, denominator = self.argument(), self.argument()
            return f"{_group(numerator, False)}/{_group(denominator, True)}"
        if name == "sqrt":
            return "√" + _group(self.argument(), True)
        if name in TEXT_COMMANDS:
            return self.argument()
        if name in ("partial", "nabla"):
            # An operator binds to the name after it: \partial \theta reads as ∂θ.
            while self.at < len(self.tex) and self.tex[self.at] == " ":
                self.at += 1
        if name in SYMBOLS:
            word = SYMBOLS[name]
            # A word-like operator (min, log) needs a space before what follows it.
            return word + " " if word.isalpha() and word.isascii() and self._next_is_word() else word
        return name

    def argument(self) -> str:
        while self.at < len(self.tex) and self.tex[self.at] == " ":
            self.at += 1
        return self.atom()

    def _next_is_word(self) -> bool:
        rest = self.tex[self.at :]
        return bool(rest) and (rest[0].isalnum() or rest[0] == "\\")


def _script(text: str, table: dict[str, str], marker: str) -> str:
    if text and all(char in table for char in text):
        return "".join(table[char] for char in text)
    if len(text) == 1:
        return marker + text
    return f"{marker}({text})"


def _group(text: str, denominator: bool) -> str:
    """Parenthesize a fraction part unless it reads as one unit (``m``, ``dθ``, ``∂θ₀``, ``2``)."""
    text = text.strip()
    if re.fullmatch(r"[0-9.]+|[^\s+−\-·/*=]", text):
        return text
    if re.fullmatch(r"[d∂]\S+", text) and not re.search(r"[+−\-·/*=]", text):
        return text
    if not denominator and not re.search(r"[\s+−\-·/*=]", text):
        return text
    return f"({text})"
