"""Wilson and Newcombe intervals: published values, an independent solver, and edge cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from polls.stats.intervals import newcombe_interval, proportion, wilson_interval, z_value

Z95 = 1.959963984540054  # the 97.5 % point of the standard normal, to double precision


def score_bound(count: int, n: int, z: float, upper: bool) -> float:
    """A Wilson bound found the slow way: bisect for the p whose score test is exactly z.

    The Wilson interval is the set of p with |count/n - p| <= z * sqrt(p(1-p)/n); its
    ends are where equality holds.  Bisection on that equation shares no algebra with
    the closed form the module uses.
    """
    observed = count / n

    def excess(p: float) -> float:
        return abs(observed - p) - z * math.sqrt(p * (1 - p) / n)

    if upper:
        inside, outside = observed, 1.0
    else:
        inside, outside = observed, 0.0
    if excess(outside) <= 0:  # the interval reaches the end of [0, 1]
        return outside
    for _ in range(200):
        middle = (inside + outside) / 2
        if excess(middle) <= 0:
            inside = middle
        else:
            outside = middle
    return (inside + outside) / 2


def test_z_for_95_percent_is_the_familiar_1_96():
    assert z_value(0.95) == pytest.approx(Z95, abs=1e-12)


def test_z_grows_with_the_confidence_level():
    assert z_value(0.90) == pytest.approx(1.644854, abs=1e-6)
    assert z_value(0.99) == pytest.approx(2.575829, abs=1e-6)


def test_z_refuses_a_confidence_outside_0_1():
    with pytest.raises(ValueError):
        z_value(95)


@pytest.mark.parametrize(
    ("count", "n", "low", "high"),
    [
        # Hand-computed with z = 1.96: centre (p + z²/2n)/(1 + z²/n), half-width
        # z/(1 + z²/n)·sqrt(p(1-p)/n + z²/4n²).  For 20/100: 0.211100 ± 0.077733.
        (20, 100, 0.1334, 0.2888),
        (0, 15, 0.0, 0.2039),
        (3, 20, 0.0524, 0.3604),
    ],
)
def test_wilson_matches_hand_computed_values(count, n, low, high):
    got_low, got_high = wilson_interval(count, n)
    assert got_low == pytest.approx(low, abs=5e-5)
    assert got_high == pytest.approx(high, abs=5e-5)


@pytest.mark.parametrize(("count", "n"), [(20, 100), (0, 15), (3, 20), (15, 15), (1, 2), (57, 61)])
@pytest.mark.parametrize("confidence", [0.8, 0.95, 0.99])
def test_wilson_matches_bisection_on_the_score_test(count, n, confidence):
    z = z_value(confidence)
    low, high = wilson_interval(count, n, confidence)
    assert low == pytest.approx(score_bound(count, n, z, upper=False), abs=1e-9)
    assert high == pytest.approx(score_bound(count, n, z, upper=True), abs=1e-9)


def test_wilson_at_zero_starts_exactly_at_zero_and_at_n_ends_exactly_at_one():
    assert wilson_interval(0, 40)[0] == 0.0
    assert wilson_interval(40, 40)[1] == 1.0
    assert wilson_interval(40, 40)[0] < 1.0


def test_wilson_of_an_empty_base_is_undefined():
    low, high = wilson_interval(0, 0)
    assert math.isnan(low) and math.isnan(high)


def test_wilson_of_a_count_above_the_base_is_undefined():
    assert all(math.isnan(x) for x in wilson_interval(12, 10))


def test_wilson_works_elementwise_on_arrays():
    low, high = wilson_interval(np.array([20, 0, 3, 5]), np.array([100, 15, 20, 0]))
    assert isinstance(low, np.ndarray) and low.shape == (4,)
    for i, (count, n) in enumerate([(20, 100), (0, 15), (3, 20)]):
        assert (low[i], high[i]) == pytest.approx(wilson_interval(count, n))
    assert np.isnan(low[3]) and np.isnan(high[3])


def test_wilson_reads_missing_pandas_values_as_undefined():
    counts = pd.array([20, pd.NA, 3], dtype="Int64")
    bases = pd.array([100, 100, pd.NA], dtype="Int64")
    low, _ = wilson_interval(counts, bases)
    assert low[0] == pytest.approx(wilson_interval(20, 100)[0])
    assert np.isnan(low[1]) and np.isnan(low[2])


def test_proportion_of_an_empty_base_is_nan_not_an_error():
    assert proportion(3, 12) == 0.25
    assert math.isnan(proportion(0, 0))


@given(n=st.integers(min_value=1, max_value=100_000), data=st.data(),
       confidence=st.floats(min_value=0.5, max_value=0.999))
def test_wilson_contains_the_estimate_and_stays_in_0_1(n, data, confidence):
    count = data.draw(st.integers(min_value=0, max_value=n))
    low, high = wilson_interval(count, n, confidence)
    assert 0.0 <= low <= count / n <= high <= 1.0


# Newcombe (1998), Statistics in Medicine 17:873-890, Table II, method 10 (hybrid score).
NEWCOMBE_TABLE_II = [
    ((56, 70, 48, 80), 0.0524, 0.3339),
    ((9, 10, 3, 10), 0.1705, 0.8090),
    ((5, 56, 0, 29), -0.0381, 0.1926),
    ((0, 10, 0, 20), -0.1611, 0.2775),
    ((0, 10, 0, 10), -0.2775, 0.2775),
    ((10, 10, 0, 20), 0.6791, 1.0000),
    ((10, 10, 0, 10), 0.6075, 1.0000),
]


@pytest.mark.parametrize(("counts", "low", "high"), NEWCOMBE_TABLE_II)
def test_newcombe_matches_the_published_worked_examples(counts, low, high):
    difference, got_low, got_high = newcombe_interval(*counts)
    a, n_a, b, n_b = counts
    assert difference == pytest.approx(a / n_a - b / n_b)
    assert got_low == pytest.approx(low, abs=5e-5)
    assert got_high == pytest.approx(high, abs=5e-5)


def test_newcombe_combines_the_two_wilson_intervals_as_method_10_prescribes():
    # Rebuild the bounds from independently solved Wilson limits (bisection above).
    a, n_a, b, n_b = 33, 61, 19, 57
    p_a, p_b = a / n_a, b / n_b
    la, ua = score_bound(a, n_a, Z95, False), score_bound(a, n_a, Z95, True)
    lb, ub = score_bound(b, n_b, Z95, False), score_bound(b, n_b, Z95, True)
    expected_low = (p_a - p_b) - math.hypot(p_a - la, ub - p_b)
    expected_high = (p_a - p_b) + math.hypot(ua - p_a, p_b - lb)
    _, low, high = newcombe_interval(a, n_a, b, n_b)
    assert low == pytest.approx(expected_low, abs=1e-9)
    assert high == pytest.approx(expected_high, abs=1e-9)


def test_newcombe_is_antisymmetric_when_the_groups_swap():
    d1, l1, h1 = newcombe_interval(56, 70, 48, 80)
    d2, l2, h2 = newcombe_interval(48, 80, 56, 70)
    assert (d2, l2, h2) == pytest.approx((-d1, -h1, -l1))


def test_newcombe_works_elementwise_and_is_undefined_for_an_empty_base():
    difference, low, high = newcombe_interval(
        np.array([56, 3]), np.array([70, 10]), np.array([48, 1]), np.array([80, 0])
    )
    assert (difference[0], low[0], high[0]) == pytest.approx(newcombe_interval(56, 70, 48, 80))
    assert np.isnan(difference[1]) and np.isnan(low[1]) and np.isnan(high[1])
