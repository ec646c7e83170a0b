"""TeX-lite to Unicode: the ``$…$`` math in lesson text, readable in any terminal and by screen readers.

Only the little TeX a lesson about gradient descent needs: Greek letters, ∂ Σ · ∇, ``\\frac{a}{b}`` as a/b,
``\\sqrt``, sub- and superscripts (``x^{(i)}`` -> x⁽ⁱ⁾, ``\\theta_1^2`` -> θ₁²), ``\\text{…}``, accents
(``\\hat{y}`` -> ŷ). An unknown command keeps its name without the backslash, so nothing a teacher writes
is lost.

Spacing follows TeX's idea, not the source's layout: runs of spaces and line breaks are one space, ``\\quad``
and ``\\\\`` are a wider gap, an operator or relation has a space on both sides or on neither, and a
fraction is set apart from what follows it (``\\frac{2}{m}\\sum`` -> 2/m Σ, never 2/mΣ). A subscript that
Unicode has no character for keeps its underscore: ``h_\\theta(x)`` -> h_θ(x), the way the article writes it
(docs/architecture.md, "Sources"), and ``\\min_\\theta`` reads as "min over θ".
"""

from __future__ import annotations

import functools
import re
import unicodedata

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
    "iota": "ι",
    "kappa": "κ",
    "nu": "ν",
    "xi": "ξ",
    "rho": "ρ",
    "upsilon": "υ",
    "varphi": "φ",
    "chi": "χ",
    "psi": "ψ",
    "zeta": "ζ",
    "vartheta": "ϑ",
    "Gamma": "Γ",
    "Lambda": "Λ",
    "Pi": "Π",
    "Phi": "Φ",
    "Psi": "Ψ",
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
    "log": "log",
    "ln": "ln",
    "exp": "exp",
    "sin": "sin",
    "cos": "cos",
    "tan": "tan",
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
}
# Accents, as the combining mark put over a one-character argument (composed where Unicode has it: ŷ).
ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0304", "tilde": "\u0303"}
# Operators and relations: spaced on both sides, or on neither, as the author spaced the side before.
SPACED = {"cdot", "times", "pm", "div", "le", "leq", "ge", "geq", "ne", "neq", "approx", "equiv", "to",
          "rightarrow", "leftarrow", "Rightarrow", "mapsto", "in"}  # fmt: skip
# Wide gaps: kept through the collapsing of spaces as placeholders, then written as spaces.
GAPS = {"quad": "\ue000", "qquad": "\ue001", "\\": "\ue000"}
NO_BREAK_SPACE = "\u00a0"
# The language of the fenced block a display formula ($$…$$) becomes in prose (prose_to_unicode).
DISPLAY_MATH = "math"
# Operators over a set, whose subscript says what varies: \min_\theta J -> min over θ J.
LIMIT_OPERATORS = {"min", "max", "argmin", "argmax"}
# Every command the renderer knows; any other shows as its bare name (validate warns about it).
KNOWN_COMMANDS = frozenset(
    {
        *SYMBOLS,
        *TEXT_COMMANDS,
        *ACCENTS,
        *GAPS,
        *LIMIT_OPERATORS,
        "frac",
        "dfrac",
        "tfrac",
        "sqrt",
        "left",
        "right",
    }
)

SUPERSCRIPTS = dict(
    zip("0123456789+-=()niahjklmoprstuvwxyz−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻ⁻", strict=True)
)
SUBSCRIPTS = dict(zip("0123456789+-=()aehijklmnoprstuvx−", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ₋", strict=True))

# The math in a text: $$…$$ or $…$.
# A dollar sign written \$ is a dollar, not the edge of the math.
MATH_SPANS = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<!\\)\$(.+?)(?<!\\)\$", re.DOTALL)
_PIECES = re.compile(MATH_SPANS.pattern + r"|\\\$", re.DOTALL)


def to_unicode(text: str) -> str:
    """Replace each ``$…$`` (or ``$$…$$``) in ``text`` by its Unicode rendering, and each ``\\$`` outside
    them by a dollar sign; other text is unchanged."""
    return _PIECES.sub(_piece, text)


def _piece(match: re.Match[str]) -> str:
    if match.group(1) is None and match.group(2) is None:
        return "$"  # \$: a literal dollar sign
    return math_to_unicode(match.group(1) or match.group(2))


def prose_to_unicode(text: str) -> str:
    """Lesson prose (Markdown) with its math in Unicode, set as a reader expects it: each ``$$…$$`` is a
    block of its own, a fenced block tagged ``math`` (one line per ``\\\\``), which front-ends put on lines
    of their own (the app centres them); in inline math a ``\\quad`` is made of no-break spaces, which
    Markdown does not collapse into one."""
    pieces: list[str] = []
    last = 0
    for match in MATH_SPANS.finditer(text):
        pieces.append(text[last : match.start()])
        last = match.end()
        if match.group(2) is not None:
            pieces.append(math_to_unicode(match.group(2), gap=NO_BREAK_SPACE))
            continue
        lines = [math_to_unicode(line) for line in match.group(1).split("\\\\")]
        opening = "" if match.start() == 0 or text[match.start() - 1] == "\n" else "\n"
        closing = "" if last == len(text) or text[last] == "\n" else "\n"
        body = "\n".join(line for line in lines if line)
        pieces.append(f"{opening}```{DISPLAY_MATH}\n{body}\n```{closing}")
    pieces.append(text[last:])
    return "".join(pieces)


_SPACES = re.compile(r"\s+")
_AROUND_GAPS = re.compile(r" ?([\ue000\ue001]) ?")
_COMMAND_NAME = re.compile(r"[A-Za-z]+|.")


@functools.lru_cache(maxsize=1024)
def math_to_unicode(tex: str, gap: str = " ") -> str:
    """The Unicode rendering of one TeX-lite math expression (without the dollars); ``gap`` is the space
    a ``\\quad`` is made of. Kept per expression: a lesson writes the same few ($\\theta$, $\\alpha$,
    $J(\\theta)$) in prompt after prompt, and each step's prose is worked out as the learner enters it."""
    text = _SPACES.sub(" ", _Reader(tex).sequence(stop=None))
    text = _AROUND_GAPS.sub(r"\1", text).strip()
    gaps: dict[str, str | int | None] = {"\ue000": gap * 2, "\ue001": gap * 4}
    return text.translate(str.maketrans(gaps))


class _Reader:
    def __init__(self, tex: str) -> None:
        self.tex = tex
        self.at = 0
        self.out: list[str] = []
        self.fraction = False  # the atom just read was a fraction

    def sequence(self, stop: str | None) -> str:
        outer, self.out = self.out, []
        apart = False  # the last piece was a fraction: keep what follows from running into it
        while self.at < len(self.tex):
            char = self.tex[self.at]
            if char == stop:
                self.at += 1
                break
            if char in "^_":
                self.at += 1
                self.out.append(_script(self.atom(), SUPERSCRIPTS if char == "^" else SUBSCRIPTS, char))
                apart = False
                continue
            self.fraction = False
            piece = self.atom()
            if apart and (piece[:1].isalnum() or piece[:1] in "ΣΠ∏∑∂∇√("):
                self.out.append(" ")
            apart = self.fraction
            self.out.append(piece)
        text, self.out = "".join(self.out), outer
        return text

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
        match = _COMMAND_NAME.match(self.tex, self.at)
        if match is None:
            return ""
        name = match.group(0)
        self.at = match.end()
        if name in ("frac", "dfrac", "tfrac"):
            numerator, denominator = self.argument(), self.argument()
            self.fraction = True
            return f"{_group(numerator, False)}/{_group(denominator, True)}"
        if name == "sqrt":
            return "√" + _group(self.argument(), True)
        if name in TEXT_COMMANDS:
            return self.argument()
        if name in ACCENTS:
            return _accented(self.argument(), ACCENTS[name])
        if name in GAPS:
            return GAPS[name]
        if name in ("left", "right"):
            return self.delimiter(opening=name == "left")
        if name in LIMIT_OPERATORS:
            return self.limit_operator(name)
        if name in SPACED:
            return self.spaced(SYMBOLS[name])
        if name in ("partial", "nabla"):
            # An operator binds to the name after it: \partial \theta reads as ∂θ.
            self.skip_spaces()
        if name in SYMBOLS:
            word = SYMBOLS[name]
            # A word-like operator (log) needs a space before what follows it.
            return word + " " if word.isalpha() and word.isascii() and self._next_is_word() else word
        return name

    def argument(self) -> str:
        self.skip_spaces()
        return self.atom()

    def skip_spaces(self) -> bool:
        """Move past spaces and line breaks; whether there were any."""
        start = self.at
        while self.at < len(self.tex) and self.tex[self.at].isspace():
            self.at += 1
        return self.at > start

    def spaced(self, symbol: str) -> str:
        """The author's space before the operator puts one on both sides (the space after it only ends
        the command's name: ``a\\cdot b`` is a·b)."""
        self.skip_spaces()
        if self.out and self.out[-1][-1:].isspace():
            self.out[-1] = self.out[-1].rstrip()
            return f" {symbol} "
        return symbol

    def delimiter(self, opening: bool) -> str:
        """``\\left(`` and ``\\right)``: the delimiter hugs what it encloses (``\\left.`` shows nothing)."""
        self.skip_spaces()
        char = self.atom()
        char = "" if char == "." else char
        if opening:
            self.skip_spaces()
        elif self.out:
            self.out[-1] = self.out[-1].rstrip()
        return char

    def limit_operator(self, name: str) -> str:
        self.skip_spaces()
        if not self.tex.startswith("_", self.at):
            return name + " " if self._next_is_word() else name
        self.at += 1
        over = self.argument().strip()
        if re.search(r"[\s,]", over):
            over = f"({over})"
        return f"{name} over {over} "

    def _next_is_word(self) -> bool:
        rest = self.tex[self.at :]
        return bool(rest) and (rest[0].isalnum() or rest[0] == "\\")


def _accented(text: str, mark: str) -> str:
    """One character with the accent over it (ŷ, x̂); longer text keeps the accent after it."""
    return unicodedata.normalize("NFC", text + mark) if len(text) == 1 else text + mark


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
