"""One meetup's answers to one question, as the data of a bar chart: bars, labels, summary (no matplotlib)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ..errors import NoData
from . import formatting, style
from .frames import (
    catalog_question,
    first_known,
    iso_date,
    option_labels,
    option_order,
    plain_bool,
    plain_float,
    plain_int,
    plain_str,
)
from .spec import Bar, ChartSpec, make_labels


def results_spec(aggregates: pd.DataFrame, survey: str, question: str, catalog: Any = None,
                 *, min_cell: int = 10, meetups: pd.DataFrame | None = None) -> ChartSpec:
    """The bars of one survey's question, options in catalog order.

    ``meetups`` (``survey.meetups``) tells whether the headcount is approximate;
    without it an all-approximate tally with no "answered" count is taken to
    have an approximate headcount.
    """
    selected = aggregates[(aggregates["survey"] == survey) & (aggregates["question"] == question)]
    if selected.empty:
        raise NoData(f"no aggregates for survey {survey!r}, question {question!r}")
    order = option_order(aggregates, question, catalog)
    return _spec(selected.to_dict("records"), survey, question, catalog, order, min_cell,
                 _approx_headcounts(meetups))


def results_specs(aggregates: pd.DataFrame, catalog: Any = None, *, min_cell: int = 10,
                  meetups: pd.DataFrame | None = None,
                  skip_kinds: tuple[str, ...] = ("attendance",),
                  orders: Mapping[str, Sequence[str]] | None = None) -> dict[tuple[str, str], ChartSpec]:
    """results_spec for every (survey, question) of ``aggregates`` at once, keyed by that pair.

    A site has one chart per meetup and question; converting the table to records once
    instead of filtering it per chart keeps planning linear in the number of rows.
    ``orders`` gives a question's answers in order where ``aggregates`` is part of a larger
    table (a question the catalog lacks is ordered by its first appearance in the whole).
    """
    by_cell: dict[tuple[str, str], list[dict]] = {}
    for record in aggregates.to_dict("records"):
        by_cell.setdefault((str(record["survey"]), str(record["question"])), []).append(record)
    approx = _approx_headcounts(meetups)
    order_of: dict[str, list[str]] = {}
    specs = {}
    for (survey, question), records in by_cell.items():
        entry = catalog_question(catalog, question)
        if entry is not None and entry.kind in skip_kinds:
            continue
        if question not in order_of:
            given = orders.get(question) if orders is not None else None
            order_of[question] = list(given) if given is not None else option_order(aggregates, question, catalog)
        specs[(survey, question)] = _spec(records, survey, question, catalog, order_of[question], min_cell, approx)
    return specs


def _approx_headcounts(meetups: pd.DataFrame | None) -> dict[str, bool] | None:
    if meetups is None:
        return None
    pairs = zip(meetups["survey"], meetups["attended_approx"], strict=True)
    return {str(name): plain_bool(flag) for name, flag in pairs}


def _spec(records: list[dict], survey: str, question: str, catalog: Any, order: list[str], min_cell: int,
          approx_headcounts: dict[str, bool] | None) -> ChartSpec:
    labels = option_labels(question, catalog)
    position = {option: index for index, option in enumerate(order)}
    records = sorted(records, key=lambda record: position.get(str(record["option"]), len(order)))
    bars = tuple(_bar(record, labels, position) for record in records)

    first = records[0]
    answered = plain_int(first_known([r["answered"] for r in records]))
    attended = plain_int(first_known([r["attended"] for r in records]))
    attended_approx = _attended_approx(survey, approx_headcounts, bars, answered)
    caption = formatting.caption(answered, attended, attended_approx, plain_str(first["base_kind"]))
    entry = catalog_question(catalog, question)
    title = entry.text if entry is not None else question
    survey_title = plain_str(first["title"]) or survey
    date = iso_date(first["date"])
    return ChartSpec(
        kind="results",
        key=f"results/{survey}/{question}",
        title=title,
        rows=bars,
        labels=make_labels(
            caption=caption,
            survey_title=survey_title,
            date=date,
            min_cell=min_cell,
            base_kind=plain_str(first["base_kind"]),
            base_approx="yes" if attended_approx and plain_str(first["base_kind"]) == "attended" else "",
            summary=_summary(bars, survey_title, date, caption, min_cell),
        ),
    )


def _bar(record: dict, labels: dict[str, str], position: dict[str, int]) -> Bar:
    option = str(record["option"])
    suppressed = plain_bool(record["suppressed"])
    return Bar(
        option=option,
        label=labels.get(option, option),
        colour=style.colour_for(position.get(option, len(position))),
        count=None if suppressed else plain_int(record["count"]),
        base=plain_int(record["base"]),
        share=None if suppressed else plain_float(record["share"]),
        ci_low=None if suppressed else plain_float(record["ci_low"]),
        ci_high=None if suppressed else plain_float(record["ci_high"]),
        approx=plain_bool(record["approx"]),
        suppression=(plain_str(record.get("suppression")) or "small") if suppressed else "",
    )


def _attended_approx(survey: str, approx_headcounts: dict[str, bool] | None, bars: tuple[Bar, ...],
                     answered: int | None) -> bool:
    if approx_headcounts is not None and survey in approx_headcounts:
        return approx_headcounts[survey]
    return answered is None and all(bar.approx for bar in bars)


def _summary(bars: tuple[Bar, ...], survey_title: str, date: str, caption: str,
             min_cell: int) -> str:
    parts = []
    for bar in bars:
        if bar.suppression:
            parts.append(f"{bar.label} {formatting.suppressed(bar.suppression, min_cell)}")
        elif bar.share is None:
            parts.append(f"{bar.label} unknown")
        else:
            part = f"{bar.label} {formatting.percent(bar.share, bar.approx)}"
            if bar.ci_low is not None and bar.ci_high is not None:
                part += f" (95 % CI {formatting.interval(bar.ci_low, bar.ci_high)})"
            parts.append(part)
    return f"{survey_title}, {formatting.date(date)}: {'; '.join(parts)}; {caption}."
