"""Confidence intervals for poll proportions: Wilson score and Newcombe's hybrid score.

Both work on plain numbers and, elementwise, on numpy arrays or pandas columns, so
the aggregate stage computes a whole table at once.  Scalars in give floats out;
arrays in give float arrays out.  Where a proportion is undefined (a base of 0 or
less, a missing value, a count outside 0..base) the result is NaN: the caller shows
"no data", never a made-up interval.

Why Wilson and not the textbook p ± z·sqrt(p(1-p)/n) (Wald): Wald collapses to a
zero-width interval at 0/n and n/n and spills outside [0, 1] for the small
bases a meetup poll has.  Wilson's interval is what Newcombe builds on for
differences, so the two agree with each other.

References: E. B. Wilson (1927), JASA 22:209-212; R. G. Newcombe (1998),
"Interval estimation for the difference between independent proportions:
comparison of eleven methods", Statistics in Medicine 17:873-890 (method 10).
"""

from __future__ import annotations

from statistics import NormalDist
from typing import overload

import numpy as np
import numpy.typing as npt

DEFAULT_CONFIDENCE = 0.95

ArrayLike = npt.ArrayLike
FloatArray = npt.NDArray[np.float64]


def z_value(confidence: float = DEFAULT_CONFIDENCE) -> float:
    """The two-sided standard normal quantile for a confidence level (1.959964 for 0.95)."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def _as_float_arrays(*values: ArrayLike) -> list[FloatArray]:
    # pandas nullable integers (Int64 with NA) become NaN here, so NA flows through as NaN.
    out = []
    for value in values:
        if hasattr(value, "to_numpy"):
            value = value.to_numpy(dtype="float64", na_value=np.nan)
        out.append(np.asarray(value, dtype="float64"))
    return out


def _is_scalar(*values: ArrayLike) -> bool:
    return all(np.ndim(v) == 0 and not hasattr(v, "to_numpy") for v in values)


def _wilson_arrays(count: FloatArray, n: FloatArray, z: float) -> tuple[FloatArray, FloatArray]:
    valid = (n > 0) & (count >= 0) & (count <= n)
    safe_n = np.where(valid, n, 1.0)
    p = np.where(valid, count, 0.0) / safe_n
    z2 = z * z
    denominator = 1 + z2 / safe_n
    centre = (p + z2 / (2 * safe_n)) / denominator
    half = z / denominator * np.sqrt(p * (1 - p) / safe_n + z2 / (4 * safe_n * safe_n))
    low = centre - half
    high = centre + half
    # In exact arithmetic the bounds are 0 at p=0 and 1 at p=1; pin them so
    # rounding noise (1e-17 below zero) never reaches a chart or a CSV.
    low = np.where(count == 0, 0.0, np.clip(low, 0.0, 1.0))
    high = np.where(count == n, 1.0, np.clip(high, 0.0, 1.0))
    low = np.where(valid, low, np.nan)
    high = np.where(valid, high, np.nan)
    return low, high


@overload
def wilson_interval(
    count: float, n: float, confidence: float = ...
) -> tuple[float, float]: ...
@overload
def wilson_interval(
    count: ArrayLike, n: ArrayLike, confidence: float = ...
) -> tuple[FloatArray, FloatArray]: ...
def wilson_interval(count, n, confidence=DEFAULT_CONFIDENCE):
    """Wilson score interval (low, high) for ``count`` successes out of ``n``.

    NaN where ``n`` is 0 or missing or ``count`` is outside 0..n.
    """
    z = z_value(confidence)
    scalar = _is_scalar(count, n)
    count_arr, n_arr = _as_float_arrays(count, n)
    low, high = _wilson_arrays(count_arr, n_arr, z)
    if scalar:
        return float(low), float(high)
    return low, high


@overload
def proportion(count: float, n: float) -> float: ...
@overload
def proportion(count: ArrayLike, n: ArrayLike) -> FloatArray: ...
def proportion(count, n):
    """count / n, NaN where n is 0 or missing (never a division warning)."""
    scalar = _is_scalar(count, n)
    count_arr, n_arr = _as_float_arrays(count, n)
    valid = n_arr > 0
    share = np.where(valid, count_arr / np.where(valid, n_arr, 1.0), np.nan)
    if scalar:
        return float(share)
    return share


@overload
def newcombe_interval(
    count_a: float, n_a: float, count_b: float, n_b: float, confidence: float = ...
) -> tuple[float, float, float]: ...
@overload
def newcombe_interval(
    count_a: ArrayLike, n_a: ArrayLike, count_b: ArrayLike, n_b: ArrayLike, confidence: float = ...
) -> tuple[FloatArray, FloatArray, FloatArray]: ...
def newcombe_interval(count_a, n_a, count_b, n_b, confidence=DEFAULT_CONFIDENCE):
    """Difference p_a - p_b of two independent proportions and its Newcombe hybrid score interval.

    Returns (difference, low, high).  Method 10 of Newcombe (1998): each bound
    combines the distance from each proportion to its own Wilson bound, so the
    interval inherits Wilson's good behaviour at 0 and n and stays in [-1, 1].
    NaN where either proportion is undefined.
    """
    z = z_value(confidence)
    scalar = _is_scalar(count_a, n_a, count_b, n_b)
    ca, na, cb, nb = _as_float_arrays(count_a, n_a, count_b, n_b)
    pa = proportion(ca, na)
    pb = proportion(cb, nb)
    low_a, high_a = _wilson_arrays(ca, na, z)
    low_b, high_b = _wilson_arrays(cb, nb, z)
    difference = pa - pb
    low = difference - np.sqrt((pa - low_a) ** 2 + (high_b - pb) ** 2)
    high = difference + np.sqrt((high_a - pa) ** 2 + (pb - low_b) ** 2)
    undefined = np.isnan(low_a) | np.isnan(low_b)
    difference = np.where(undefined, np.nan, difference)
    if scalar:
        return float(difference), float(low), float(high)
    return difference, low, high
