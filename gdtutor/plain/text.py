"""Text from lesson files and learners, made safe to print: no control characters reach the terminal.

Escape sequences (ANSI colours, cursor movement, terminal title changes) and other control characters are
shown as visible escapes (``\\x1b``), so a lesson file or an answer can never drive the terminal.
"""

from __future__ import annotations

import unicodedata

from gdtutor.checking.plaintext import escape_controls as clean_line

# For terminals that cannot show Unicode (an ASCII locale, an old serial console): the maths spelled out.
_ASCII = {
    "θ": "theta", "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "eps", "η": "eta",
    "λ": "lambda",
    "μ": "mu", "π": "pi", "σ": "sigma", "Δ": "Delta", "Σ": "sum", "∑": "sum", "∂": "d", "∇": "grad",
    "·": "*", "×": "x", "−": "-", "–": "-", "—": "-", "÷": "/", "±": "+/-", "√": "sqrt", "∞": "inf",
    "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~=", "≡": "==", "→": "->", "←": "<-", "⇒": "=>", "↦": "|->",
    "∈": " in ", "…": "...", "⋯": "...", "′": "'", "‘": "'", "’": "'", "“": '"', "”": '"', "ŷ": "y^",
    "\u00a0": " ", "\u0302": "^", "\u0303": "~", "\u0304": "-bar",
}  # fmt: skip
_SUPERSCRIPTS = dict(
    zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻ", "0123456789+-=()niahjklmoprstuvwxyz", strict=True)
)
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", "0123456789+-=()aehijklmnoprstuvx", strict=True))


def can_show(encoding: str | None, sample: str = "θ₁²−·") -> bool:
    """Whether a stream in ``encoding`` can carry gdtutor's Unicode maths (None: an in-memory text stream)."""
    if encoding is None:
        return True
    try:
        sample.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def to_ascii(text: str) -> str:
    """``text`` in ASCII: θ₁² -> theta1^2, x⁽ⁱ⁾ -> x^(i), ∂J/∂θ₀ -> dJ/dtheta0; anything unknown -> ?."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        for table, marker in ((_SUPERSCRIPTS, "^"), (_SUBSCRIPTS, "_")):
            if char in table:
                end = index
                while end < len(text) and text[end] in table:
                    end += 1
                run = "".join(table[c] for c in text[index:end])
                if marker == "_" and run.isdigit():
                    out.append(run)  # θ₁ is theta1, the name a learner types
                elif len(run) == 1 or run.startswith("("):
                    out.append(marker + run)
                else:
                    out.append(f"{marker}({run})")
                index = end
                break
        else:
            if char.isascii():
                out.append(char)
            elif char in _ASCII:
                out.append(_ASCII[char])
            else:
                plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
                out.append(plain or "?")
            index += 1
    return "".join(out)


def printable_for(stream: object, text: str) -> str:
    """``text`` made safe for ``stream``: control characters escaped, and spelled in ASCII if it must be."""
    line = clean_line(text)
    return line if can_show(getattr(stream, "encoding", None)) else to_ascii(line)
