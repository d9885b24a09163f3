"""From a loaded survey to the published table: shares, Wilson intervals, suppression.

The work is a pipeline of small named stages, each taking a DataFrame and
returning a new one, so a notebook can run them one by one and look in between:

    join_meetups -> add_kinds -> add_figures -> add_shares -> add_intervals -> apply_suppression -> finish

Shares are fractions (0..1) of the base the catalog chose for the question
(``answered`` or ``attended``); both bases stay in the table so every chart can
show n.  A percentage typed into a tally ("~45%") keeps its written share
(45 %, not the 47 % that its rounded head count of 14 of 30 would give).
Headcount rows (``attendance`` questions) keep their count but get no share or
interval: the people in the room are not a sample of anyone.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .intervals import DEFAULT_CONFIDENCE, proportion, wilson_interval
from .suppression import DEFAULT_MIN_CELL, UNSUPPRESSED_KINDS, apply_suppression

HEADCOUNT_KINDS = UNSUPPRESSED_KINDS

#: Column order of the aggregates table (the contract's columns, then ``kind``).
COLUMNS = [
    "survey", "date", "group", "title", "question", "option",
    "count", "base", "base_kind", "answered", "attended",
    "share", "ci_low", "ci_high", "approx", "suppressed", "suppression", "kind",
    "count_approx", "base_approx", "written",
    "method", "asked", "demo",
]
#: Who a figure is about: how it was polled and who was asked (docs/polls-engine-contract.md).
POPULATION_COLUMNS = ("method", "asked")

COUNT_COLUMNS = ("count", "answered", "attended", "base")


def join_meetups(counts: pd.DataFrame, meetups: pd.DataFrame) -> pd.DataFrame:
    """Each count row gains its meetup's date, group and title."""
    # demo: meetups tables made before it was recorded lack it (then False)
    marked = ["demo"] if "demo" in meetups.columns else []
    info = meetups[["survey", "date", "group", "title", *marked]]
    return counts.merge(info, on="survey", how="left", validate="many_to_one")


def question_kinds(catalog: Any) -> dict[str, str]:
    """Question id -> kind, from a catalog with ``.questions`` (each with ``id`` and ``kind``)."""
    return {question.id: question.kind for question in catalog.questions}


def add_kinds(frame: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    """Each row gains its question's kind ("" when the catalog does not know it)."""
    kind = frame["question"].map(kinds).fillna("").astype("str")
    return frame.assign(kind=kind)


def add_figures(frame: pd.DataFrame) -> pd.DataFrame:
    """The figure as typed: whether the count and the base were "~", and a share written as a percentage.

    A hand-built table may lack them: its ``approx`` then stands for an approximate count.
    """
    approx = frame["approx"].fillna(False).astype(bool)
    return frame.assign(
        count_approx=frame["count_approx"].astype(bool) if "count_approx" in frame.columns else approx,
        base_approx=frame["base_approx"].astype(bool) if "base_approx" in frame.columns else False,
        written=(frame["written"] if "written" in frame.columns
                 else pd.Series(pd.NA, index=frame.index)).astype("Float64"),
    )


def _written_count(frame: pd.DataFrame) -> pd.Series:
    """The count a share is computed from: a written percentage of its base, else the count."""
    if "written" not in frame.columns:
        return frame["count"]
    written = frame["written"].astype("Float64") * frame["base"].astype("Float64")
    return written.fillna(frame["count"].astype("Float64"))


def _proportion_base(frame: pd.DataFrame) -> pd.Series:
    # A headcount is not a sample of anything: it gets no share and no interval.
    if "kind" not in frame.columns:
        return frame["base"]
    return frame["base"].mask(frame["kind"].isin(HEADCOUNT_KINDS))


def add_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """share = count / base, NA when the base is unknown or 0 and for headcounts."""
    share = proportion(_written_count(frame), _proportion_base(frame))
    return frame.assign(share=pd.array(share, dtype="Float64"))


def add_intervals(frame: pd.DataFrame, confidence: float = DEFAULT_CONFIDENCE) -> pd.DataFrame:
    """Wilson score interval for each share (NA where the share is)."""
    low, high = wilson_interval(_written_count(frame), _proportion_base(frame), confidence)
    return frame.assign(
        ci_low=pd.array(low, dtype="Float64"), ci_high=pd.array(high, dtype="Float64")
    )


def finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Contract column order and nullable dtypes; rows stay in the input's order."""
    out = frame.copy()
    for column in COUNT_COLUMNS:
        out[column] = out[column].astype("Int64")
    for column in ("share", "ci_low", "ci_high"):
        out[column] = out[column].astype("Float64")
    for column in ("approx", "count_approx", "base_approx"):
        out[column] = out[column].fillna(False).astype(bool)
    out["written"] = out["written"].astype("Float64")
    out["demo"] = (out["demo"].fillna(False).astype(bool) if "demo" in out
                           else False)
    for column in POPULATION_COLUMNS:
        if column not in out.columns:
            out[column] = ""  # a counts table from before populations were recorded
    for column in ("group", "suppression", "kind", *POPULATION_COLUMNS):
        out[column] = out[column].fillna("").astype("str")
    return out[COLUMNS].reset_index(drop=True)


def aggregate_counts(
    counts: pd.DataFrame,
    meetups: pd.DataFrame,
    kinds: dict[str, str],
    min_cell: int = DEFAULT_MIN_CELL,
    confidence: float = DEFAULT_CONFIDENCE,
) -> pd.DataFrame:
    """The pipeline on plain tables, for callers without a ``Survey`` object."""
    frame = join_meetups(counts, meetups)
    frame = add_kinds(frame, kinds)
    frame = add_figures(frame)
    frame = add_shares(frame)
    frame = add_intervals(frame, confidence)
    frame = apply_suppression(frame, min_cell)
    return finish(frame)


def aggregate(
    survey: Any, min_cell: int = DEFAULT_MIN_CELL, confidence: float = DEFAULT_CONFIDENCE
) -> pd.DataFrame:
    """The aggregates table of a loaded ``Survey``: one row per (survey, question, option).

    Columns: see ``COLUMNS`` and docs/polls-engine-contract.md.  Suppressed rows
    (``suppressed`` True, reason in ``suppression``) have NA count, share and
    interval; their base stays.
    """
    return aggregate_counts(
        survey.counts, survey.meetups, question_kinds(survey.catalog), min_cell, confidence
    )
