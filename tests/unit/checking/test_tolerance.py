import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gdtutor.checking import NumberRule, read_number
from gdtutor.checking.tolerance import judge, may_coincide
from gdtutor.errors import GdtutorError


def verdict(text, expected, **rule):
    return judge(read_number(text), expected, NumberRule(**rule))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.229", "correct"),
        ("1.2288", "correct"),
        ("1.22880", "correct"),
        ("1.23", "almost"),
        ("1.2", "almost"),
        ("1", "wrong"),
        ("1.228", "wrong"),
        ("1.24", "wrong"),
        ("1.3", "wrong"),
    ],
)
def test_three_decimals(text, expected):
    assert verdict(text, 1.2288, decimals=3) == expected


def test_an_answer_rounded_to_the_asked_decimals_is_right():
    assert verdict("1.23", 1.2288, decimals=2) == "correct"


def test_both_roundings_of_an_exact_tie_are_accepted():
    assert verdict("1.228", 1.2285, decimals=3) == "correct"
    assert verdict("1.229", 1.2285, decimals=3) == "correct"
    assert verdict("0.12", 0.125, decimals=2) == "correct"
    assert verdict("0.13", 0.125, decimals=2) == "correct"


def test_significant_figures():
    assert verdict("0.00123", 0.0012345, sigfigs=3) == "correct"
    assert verdict("0.0012", 0.0012345, sigfigs=3) == "almost"
    assert verdict("0.00124", 0.0012345, sigfigs=3) == "wrong"
    assert verdict("123000", 123456.0, sigfigs=3) == "correct"


def test_a_single_digit_is_not_almost_right():
    assert verdict("2", 2.4, decimals=3) == "wrong"
    assert verdict("0", 0.0123, decimals=3) == "wrong"
    assert verdict("0.0", 0.0123, decimals=3) == "wrong"


def test_without_digits_relative_tolerance_and_absolute_near_zero():
    assert verdict("2.4000001", 2.4) == "correct"
    assert verdict("2.41", 2.4) == "wrong"
    assert verdict("0", 1e-12) == "correct"
    assert verdict("2.4", 2.4000123) == "almost"
    assert verdict("2.4", 2.4, rtol=0.01) == "correct"
    assert verdict("2.42", 2.4, rtol=0.01) == "correct"


def test_an_impossible_rule_is_refused():
    with pytest.raises(GdtutorError):
        NumberRule(decimals=2, sigfigs=3)
    with pytest.raises(GdtutorError):
        NumberRule(decimals=-1)
    with pytest.raises(GdtutorError):
        NumberRule(rtol=math.nan)


magnitudes = st.floats(min_value=-15, max_value=15)
signs = st.sampled_from([-1.0, 1.0])
mantissas = st.floats(min_value=1.0, max_value=9.999999)


@st.composite
def values(draw):
    return draw(signs) * draw(mantissas) * 10.0 ** round(draw(magnitudes))


@settings(max_examples=300, deadline=None)
@given(value=values(), decimals=st.integers(0, 8))
def test_the_value_written_to_the_asked_decimals_is_always_right(value, decimals):
    rule = NumberRule(decimals=decimals)
    assert judge(read_number(f"{value:.{decimals}f}"), value, rule) == "correct"
    assert judge(read_number(rule.format(value)), value, rule) == "correct"


@settings(max_examples=300, deadline=None)
@given(value=values(), sigfigs=st.integers(1, 10))
def test_the_value_written_to_the_asked_significant_figures_is_always_right(value, sigfigs):
    rule = NumberRule(sigfigs=sigfigs)
    assert judge(read_number(f"{value:.{sigfigs}g}"), value, rule) == "correct"
    assert judge(read_number(f"{value:.{sigfigs}e}"), value, rule) == "correct"


@settings(max_examples=300, deadline=None)
@given(value=values(), decimals=st.integers(1, 6), units=st.integers(2, 50), sign=signs)
def test_an_answer_off_by_two_units_in_the_last_digit_is_wrong(value, decimals, units, sign):
    assume(abs(value) * 10.0**decimals < 1e14)  # within what a float can tell apart
    rule = NumberRule(decimals=decimals, rtol=0, atol=0)
    typed = round(value, decimals) + sign * units * 10.0**-decimals
    assert judge(read_number(f"{typed:.{decimals}f}"), value, rule) == "wrong"


@settings(max_examples=200, deadline=None)
@given(value=values(), sigfigs=st.integers(2, 8))
def test_a_coarser_rounding_is_almost_never_wrong(value, sigfigs):
    rule = NumberRule(sigfigs=sigfigs + 1)
    coarse = read_number(f"{value:.{sigfigs - 1}e}")
    if coarse.value != 0:
        assert judge(coarse, value, rule) in ("correct", "almost")


def test_values_coincide_when_one_answer_could_be_right_for_both():
    rule = NumberRule(decimals=3)
    assert may_coincide(1.0006, 1.0012, rule)
    assert not may_coincide(1.0, 1.0011, rule)


def test_significant_figures_are_relative_even_far_below_the_absolute_tolerance():
    assert verdict("0", 6.1e-10, sigfigs=3) == "wrong"
    assert verdict("6.1e-10", 6.1e-10, sigfigs=3) == "correct"
    assert verdict("6.10e-10", 6.1e-10, sigfigs=3) == "correct"
    assert verdict("6.2e-10", 6.1e-10, sigfigs=3) == "wrong"
    assert verdict("0", 0.0, sigfigs=3) == "correct"


def test_decimals_keep_their_absolute_sense_near_zero():
    assert verdict("0", 0.0004, decimals=3) == "correct"
    assert verdict("0.000", 6.1e-10, decimals=3) == "correct"
    assert verdict("0", 0.0006, decimals=3) == "wrong"


nonzero = st.floats(min_value=1e-300, max_value=1e300).flatmap(lambda v: st.sampled_from([v, -v]))


@settings(max_examples=300, deadline=None)
@given(nonzero, st.integers(min_value=1, max_value=8))
def test_zero_is_never_right_for_a_nonzero_value_at_any_significant_figures(value, sigfigs):
    assert verdict("0", value, sigfigs=sigfigs) == "wrong"
    assert verdict(NumberRule(sigfigs=sigfigs).format(value), value, sigfigs=sigfigs) == "correct"


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=-1e-2, max_value=1e-2), st.integers(min_value=1, max_value=8))
def test_zero_is_right_in_decimals_exactly_when_the_value_rounds_to_zero(value, decimals):
    rounds_to_zero = abs(value) <= 0.5 * 10.0**-decimals
    clearly = abs(abs(value) - 0.5 * 10.0**-decimals) > 1e-12  # away from the tie, where both are right
    assume(clearly)
    assert (verdict("0", value, decimals=decimals) == "correct") == rounds_to_zero
