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

from dataclasses import dataclass
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


# --- trends over every meetup and multiplicity ---------------------------------------------


@dataclass(frozen=True)
class SlopeFit:
    """A binomial GLM of share on time: the slope in points per year (as a share per year).

    ``slope`` is the average marginal effect (the mean over the meetups of
    d share / d year at the fitted shares) with ``ci_low``/``ci_high`` from the
    delta method; ``p_value`` is the Wald test of the logit slope, with the
    standard errors scaled by ``dispersion``.
    """

    slope: float
    ci_low: float
    ci_high: float
    p_value: float
    dispersion: float


def binomial_trend(years: ArrayLike, counts: ArrayLike, bases: ArrayLike,
                   confidence: float = DEFAULT_CONFIDENCE) -> SlopeFit:
    """Fit logit(share) = a + b * years to counts of bases (counts may be fractional).

    Overdispersion: the meetups' shares usually spread more than binomial chance
    (different crowds, different evenings), so the standard errors are scaled by
    the Pearson chi-square over its degrees of freedom, never below 1 (a spread
    smaller than chance does not make the evidence stronger).  statsmodels is
    imported here only: ``import polls`` must stay light.
    """
    # the GLM modules alone: statsmodels.api imports every model it has (a third more import time)
    from statsmodels.genmod import families
    from statsmodels.genmod.generalized_linear_model import GLM

    t, c, n = (np.asarray(v, dtype="float64") for v in (years, counts, bases))
    if len(t) < 3 or np.ptp(t) == 0:
        raise ValueError("a trend needs at least three meetups on different dates")
    if c.sum() <= 0 or c.sum() >= n.sum() or np.all(c == 0) or np.all(c == n):
        # every share 0 % (or 100 %): no slope to speak of, and a logit fit would not converge
        return SlopeFit(0.0, 0.0, 0.0, 1.0, 1.0)
    exog = np.column_stack([np.ones_like(t), t])
    model = GLM(np.column_stack([c, n - c]), exog, family=families.Binomial())
    fit = model.fit()
    dispersion = max(1.0, float(fit.pearson_chi2 / fit.df_resid)) if fit.df_resid > 0 else 1.0
    # The estimates do not depend on the scale, only their covariance does (linearly): one fit,
    # its covariance times the dispersion, is what fit(scale=dispersion) gives at half the cost.
    (_, b), cov = fit.params, fit.cov_params() * dispersion
    p = fit.predict(exog)
    spread = p * (1 - p)
    slope = float(np.mean(b * spread))
    gradient = np.array([np.mean(b * spread * (1 - 2 * p)),
                         np.mean(spread + b * spread * (1 - 2 * p) * t)])
    error = float(np.sqrt(gradient @ cov @ gradient))
    z = z_value(confidence)
    wald = abs(float(b)) / float(np.sqrt(cov[1, 1]))
    p_value = 2 * NormalDist().cdf(-wald)
    return SlopeFit(slope, slope - z * error, slope + z * error, p_value, dispersion)


def holm(p_values: ArrayLike) -> FloatArray:
    """Holm's step-down adjusted p-values, in the input order (Holm 1979).

    Sorted ascending, the i-th smallest of m becomes (m - i) * p, made monotone
    and capped at 1: a verdict is claimed when its adjusted p is below alpha,
    which keeps the chance of any false claim on the page below alpha.
    """
    p = np.asarray(p_values, dtype="float64")
    order = np.argsort(p, kind="stable")
    m = len(p)
    stepped = np.maximum.accumulate((m - np.arange(m)) * p[order]) if m else p
    adjusted = np.empty_like(p)
    adjusted[order] = np.minimum(stepped, 1.0)
    return adjusted


def pearson_dispersion(counts: list[int], bases: list[int]) -> float:
    """How much more the meetups' shares vary than binomial chance would: Pearson's X² / (k - 1).

    ``counts[i]`` of ``bases[i]`` at each of k meetups, against the pooled share.
    1.0 for fewer than two meetups or a pooled share of 0 or 1 (nothing to spread).
    """
    pairs = [(c, n) for c, n in zip(counts, bases, strict=True) if n > 0]
    total = sum(n for _, n in pairs)
    if len(pairs) < 2 or total == 0:
        return 1.0
    p = sum(c for c, _ in pairs) / total
    if p in (0.0, 1.0):
        return 1.0
    chi2 = sum((c - n * p) ** 2 / (n * p * (1 - p)) for c, n in pairs)
    return chi2 / (len(pairs) - 1)


def spread_interval(count: float, n: float, dispersion: float,
                    confidence: float = DEFAULT_CONFIDENCE) -> tuple[float, float]:
    """Wilson interval of a pooled share, widened for spread between meetups (quasi-binomial).

    People at one meetup resemble each other more than people picked at random,
    so adding up meetups overstates how many independent answers there are.
    When the Pearson dispersion is above 1 the count and base are divided by it
    (the effective sample size); at or below 1 this is the plain Wilson interval,
    never narrower.
    """
    scale = max(1.0, float(dispersion))
    return wilson_interval(count / scale, n / scale, confidence)
