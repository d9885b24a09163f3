"""Across meetups, as chart data: one option's share with its interval, and attendance over time (no matplotlib)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..errors import NoData
from . import formatting, style
from .frames import (
    catalog_question,
    iso_date,
    option_labels,
    option_order,
    plain_bool,
    plain_float,
    plain_int,
    plain_str,
)
from .spec import ChartSpec, Headcount, Point, make_labels

MAX_LISTED = 6  # a <desc> lists every point up to this many, then summarises


def trend_spec(aggregates: pd.DataFrame, question: str, option: str, group: str | None = None,
               *, catalog: Any = None, min_cell: int = 10) -> ChartSpec:
    """One option's share at every meetup (of ``group``, or of all groups when None)."""
    selected = aggregates[(aggregates["question"] == question) & (aggregates["option"] == option)]
    if group is not None:
        selected = selected[selected["group"] == group]
    if selected.empty:
        raise NoData(f"no aggregates for question {question!r}, option {option!r}"
                       + (f" in group {group!r}" if group is not None else ""))
    records = sorted(selected.to_dict("records"),
                     key=lambda record: (iso_date(record["date"]), str(record["survey"])))
    points = tuple(_point(record) for record in records)
    order = option_order(aggregates, question, catalog)
    colour = style.colour_for(order.index(option) if option in order else len(order))
    entry = catalog_question(catalog, question)
    question_text = entry.text if entry is not None else question
    option_label = option_labels(question, catalog).get(option, option)
    yes_no = entry is not None and entry.kind == "yes-no"
    title = question_text if yes_no else f"{question_text}: {option_label}"
    kinds = sorted({point.base_kind for point in points if point.base_kind})
    caption = ("Share of people who " + " or ".join(kinds) + " at each meetup; n below each point"
               if kinds else "Share at each meetup; n below each point")
    return ChartSpec(
        kind="trend",
        key=f"trend/{group or 'all'}/{question}/{option}",
        title=title,
        rows=points,
        labels=make_labels(
            caption=caption,
            colour=colour,
            option_label=option_label,
            group=group,
            min_cell=min_cell,
            summary=_trend_summary(points, title, min_cell),
        ),
    )


def attendance_spec(meetups: pd.DataFrame, group: str | None = None) -> ChartSpec:
    """Headcount at every meetup (of ``group``, or of all groups when None)."""
    selected = meetups if group is None else meetups[meetups["group"] == group]
    if selected.empty:
        raise NoData("no meetups" + (f" in group {group!r}" if group is not None else ""))
    records = sorted(selected.to_dict("records"),
                     key=lambda record: (iso_date(record["date"]), str(record["survey"])))
    rows = tuple(
        Headcount(
            survey=str(record["survey"]),
            title=plain_str(record["title"]) or str(record["survey"]),
            date=iso_date(record["date"]),
            attended=plain_int(record["attended"]),
            approx=plain_bool(record["attended_approx"]),
        )
        for record in records
    )
    return ChartSpec(
        kind="attendance",
        key=f"attendance/{group or 'all'}",
        title="Attendance",
        rows=rows,
        labels=make_labels(
            caption="People at each meetup (headcount)",
            group=group,
            summary=_attendance_summary(rows),
        ),
    )


def _point(record: dict) -> Point:
    suppressed = plain_bool(record["suppressed"])
    return Point(
        survey=str(record["survey"]),
        title=plain_str(record["title"]) or str(record["survey"]),
        date=iso_date(record["date"]),
        count=None if suppressed else plain_int(record["count"]),
        base=plain_int(record["base"]),
        base_kind=plain_str(record["base_kind"]),
        share=None if suppressed else plain_float(record["share"]),
        ci_low=None if suppressed else plain_float(record["ci_low"]),
        ci_high=None if suppressed else plain_float(record["ci_high"]),
        approx=plain_bool(record["approx"]),
        suppression=(plain_str(record.get("suppression")) or "small") if suppressed else "",
    )


def _point_words(point: Point, min_cell: int) -> str:
    when = formatting.date(point.date)
    if point.suppression:
        return f"{formatting.suppressed(point.suppression, min_cell)} at {point.title} ({when})"
    if point.share is None:
        return f"unknown at {point.title} ({when})"
    n = "" if point.base is None else f", n = {formatting.count(point.base, point.approx)}"
    return f"{formatting.percent(point.share, point.approx)} at {point.title} ({when}{n})"


def _trend_summary(points: Sequence[Point], title: str, min_cell: int) -> str:
    if len(points) <= MAX_LISTED:
        listed = "; ".join(_point_words(point, min_cell) for point in points)
        return f"{title} — {listed}."
    known = [point for point in points if point.share is not None]
    text = (f"{title}, across {len(points)} meetups: from {_point_words(points[0], min_cell)}"
            f" to {_point_words(points[-1], min_cell)}")
    if known:
        low = min(known, key=lambda point: point.share)
        high = max(known, key=lambda point: point.share)
        text += (f", lowest {formatting.percent(low.share, low.approx)} ({low.title}),"
                 f" highest {formatting.percent(high.share, high.approx)} ({high.title})")
    return text + "."


def _headcount_words(row: Headcount) -> str:
    number = "unknown" if row.attended is None else formatting.headcount(row.attended, row.approx)
    return f"{number} at {row.title} ({formatting.date(row.date)})"


def _attendance_summary(rows: Sequence[Headcount]) -> str:
    if len(rows) <= MAX_LISTED:
        return f"Attendance: {'; '.join(_headcount_words(row) for row in rows)}."
    known = [row for row in rows if row.attended is not None]
    text = (f"Attendance at {len(rows)} meetups: from {_headcount_words(rows[0])}"
            f" to {_headcount_words(rows[-1])}")
    if known:
        high = max(known, key=lambda row: row.attended)
        text += f", highest {_headcount_words(high)}"
    return text + "."
