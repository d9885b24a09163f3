"""Headline figures of a group's meetups: how many, how many people, talks, speakers, and the trend.

Attendance is judged a trend only when the numbers support it: the first half
of the period's headcounts against the second half, with a two-sided
permutation test on the difference of their means (meetups are the units, so
one crowded evening cannot make a trend).  Exact over every split when that is
at most ``EXACT_LIMIT`` splits, else ``DRAWS`` splits from a fixed seed, so the
same meetups always give the same p-value.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .records import ReportEvent

MIN_PER_HALF = 3
ALPHA = 0.05
EXACT_LIMIT = 20_000
DRAWS = 20_000
SEED = 20151015


@dataclass(frozen=True)
class AttendanceTrend:
    """First half against second half of the headcounts; ``direction`` is rose/fell/no clear change/too few."""

    direction: str
    first: tuple[int, ...]
    second: tuple[int, ...]
    p_value: float | None


@dataclass(frozen=True)
class Headline:
    meetups: int
    headcounts: int  # meetups with a known headcount
    total_attendance: int | None
    median_attendance: float | None
    attendance_approx: bool
    talks: int
    speakers: int
    trend: AttendanceTrend


def permutation_p_value(first: Sequence[float], second: Sequence[float]) -> float:
    """Two-sided p-value of the difference in means when the labels "first"/"second" are shuffled."""
    values = np.asarray(list(first) + list(second), dtype=float)
    n, k = len(values), len(first)
    total = values.sum()
    observed = abs(values[k:].mean() - values[:k].mean())
    if math.comb(n, k) <= EXACT_LIMIT:
        picks = np.array(list(itertools.combinations(range(n), k)), dtype=int)
    else:
        rng = np.random.default_rng(SEED)
        picks = np.argsort(rng.random((DRAWS, n)), axis=1)[:, :k]
    sums = values[picks].sum(axis=1)
    differences = np.abs((total - sums) / (n - k) - sums / k)
    # A small tolerance keeps float noise from splitting exact ties with the observed split.
    return float(np.mean(differences >= observed - 1e-9))


def attendance_trend(headcounts: Sequence[int]) -> AttendanceTrend:
    """The first ⌊n/2⌋ meetups against the last ⌊n/2⌋ (the middle one of an odd count sits out)."""
    half = len(headcounts) // 2
    first, second = tuple(headcounts[:half]), tuple(headcounts[len(headcounts) - half:])
    if half < MIN_PER_HALF:
        return AttendanceTrend("too few meetups", first, second, None)
    p = permutation_p_value(first, second)
    if p >= ALPHA:
        direction = "no clear change"
    else:
        direction = "rose" if statistics.mean(second) > statistics.mean(first) else "fell"
    return AttendanceTrend(direction, first, second, p)


def headline(events: Sequence[ReportEvent]) -> Headline:
    """The figures for a group's meetups in the period, oldest first."""
    known = [e for e in events if e.attended is not None]
    counts = [e.attended for e in known]
    talks = [talk for e in events for talk in e.talks]
    speakers = {speaker.slug for talk in talks for speaker in talk.speakers}
    return Headline(
        meetups=len(events),
        headcounts=len(counts),
        total_attendance=sum(counts) if counts else None,
        median_attendance=statistics.median(counts) if counts else None,
        attendance_approx=any(e.attended_approx for e in known),
        talks=len(talks),
        speakers=len(speakers),
        trend=attendance_trend(counts),
    )
