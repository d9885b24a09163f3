"""Across meetups: one answer's time series, pooled totals, and whether it changed.

Three honest ways to look at the same figure over time:

- ``trend`` lists it meetup by meetup from the aggregates table, suppression
  and approximation marks included, so a chart can draw gaps and "≈".
- ``pool`` adds counts and bases over several meetups (never averages their
  percentages: a 12-person meetup must not weigh as much as a 120-person one)
  and gives the pooled share a Wilson interval.  The pooled cell is itself a
  published figure, so the small-cell rule applies to it too.
- ``change`` compares two meetups with a Newcombe interval for the difference
  and says "rose" or "fell" only when that interval excludes 0.

Decisions about comparisons:

- A suppressed cell is not compared: the difference and one published share
  would give the hidden share back.  The verdict then says why.
- Approximate tallies ("~20 of ~100") are compared, because organisers want
  the trend and the Wilson/Newcombe width dwarfs a rounding of one or two
  people at meetup sizes; but the verdict says "approximate" so nobody reads
  more precision into it than the room count had.
- ``pool`` and ``change`` need the counts, so they take the ``Survey`` (or its
  ``counts`` table, optionally with a ``kind`` column), not the aggregates whose
  suppressed rows have lost their counts.  Given an aggregates table anyway,
  they refuse suppressed cells rather than silently leaving them out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .aggregate import add_kinds, question_kinds
from .intervals import DEFAULT_CONFIDENCE, newcombe_interval, proportion, wilson_interval
from .rounding import whole_percent_of
from .suppression import COMPLEMENT, DEFAULT_MIN_CELL, SECONDARY, SMALL, apply_suppression, public_reason

TREND_COLUMNS = [
    "survey", "date", "title", "group", "count", "base", "base_kind", "answered", "attended",
    "share", "ci_low", "ci_high", "approx", "suppressed", "suppression",
]


def trend(
    aggregates: pd.DataFrame, question: str, option: str, group: str | None = None
) -> pd.DataFrame:
    """One row per meetup that asked ``question`` (and has ``option``), oldest first.

    ``group`` keeps only that group's meetups.  Suppressed meetups stay in, with
    NA figures, so a chart shows the gap instead of joining its neighbours.
    """
    selected = (aggregates["question"] == question) & (aggregates["option"] == option)
    if group is not None:
        selected &= aggregates["group"] == group
    rows = aggregates.loc[selected, TREND_COLUMNS]
    return rows.sort_values(["date", "survey"], kind="stable").reset_index(drop=True)


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


def _counts_with_kinds(data: Any) -> pd.DataFrame:
    """The counts table (with a ``kind`` column) of a Survey, or a counts/aggregates frame."""
    if isinstance(data, pd.DataFrame):
        return data if "kind" in data.columns else data.assign(kind="")
    return add_kinds(data.counts, question_kinds(data.catalog))


def _cells(data: Any, question: str, option: str, surveys: Iterable[str] | None,
           min_cell: int) -> pd.DataFrame:
    """The cells of one answer, each marked suppressed or not at ``min_cell``."""
    frame = _counts_with_kinds(data)
    rows = frame[frame["question"] == question]
    if surveys is not None:
        rows = rows[rows["survey"].isin(list(surveys))]
    if "suppressed" not in rows.columns:
        rows = apply_suppression(rows, min_cell)
    return rows[rows["option"] == option]


def _float(value: Any) -> float | None:
    return None if value is None or pd.isna(value) or math.isnan(value) else float(value)


def pool(
    data: Any,
    question: str,
    option: str,
    surveys: Iterable[str] | None = None,
    *,
    min_cell: int = DEFAULT_MIN_CELL,
    confidence: float = DEFAULT_CONFIDENCE,
    base_kind: str | None = None,
) -> Pooled:
    """Sum one answer's counts and bases over ``surveys`` (all that asked it when None).

    Meetups without a base for the question are left out (their count would
    have nothing to be a share of), and so are those whose base is not
    ``base_kind`` ("answered" or "attended") when it is given: a share of
    respondents and a share of attendees do not add up.  Raises ValueError when
    a selected cell is already suppressed in an aggregates table, or when the
    question used different bases at different meetups and no ``base_kind`` says
    which to pool (the aggregates' ``base_kind`` column tells which there are).
    """
    rows = _cells(data, question, option, surveys, min_cell=0)
    hidden = rows["suppressed"] & rows["count"].isna()
    if hidden.any():
        raise ValueError(
            f"cannot pool {question}/{option}: suppressed in "
            f"{', '.join(rows.loc[hidden, 'survey'])}; pool the survey's counts, "
            "not the published aggregates"
        )
    rows = rows[rows["count"].notna() & rows["base"].notna() & (rows["base"] > 0)]
    if base_kind is not None:
        rows = rows[rows["base_kind"] == base_kind]
    kinds = sorted(set(rows["base_kind"]))
    if len(kinds) > 1:
        raise ValueError(f"cannot pool {question}/{option}: bases differ ({', '.join(kinds)}); "
                         "pool one base_kind at a time")
    count = int(rows["count"].sum())
    base = int(rows["base"].sum())
    total = int(rows["answered"].fillna(rows["base"]).sum())
    reason = ""
    if not rows.empty and rows["kind"].iloc[0] != "attendance":
        if count < min_cell:
            reason = SMALL
        elif total - count < min_cell:
            reason = COMPLEMENT
    share = proportion(count, base)
    low, high = wilson_interval(count, base, confidence)
    hide = reason != ""
    return Pooled(
        question=question,
        option=option,
        surveys=tuple(rows["survey"]),
        base=base,
        base_kind=kinds[0] if kinds else (base_kind or ""),
        count=None if hide else count,
        share=None if hide else _float(share),
        ci_low=None if hide else _float(low),
        ci_high=None if hide else _float(high),
        approx=bool(rows["approx"].any()),
        suppressed=hide,
        suppression=public_reason(reason),
    )


#: What a share is of, by base kind, as verdicts say it.
SHARE_OF = {"answered": "those who answered", "attended": "everyone present"}

# Verdicts are published (the report prints them), so they give only the public reasons.
_HIDDEN_BECAUSE = {
    SMALL: "fewer than {n} people gave this answer",
    SECONDARY: "it is hidden so that another hidden figure cannot be worked out",
}


def _points(value: float) -> str:
    return f"{value * 100:+.1f}".replace("-", "\N{MINUS SIGN}")


def _percent(count: int, base: int) -> str:
    # The same half-up whole percents as the charts and the report, so a verdict's
    # "from 58 %" matches the 58 % beside it.
    return f"{whole_percent_of(count, base)} %"


def _not_comparable(question: str, option: str, a: str, b: str, why: str,
                    approx: bool = False) -> Change:
    return Change(question, option, a, b, None, None, None, None, None, approx,
                  "not comparable", f"cannot compare {a} with {b}: {why}")


def change(
    data: Any,
    question: str,
    option: str,
    survey_a: str,
    survey_b: str,
    *,
    min_cell: int = DEFAULT_MIN_CELL,
    confidence: float = DEFAULT_CONFIDENCE,
) -> Change:
    """Did the share of ``option`` change from ``survey_a`` to ``survey_b``?

    "rose"/"fell" only when the Newcombe interval of the difference excludes 0;
    otherwise "no clear change".  Suppressed or missing cells, and two cells with
    different bases (a share of those who answered against a share of everyone
    present), give "not comparable".
    """
    rows = _cells(data, question, option, [survey_a, survey_b], min_cell).set_index("survey")
    cells = {}
    for survey in (survey_a, survey_b):
        if survey not in rows.index:
            return _not_comparable(question, option, survey_a, survey_b,
                                   f"{survey} has no figure for {question}/{option}")
        cell = rows.loc[survey]
        if bool(cell["suppressed"]):
            why = _HIDDEN_BECAUSE[public_reason(str(cell["suppression"]))].format(n=min_cell)
            return _not_comparable(question, option, survey_a, survey_b,
                                   f"the {survey} figure is suppressed ({why})")
        if pd.isna(cell["count"]) or pd.isna(cell["base"]) or cell["base"] <= 0:
            return _not_comparable(question, option, survey_a, survey_b,
                                   f"{survey} has no base for {question}")
        cells[survey] = cell
    a, b = cells[survey_a], cells[survey_b]
    if a["base_kind"] != b["base_kind"]:
        # A share of respondents is not a share of attendees: their difference means nothing.
        return _not_comparable(
            question, option, survey_a, survey_b,
            f"different bases (the {survey_a} figure is a share of "
            f"{SHARE_OF.get(a['base_kind'], a['base_kind'])}, the {survey_b} figure a share of "
            f"{SHARE_OF.get(b['base_kind'], b['base_kind'])})")
    approx = bool(a["approx"]) or bool(b["approx"])
    difference, low, high = newcombe_interval(
        int(b["count"]), int(b["base"]), int(a["count"]), int(a["base"]), confidence
    )
    share_a = int(a["count"]) / int(a["base"])
    share_b = int(b["count"]) / int(b["base"])
    if low > 0:
        direction = "rose"
    elif high < 0:
        direction = "fell"
    else:
        direction = "no clear change"
    level = f"{confidence * 100:g} %"
    interval = f"{level} CI {_points(low)} to {_points(high)} points"
    moved = f"from {_percent(int(a['count']), int(a['base']))} to {_percent(int(b['count']), int(b['base']))}"
    if direction == "no clear change":
        verdict = f"no clear change: {moved} ({interval})"
    else:
        verdict = f"{direction} by {abs(difference) * 100:.1f} points, {moved} ({interval})"
    if approx:
        verdict += "; approximate tallies"
    return Change(question, option, survey_a, survey_b, share_a, share_b, float(difference),
                  float(low), float(high), approx, direction, verdict)
