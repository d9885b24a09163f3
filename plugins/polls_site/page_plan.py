"""Which charts and pages a site's polls make: plain data, no Pelican.

One results chart per (meetup, question); one trend chart per (group, question,
option) for groups with at least two polled meetups; one attendance chart per
group.  Trend pages are per question (per group when the site has several).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from polls.charts import ChartSpec, attendance_spec, results_specs, trend_spec
from polls.stats.comparisons import Change, change

MIN_TREND_MEETUPS = 2


@dataclass(frozen=True)
class TrendPage:
    group: str  # "" when the site has one group
    question: str
    title: str
    save_as: str
    chart_keys: tuple[str, ...]
    # first against last polled meetup, per option: says "rose"/"fell" only when the interval excludes 0
    changes: tuple[tuple[str, Change], ...] = ()


@dataclass
class Plan:
    specs: list[ChartSpec] = field(default_factory=list)
    by_event: dict[str, list[str]] = field(default_factory=dict)  # survey -> chart keys in catalog order
    trend_pages: list[TrendPage] = field(default_factory=list)
    attendance: dict[str, str] = field(default_factory=dict)  # group -> chart key


def _questions_in(aggregates: pd.DataFrame, catalog) -> list:
    present = set(aggregates["question"])
    return [q for q in catalog.questions if q.id in present]


def plan(survey, aggregates: pd.DataFrame, min_cell: int, url_pattern: str) -> Plan:
    out = Plan()
    catalog = survey.catalog
    charted = [q for q in _questions_in(aggregates, catalog) if q.kind != "attendance"]
    # One pass over the table builds every meetup's results charts: filtering it per chart
    # made planning grow with meetups x rows.
    results = results_specs(aggregates, catalog, min_cell=min_cell, meetups=survey.meetups)
    for name in survey.meetups["survey"]:
        keys = []
        for question in charted:
            spec = results.get((name, question.id))
            if spec is not None:
                out.specs.append(spec)
                keys.append(spec.key)
        out.by_event[name] = keys

    groups = sorted(set(survey.meetups["group"]))
    several = len(groups) > 1
    by_group = dict(tuple(aggregates.groupby("group", sort=False)))
    meetups_by_group = dict(tuple(survey.meetups.groupby("group", sort=False)))
    for group in groups:
        in_group = by_group.get(group)
        if in_group is None or in_group["survey"].nunique() < MIN_TREND_MEETUPS:
            continue
        meetups = meetups_by_group[group]
        if meetups["attended"].notna().sum() >= MIN_TREND_MEETUPS:
            spec = attendance_spec(meetups, group)
            out.specs.append(spec)
            out.attendance[group] = spec.key
        by_question = dict(tuple(in_group.groupby("question", sort=False)))
        for question in charted:
            rows = by_question.get(question.id)
            if rows is None or rows["survey"].nunique() < MIN_TREND_MEETUPS:
                continue
            keys, changes = [], []
            ordered = rows.sort_values(["date", "survey"])["survey"]
            first, last = ordered.iloc[0], ordered.iloc[-1]
            by_option = dict(tuple(rows.groupby("option", sort=False)))
            # the two meetups' published rows: their kinds and suppression are already decided
            # (per meetup and question), so change() need not decide them again per option
            pair = rows[rows["survey"].isin([first, last])]
            for option in question.options:
                if option.id not in by_option:
                    continue
                spec = trend_spec(by_option[option.id], question.id, option.id, group, catalog=catalog,
                                  min_cell=min_cell)
                out.specs.append(spec)
                keys.append(spec.key)
                changes.append((option.label, change(pair, question.id, option.id, first, last, min_cell=min_cell)))
            if keys:
                slug = f"{group}/{question.id}" if several else question.id
                out.trend_pages.append(TrendPage(
                    group=group if several else "", question=question.id, title=question.text,
                    save_as=url_pattern.format(slug=slug), chart_keys=tuple(keys), changes=tuple(changes)))
    return out
