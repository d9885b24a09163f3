"""What comparisons across meetups return: plain frozen records, no pandas.

Trend pages and the poll plan cache keep these; defined apart from the
comparisons (``comparisons``, which need pandas and the statistics libraries)
so a build that changed no poll reads the cached plan without importing them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pooled:
    """One answer summed over several meetups.  Figures are None when suppressed.

    ``suppression`` is the public reason ("small" or "secondary"), as printed.
    """

    question: str
    option: str
    surveys: tuple[str, ...]
    base: int
    base_kind: str
    count: int | None
    share: float | None
    ci_low: float | None
    ci_high: float | None
    approx: bool
    suppressed: bool
    suppression: str
    #: Pearson dispersion of the pooled meetups (1.0 when they vary no more than chance).
    dispersion: float = 1.0


@dataclass(frozen=True)
class Change:
    """One answer at two meetups: the shares, the difference (b minus a) and a verdict.

    ``direction`` is "rose", "fell", "no clear change" or "not comparable";
    ``verdict`` says the same in a sentence with the interval.  Figures are None
    when the two cannot be compared.
    """

    question: str
    option: str
    survey_a: str
    survey_b: str
    share_a: float | None
    share_b: float | None
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    approx: bool
    direction: str
    verdict: str
    #: how both shares were restated on a common base ("" when they are compared as published)
    common_base: str = ""


@dataclass(frozen=True)
class Trend:
    """One answer over every meetup that asked: the slope in points per year and a verdict.

    ``slope``, ``ci_low`` and ``ci_high`` are shares per year (0.05 is 5 points a
    year); the interval is the union of the 95 % intervals over the plausible
    range of the "≈" figures.  ``p_value`` tests the slope at the figures as
    written, before adjustment; ``adjusted_p`` and ``tested`` come from :func:`adjust`, which
    also sets ``direction`` ("rose", "fell", "no clear change", or "not tested" when
    there is nothing to fit) and ``verdict`` (the sentence pages print).
    """

    question: str
    option: str
    surveys: tuple[str, ...]
    hidden: tuple[str, ...]  # meetups whose figure is suppressed: left out of the fit
    slope: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    approx: bool
    dispersion: float | None
    #: published meetups of another kind of poll or population than the fitted majority, and why
    left_out: tuple[str, ...] = ()
    left_out_why: str = ""
    adjusted_p: float | None = None
    tested: int = 0
    direction: str = "not tested"
    verdict: str = ""


__all__ = ["Change", "Pooled", "Trend"]
