"""Which charts, figures and pages a site's polls make: plain data, no Pelican.

Each meetup's results become HTML figures, one per catalog topic (drawn by the
page, not by matplotlib); one trend chart per (group, question, option) for
groups with at least two polled meetups; one attendance chart per group.  Trend
pages are per question (per group when the site has several).

Each trend page states one verdict per option, from every meetup of its group
(``comparisons.trend_fit``), Holm-adjusted over the page's verdicts; the first
against the latest meetup (``comparisons.change``) is kept as a row of data for the
page's table, not as a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kernel.fingerprint import Fingerprinted, fingerprinted
from polls.approx import DEFAULT_APPROX_RANGE
from polls.charts import formatting
from polls.stats.compared import Change, Trend

if TYPE_CHECKING:
    import pandas as pd
    from polls.charts.html_figure import TopicFigure
    from polls.charts.spec import ChartSpec

MIN_TREND_MEETUPS = 2


@dataclass(frozen=True)
class TrendPage:
    group: str  # "" when the site has one group
    question: str
    title: str
    save_as: str
    chart_keys: tuple[str, ...]
    # first against last polled meetup, per option: figures for the data table, not verdicts
    changes: tuple[tuple[str, Change], ...] = ()
    # per option, over every meetup of the group, Holm-adjusted over this page: the page's verdicts
    trends: tuple[tuple[str, Trend], ...] = ()
    # the first against the latest meetup as table rows: (answer, first, latest, difference, interval)
    first_latest: tuple[tuple[str, str, str, str, str], ...] = ()
    first_title: str = ""
    latest_title: str = ""

    @property
    def tested(self) -> int:
        """How many comparisons this page tested (and adjusted together)."""
        return max((trend.tested for _, trend in self.trends), default=0)


@dataclass
class Plan:
    specs: list[ChartSpec] = field(default_factory=list)  # the charts to draw
    # survey -> its results as HTML figures, one per topic, catalog order
    figures: dict[str, tuple[TopicFigure, ...]] = field(default_factory=dict)
    # (survey, question) -> its results rows: what the figures and the [[poll ...]] directive show
    results: dict[tuple[str, str], ChartSpec] = field(default_factory=dict)
    trend_pages: list[TrendPage] = field(default_factory=list)
    attendance: dict[str, str] = field(default_factory=dict)  # group -> chart key


def _first_latest_row(label: str, result: Change, approx: dict[str, bool]) -> tuple[str, str, str, str, str]:
    """A data-table row of figures; the words "rose" or "fell" stay with the page's verdicts."""
    from polls.stats.comparisons import signed_points

    def share(value: float | None, survey: str) -> str:
        return formatting.DASH if value is None else formatting.percent(value, approx.get(survey, False))

    if result.difference is None:
        # the refusal's reason, meetups named by title and date: "a show of hands against a form",
        # "the Demo City Cloud Native #14 (13 Feb 2025) figure is suppressed (...)"
        why = result.verdict.split(": ", 1)[1] if ": " in result.verdict else result.verdict
        return (label, share(result.share_a, result.survey_a), share(result.share_b, result.survey_b),
                "not compared", why)
    return (label, share(result.share_a, result.survey_a), share(result.share_b, result.survey_b),
            signed_points(result.difference), f"{signed_points(result.ci_low)} to {signed_points(result.ci_high)}")


def _meetup_name(rows: pd.DataFrame, survey: str) -> str:
    import pandas as pd

    row = rows[rows["survey"] == survey].iloc[0]
    return f"{row['title'] or survey} ({formatting.date(pd.Timestamp(row['date']).date().isoformat())})"


def _questions_in(aggregates: pd.DataFrame, catalog) -> list:
    present = set(aggregates["question"])
    return [q for q in catalog.questions if q.id in present]


@dataclass(frozen=True)
class GroupPlan:
    """One group's meetup results, trend and attendance charts and trend pages: what :func:`group_plan` makes."""

    specs: tuple[ChartSpec, ...]
    attendance: str | None  # its attendance chart's key
    trend_pages: tuple[TrendPage, ...]
    results: dict[tuple[str, str], ChartSpec] = field(default_factory=dict)  # as Plan.results, its meetups'
    figures: dict[str, Fingerprinted] = field(default_factory=dict)  # as Plan.figures, its meetups'


def plan(survey, aggregates: pd.DataFrame, min_cell: int, url_pattern: str,
         approx_range=DEFAULT_APPROX_RANGE, memo=None) -> Plan:
    """The plan of ``survey``; ``memo(inputs, make)`` may give a group's plan kept from an earlier build of the
    same ``inputs`` (the arguments of :func:`group_plan`) instead of ``make()``."""
    from polls.charts.frames import option_order

    out = Plan()
    catalog = survey.catalog
    charted = tuple(q for q in _questions_in(aggregates, catalog) if q.kind != "attendance")
    # an answer's place is the catalog's, or (a question the catalog lacks) its first appearance in the whole
    # survey: decided here, so each group's results are a function of its own rows and these
    orders = {question: tuple(option_order(aggregates, question, catalog))
              for question in dict.fromkeys(aggregates["question"].astype(str))}
    several = len(set(survey.meetups["group"])) > 1
    by_group = dict(tuple(aggregates.groupby("group", sort=False)))
    results, figures = {}, {}
    for group, meetups in survey.meetups.groupby("group", sort=True):
        in_group = by_group.get(group, aggregates.iloc[0:0])
        # numbered from 0 within the group, so the group's inputs are the same whatever other groups hold
        inputs = (group, in_group.reset_index(drop=True), meetups.reset_index(drop=True), charted, catalog,
                  min_cell, url_pattern, tuple(approx_range), several,
                  {question: orders[question] for question in dict.fromkeys(in_group["question"].astype(str))})
        made = memo(inputs, lambda inputs=inputs: group_plan(*inputs)) if memo else group_plan(*inputs)
        results.update(made.results)
        figures.update(made.figures)
        out.specs += made.specs
        if made.attendance is not None:
            out.attendance[group] = made.attendance
        out.trend_pages += made.trend_pages
    # in the survey's own order, as one pass over the whole table made them
    pairs = zip(aggregates["survey"].astype(str), aggregates["question"].astype(str), strict=True)
    out.results = {pair: results[pair] for pair in dict.fromkeys(pairs) if pair in results}
    out.figures = {name: figures[name] for name in survey.meetups["survey"]}
    return out


def group_plan(group: str, in_group: pd.DataFrame, meetups: pd.DataFrame, charted: tuple, catalog, min_cell: int,
               url_pattern: str, approx_range: tuple, several: bool, orders: dict) -> GroupPlan:
    """One group's results, charts and trend pages, from its own rows alone (``in_group``, ``meetups``) and the
    order of each question's answers (``orders``)."""
    # the engine's planning code (pandas, the statistics libraries) is imported only to plan: the
    # records above are what a cached plan is made of, and unpickling them must stay light
    from polls.charts.html_figure import topic_figures
    from polls.charts.results_data import results_specs
    from polls.charts.trend_data import attendance_spec, trend_spec
    from polls.stats.comparisons import adjust, change, trend_fit

    # one pass over the group's rows builds every meetup's results: filtering them per meetup grew
    # with meetups x rows
    results = results_specs(in_group, catalog, min_cell=min_cell, meetups=meetups, orders=orders)
    # fingerprinted here, once: every build's event pages are checked against them (kernel.fingerprint)
    figures = {name: fingerprinted(topic_figures([results[(name, q.id)] for q in charted if (name, q.id) in results],
                                                 catalog))
               for name in meetups["survey"]}
    specs, pages, attendance = [], [], None
    if in_group["survey"].nunique() < MIN_TREND_MEETUPS:
        return GroupPlan((), None, (), results, figures)
    if meetups["attended"].notna().sum() >= MIN_TREND_MEETUPS:
        spec = attendance_spec(meetups, group)
        specs.append(spec)
        attendance = spec.key
    by_question = dict(tuple(in_group.groupby("question", sort=False)))
    for question in charted:
        rows = by_question.get(question.id)
        if rows is None or rows["survey"].nunique() < MIN_TREND_MEETUPS:
            continue
        keys, changes, trends = [], [], []
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
            specs.append(spec)
            keys.append(spec.key)
            changes.append((option.label, change(pair, question.id, option.id, first, last, min_cell=min_cell,
                                                 approx_range=approx_range)))
            trends.append((option.label, trend_fit(by_option[option.id], question.id, option.id,
                                                   approx_range=approx_range)))
        if keys:
            slug = f"{group}/{question.id}" if several else question.id
            approx = {(r["survey"], r["option"]): bool(r["approx"]) for r in pair.to_dict("records")}
            pages.append(TrendPage(
                group=group if several else "", question=question.id, title=question.text,
                save_as=url_pattern.format(slug=slug), chart_keys=tuple(keys), changes=tuple(changes),
                trends=tuple(zip([label for label, _ in trends], adjust(t for _, t in trends), strict=True)),
                first_latest=tuple(
                    _first_latest_row(label, c, {s: a for (s, o), a in approx.items() if o == c.option})
                    for label, c in changes),
                first_title=_meetup_name(rows, first), latest_title=_meetup_name(rows, last)))
    return GroupPlan(tuple(specs), attendance, tuple(pages), results, figures)
