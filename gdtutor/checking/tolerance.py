"""When a typed number counts as the expected one: tolerances and the lesson's digits.

A number is right when it lies within ``rtol·|expected|`` or ``atol`` of the expected value (relative by
default, absolute near zero) or, when the lesson asks for ``decimals`` or ``sigfigs``, within half a unit of
the last digit asked for. With ``sigfigs`` everything is relative to the value: ``atol`` only serves an
expected value of exactly 0. So with 3 decimals, 1.229 is right for 1.2288; at an exact tie (1.2285) both
roundings are accepted, and float representation never tips the balance (a little slop is allowed on every
bound). An answer written more coarsely than asked that is still the expected value rounded at its own last
digit (1.23, or 1.2) is "almost": right, but too coarse. A coarse answer needs at least one decimal or two
significant digits and must not be zero, so "2" is not "almost" for 2.4.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Literal

from gdtutor.checking.numbers import Number
from gdtutor.checking.symbols import show, signed
from gdtutor.errors import GdtutorError

Judgement = Literal["correct", "almost", "wrong"]

_RELATIVE_SLOP = 1e-9
_FLOAT_SLOP = 4 * sys.float_info.epsilon


@dataclass(frozen=True)
class NumberRule:
    """How exactly a number must match: ``decimals`` or ``sigfigs`` (at most one), and float tolerances."""

    decimals: int | None = None
    sigfigs: int | None = None
    rtol: float = 1e-6
    atol: float = 1e-9

    def __post_init__(self) -> None:
        if self.decimals is not None and self.sigfigs is not None:
            raise GdtutorError("a number rule takes decimals or significant figures, not both")
        if self.decimals is not None and not 0 <= self.decimals <= 12:
            raise GdtutorError(f"decimals must be between 0 and 12, not {self.decimals}")
        if self.sigfigs is not None and not 1 <= self.sigfigs <= 15:
            raise GdtutorError(f"significant figures must be between 1 and 15, not {self.sigfigs}")
        if not (self.rtol >= 0 and self.atol >= 0 and math.isfinite(self.rtol) and math.isfinite(self.atol)):
            raise GdtutorError("tolerances must be finite and not negative")

    def half_width(self, expected: float) -> float:
        """How far from ``expected`` an answer may lie and still be right (before float slop).

        Significant figures are relative to the value, so no absolute tolerance applies to a non-zero
        expected value: 0 is never right for 6.1e-10 at 3 significant figures. Decimals are absolute: 0 is
        right for 0.0004 at 3 decimals, as 0.0004 rounds to 0.000."""
        if self.sigfigs is not None and expected != 0:
            magnitude = math.floor(math.log10(abs(expected)))
            return max(self.rtol * abs(expected), 0.5 * 10.0 ** (magnitude - self.sigfigs + 1))
        width = max(self.rtol * abs(expected), self.atol)
        if self.decimals is not None:
            width = max(width, 0.5 * 10.0**-self.decimals)
        return width

    def asks_for(self) -> str:
        """The precision asked for, as words: "3 decimals", "4 significant figures", "more digits"."""
        if self.decimals is not None:
            return f"{self.decimals} decimal{'s' if self.decimals != 1 else ''}"
        if self.sigfigs is not None:
            return f"{self.sigfigs} significant figure{'s' if self.sigfigs != 1 else ''}"
        return "more digits"

    def digits(self, value: float) -> int:
        """How many significant figures ``show`` needs to write ``value`` to this rule's precision: at least
        the 6 it reads with, more for 334302.06 at 2 decimals (8) or for 9 significant figures."""
        needed = 6
        if self.sigfigs is not None:
            needed = self.sigfigs
        elif self.decimals is not None and value != 0 and math.isfinite(value):
            needed = math.floor(math.log10(abs(value))) + 1 + self.decimals
        return min(max(needed, 6), 17)

    def format(self, value: float) -> str:
        """``value`` written to this rule's digits, trailing zeros kept (6 significant figures without them
        when the rule has none), with an ASCII minus as a learner types it."""
        if self.decimals is not None:
            return signed(f"{value:.{self.decimals}f}", unicode=False)
        if self.sigfigs is not None:
            return signed(f"{value:#.{self.sigfigs}g}".rstrip("."), unicode=False)
        return show(value, unicode=False)


def within(value: float, target: float, half_width: float) -> bool:
    """``|value − target| <= half_width``, forgiving float noise at the bound."""
    slop = half_width * _RELATIVE_SLOP + _FLOAT_SLOP * max(abs(value), abs(target))
    return abs(value - target) <= half_width + slop


def judge(number: Number, expected: float, rule: NumberRule) -> Judgement:
    """ "correct", "almost" (right but coarser than the rule asks) or "wrong"."""
    if within(number.value, expected, rule.half_width(expected)):
        return "correct"
    if is_coarse_rounding(number, expected, rule):
        return "almost"
    return "wrong"


def is_coarse_rounding(number: Number, expected: float, rule: NumberRule) -> bool:
    """Is ``number`` written more coarsely than ``rule`` asks, yet ``expected`` rounded at its last digit?"""
    if number.value == 0 or (number.decimals < 1 and number.sigfigs < 2):
        return False
    if rule.decimals is not None and number.decimals >= rule.decimals:
        return False
    if rule.sigfigs is not None and number.sigfigs >= rule.sigfigs:
        return False
    return within(number.value, expected, 0.5 * 10.0**-number.decimals)


def may_coincide(first: float, second: float, rule: NumberRule) -> bool:
    """Could one typed answer be right for both values under ``rule`` (their windows overlap)?"""
    reach = rule.half_width(first) + rule.half_width(second)
    return within(first, second, reach)
