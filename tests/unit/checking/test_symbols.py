"""One way to write a number for reading: ``show``, and the rule-bound form built on the same sign rule."""

import numpy as np
import pytest

from gdtutor.checking.symbols import show
from gdtutor.checking.tolerance import NumberRule


def test_six_significant_figures_without_trailing_zeros():
    assert show(2.5) == "2.5"
    assert show(334302.0625) == "334302"
    assert show(1 / 3) == "0.333333"
    assert show(3, digits=2) == "3"


def test_the_minus_is_unicode_for_reading_and_ascii_for_typing():
    assert show(-0.5) == "−0.5"
    assert show(-1e-7) == "−1e−07"
    assert show(-0.5, unicode=False) == "-0.5"


@pytest.mark.parametrize("zero", [-0.0, np.float64(-0.0), -1e-30 * 0])
def test_a_negative_zero_reads_as_zero_in_every_form(zero):
    assert show(zero) == show(zero, unicode=False) == "0"
    assert NumberRule(decimals=3).format(zero) == "0.000"
    assert NumberRule(sigfigs=2).format(zero) == "0.0"
    assert NumberRule().format(zero) == "0"


def test_a_small_negative_rounded_to_zero_loses_its_sign_but_not_its_digits():
    assert NumberRule(decimals=2).format(-0.001) == "0.00"
    assert NumberRule(decimals=2).format(-0.006) == "-0.01"
    assert show(-1e-300) == "−1e−300"


def test_a_rule_without_digits_writes_what_show_writes():
    for value in (-2.0, 0.1 + 0.2, 123456789.0, -4.5e-9):
        assert NumberRule().format(value) == show(value, unicode=False)


def test_a_vector_is_shown_in_parentheses_in_either_form():
    assert show(np.array([2.4, -1.0])) == "(2.4, −1)"
    assert show([-0.0, -1.0], unicode=False) == "(0, -1)"
