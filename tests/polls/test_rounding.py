"""Whole percents round half up exactly, whether computed from count and base or from a float share."""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st
from polls.stats.rounding import SHARE_DECIMALS, whole_percent, whole_percent_of


def exact_half_up(value: Fraction) -> int:
    return math.floor(value * 100 + Fraction(1, 2))


@given(st.integers(min_value=1, max_value=1_000_000).flatmap(
    lambda base: st.tuples(st.integers(min_value=0, max_value=base), st.just(base))))
def test_count_of_base_rounds_like_exact_arithmetic(pair):
    count, base = pair
    assert whole_percent_of(count, base) == exact_half_up(Fraction(count, base))


@given(st.integers(min_value=1, max_value=100_000).flatmap(
    lambda base: st.tuples(st.integers(min_value=0, max_value=base), st.just(base))))
def test_a_float_share_rounds_like_the_share_its_count_and_base_meant(pair):
    count, base = pair
    assert whole_percent(count / base) == exact_half_up(Fraction(f"{count / base:.{SHARE_DECIMALS}f}"))


def test_halves_go_up():
    assert [whole_percent_of(23, 40), whole_percent_of(57, 200), whole_percent(23 / 40)] == [58, 29, 58]
