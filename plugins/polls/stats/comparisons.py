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
- Approximate tallies ("~20 of ~55") are compared over their whole plausible
  range (``polls.approx``: plus or minus max(2, 10 %) by default): the interval
  given is the union of the intervals at every corner of the ranges, so "rose"
  or "fell" holds for every count the room may have had, and the verdict says
  it allowed for the "≈" figures.
- ``pool`` and ``change`` need the counts, so they take the ``Survey`` (or its
  ``counts`` table, optionally with a ``kind`` column), not the aggregates whose
  suppressed rows have lost their counts.  Given an aggregates table anyway,
  they refuse suppressed cells rather than silently leaving them out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace
from fractions import Fraction
from typing import Any

import pandas as pd

from ..approx import DEFAULT_APPROX_RANGE, MARK, count_range, share_range
from ..names import listed, meetup_name
from .aggregate import add_figures, add_kinds, question_kinds
from .common_base import restate
from .compared import Change, Pooled, Trend
from .intervals import DEFAULT_CONFIDENCE, newcombe_interval, pearson_dispersion, proportion, spread_interval
from .rounding import whole_percent
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


def _counts_with_kinds(data: Any) -> pd.DataFrame:
    """The counts table (with ``kind`` and the figure columns) of a Survey, or a counts/aggregates frame."""
    if isinstance(data, pd.DataFrame):
        frame = data if "kind" in data.columns else data.assign(kind="")
    else:
        frame = add_kinds(data.counts, question_kinds(data.catalog))
    return add_figures(frame)


def plausible(cell: Any, approx_range=DEFAULT_APPROX_RANGE) -> dict[tuple[int, int], tuple[float, float]]:
    """(count, base) at the corners of a cell's plausible range, keyed by (count end, base end).

    An end is 0 for the low end of the range and 1 for the high end; an exact
    figure has the same value at both.  A share written as a percentage ("~45%")
    moves with its base: the count is the share of each plausible base, not a
    rounded head count.
    """
    bases = count_range(int(cell["base"]), bool(cell["base_approx"]), approx_range)
    written = cell["written"]
    if written is not None and not pd.isna(written):
        shares = (share_range(float(written) * 100, approx_range) if bool(cell["count_approx"])
                  else (float(written), float(written)))
        return {(i, j): (shares[i] * bases[j], float(bases[j])) for i in (0, 1) for j in (0, 1)}
    counts = count_range(int(cell["count"]), bool(cell["count_approx"]), approx_range)
    return {(i, j): (float(min(counts[i], bases[j])), float(bases[j])) for i in (0, 1) for j in (0, 1)}


def _shown(cell: Any) -> tuple[float, float]:
    """The (count, base) a page shows for a cell: a written percentage of its base, else the count."""
    written = cell["written"]
    if written is not None and not pd.isna(written):
        return float(written) * float(cell["base"]), float(cell["base"])
    return float(cell["count"]), float(cell["base"])


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
    published_only: bool = True,
) -> Pooled:
    """Sum one answer's counts and bases over ``surveys`` (all that asked it when None).

    Meetups without a base for the question are left out (their count would
    have nothing to be a share of), and so are those whose base is not
    ``base_kind`` ("answered" or "attended") when it is given: a share of
    respondents and a share of attendees do not add up.

    ``published_only`` (the default) pools only meetups whose own cell is
    published at ``min_cell``: a pooled total beside the published cells would
    give a hidden one back by subtraction.  When every selected cell is hidden the
    pool is hidden too (its sum would narrow them).  ``published_only=False`` pools
    the raw counts, for analysis that is never published.

    The interval allows for spread between meetups (see :func:`spread_interval`).
    Raises ValueError when a selected cell is already suppressed in an aggregates
    table, or when the question used different bases at different meetups and no
    ``base_kind`` says which to pool (the aggregates' ``base_kind`` column tells
    which there are).
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
    only_hidden = False
    if published_only and min_cell > 0 and not rows.empty:
        own = _cells(data, question, option, list(rows["survey"]), min_cell).set_index("survey")["suppressed"]
        shown = ~rows["survey"].map(own).fillna(False).astype(bool)
        only_hidden = not shown.any()
        if not only_hidden:
            rows = rows[shown]
    count = int(rows["count"].sum())
    base = int(rows["base"].sum())
    total = int(rows["answered"].fillna(rows["base"]).sum())
    reason = ""
    if not rows.empty and rows["kind"].iloc[0] != "attendance":
        if count < min_cell:
            reason = SMALL
        elif total - count < min_cell or only_hidden:
            reason = COMPLEMENT
    # a percentage typed into a tally counts as written (45 % of 30 is 13.5 people, not 14)
    shown_counts = [_shown(row)[0] for row in rows.to_dict("records")]
    shown = float(sum(shown_counts))
    share = proportion(shown, base)
    # widened for spread between meetups, measured on the published (shown) figures
    dispersion = pearson_dispersion(shown_counts, [float(b) for b in rows["base"]])
    low, high = spread_interval(shown, base, dispersion, confidence)
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
        dispersion=dispersion,
    )


#: What a share is of, by base kind, as verdicts say it.
SHARE_OF = {"answered": "those who answered", "attended": "everyone present"}

# Verdicts are published (the report prints them), so they give only the public reasons.
_HIDDEN_BECAUSE = {
    SMALL: "fewer than {n} people gave this answer",
    SECONDARY: "it is hidden so that another hidden figure cannot be worked out",
}


def signed_points(value: float) -> str:
    """A share difference in points as printed: 0.23 -> "+23.0", with a true minus sign."""
    return f"{value * 100:+.1f}".replace("-", "\N{MINUS SIGN}")


def _percent(count: float, base: float, approx: bool = False) -> str:
    # The same half-up whole percents and mark as the charts and the report, so a verdict's
    # "from 58 %" matches the 58 % beside it (and "~45%" stays 45 %).
    return f"{MARK if approx else ''}{whole_percent(Fraction(count).limit_denominator(10**6) / Fraction(base))} %"


def _not_comparable(question: str, option: str, a: str, b: str, why: str, named: dict[str, str],
                    approx: bool = False) -> Change:
    return Change(question, option, a, b, None, None, None, None, None, approx,
                  "not comparable", f"cannot compare {named[a]} with {named[b]}: {why}")


def _named(data: Any, surveys: Iterable[str]) -> dict[str, str]:
    """Each meetup as sentences name it (title and date), from the table's columns or the Survey's meetups."""
    frame = data if isinstance(data, pd.DataFrame) else getattr(data, "meetups", None)
    wanted = list(surveys)
    named = {survey: survey for survey in wanted}
    if frame is None or "title" not in frame.columns or "survey" not in frame.columns:
        return named
    rows = frame[frame["survey"].isin(wanted)].drop_duplicates("survey")
    dates = rows["date"] if "date" in rows.columns else [None] * len(rows)
    for survey, title, date in zip(rows["survey"], rows["title"], dates, strict=True):
        named[survey] = meetup_name(survey, title, date)
    return named


#: How each polling method reads in a verdict.
METHOD_WORDS = {"tally": "a show of hands", "form": "a form"}


def population_difference(a: Any, b: Any) -> str | None:
    """Why cells ``a`` and ``b`` are about different populations, or None when they are alike.

    A show of hands counts the room (who did not raise a hand is unknown), a form
    counts its respondents; a question shown only to those who gave some earlier
    answer is a share of them, not of everyone.  Cells without these columns
    (tables from before they were recorded) count as alike.
    """
    method_a, method_b = _text(a.get("method")), _text(b.get("method"))
    if method_a and method_b and method_a != method_b:
        return f"{METHOD_WORDS.get(method_a, method_a)} against {METHOD_WORDS.get(method_b, method_b)}"
    if _text(a.get("asked")) != _text(b.get("asked")):
        return "asked of different people"
    return None


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def change(
    data: Any,
    question: str,
    option: str,
    survey_a: str,
    survey_b: str,
    *,
    min_cell: int = DEFAULT_MIN_CELL,
    confidence: float = DEFAULT_CONFIDENCE,
    approx_range=DEFAULT_APPROX_RANGE,
) -> Change:
    """Did the share of ``option`` change from ``survey_a`` to ``survey_b``?

    "rose"/"fell" only when the Newcombe interval of the difference excludes 0 at
    every corner of the plausible ranges of the "~" figures (``approx_range``);
    the interval returned is the union over those corners.  Otherwise
    "no clear change".  Suppressed or missing cells, and two cells with
    different bases (a share of those who answered against a share of everyone
    present), give "not comparable", and so do two polls taken differently or asked
    of different people, unless ``data`` is the Survey and its catalog allows both to
    be restated on a common base (``common_base.restate``; the verdict and
    ``Change.common_base`` then say which base).
    """
    rows = _cells(data, question, option, [survey_a, survey_b], min_cell).set_index("survey")
    named = _named(data, (survey_a, survey_b))
    cells = {}
    for survey in (survey_a, survey_b):
        if survey not in rows.index:
            return _not_comparable(question, option, survey_a, survey_b,
                                   f"{named[survey]} has no figure for this answer", named)
        cell = rows.loc[survey]
        if bool(cell["suppressed"]):
            why = _HIDDEN_BECAUSE[public_reason(str(cell["suppression"]))].format(n=min_cell)
            return _not_comparable(question, option, survey_a, survey_b,
                                   f"the {named[survey]} figure is suppressed ({why})", named)
        if pd.isna(cell["count"]) or pd.isna(cell["base"]) or cell["base"] <= 0:
            return _not_comparable(question, option, survey_a, survey_b,
                                   f"{named[survey]} has no base for this question", named)
        cells[survey] = cell
    a, b = cells[survey_a], cells[survey_b]
    if a["base_kind"] != b["base_kind"]:
        # A share of respondents is not a share of attendees: their difference means nothing.
        return _not_comparable(
            question, option, survey_a, survey_b,
            f"different bases (the {named[survey_a]} figure is a share of "
            f"{SHARE_OF.get(a['base_kind'], a['base_kind'])}, the {named[survey_b]} figure a share of "
            f"{SHARE_OF.get(b['base_kind'], b['base_kind'])})", named)
    different = population_difference(a, b)
    restated = None if different is None else restate(data, question, option, a, b, survey_a, survey_b, min_cell)
    if different is not None and restated is None:
        return Change(question, option, survey_a, survey_b, None, None, None, None, None,
                      bool(a["approx"]) or bool(b["approx"]), "not comparable", f"not comparable: {different}")
    approx = bool(a["approx"]) or bool(b["approx"])
    if restated is None:
        (count_a, base_a), (count_b, base_b) = _shown(a), _shown(b)
        corners_a, corners_b = set(plausible(a, approx_range).values()), set(plausible(b, approx_range).values())
    else:
        (count_a, base_a), (count_b, base_b) = (restated.count_a, restated.base_a), (restated.count_b, restated.base_b)
        corners_a, corners_b = {(count_a, base_a)}, {(count_b, base_b)}
    difference = count_b / base_b - count_a / base_a
    low, high = math.inf, -math.inf
    for corner_a in corners_a:
        for corner_b in corners_b:
            _, corner_low, corner_high = newcombe_interval(*corner_b, *corner_a, confidence)
            low, high = min(low, corner_low), max(high, corner_high)
    if low > 0:
        direction = "rose"
    elif high < 0:
        direction = "fell"
    else:
        direction = "no clear change"
    level = f"{confidence * 100:g} %"
    interval = f"{level} CI {signed_points(low)} to {signed_points(high)} points"
    if approx:
        interval += f", allowing for the {MARK} figures"
    moved = (f"from {_percent(count_a, base_a, bool(a['approx']))} "
             f"to {_percent(count_b, base_b, bool(b['approx']))}")
    base = ""
    if restated is not None:
        moved += " on a common base"
        everyone = survey_a if restated.screened == survey_b else survey_b
        words = " or ".join(_quoted(q) for q in _ignore_words(data, question))
        ignored = f", its {restated.ignored} answers of {words} included" if restated.ignored else ""
        base = (f"shares of everyone who answered {_quoted(restated.screen_text)} at {named[restated.screened]}, "
                f"those it kept from this question counted as not giving this answer, and of everyone who "
                f"answered this question at {named[everyone]}{ignored}")
        interval += f"; {base}"
    if direction == "no clear change":
        verdict = f"no clear change: {moved} ({interval})"
    else:
        verdict = f"{direction} by {abs(difference) * 100:.1f} points, {moved} ({interval})"
    return Change(question, option, survey_a, survey_b, count_a / base_a, count_b / base_b, float(difference),
                  float(low), float(high), approx, direction, verdict, base)


def _quoted(text: str) -> str:
    return f"\N{LEFT DOUBLE QUOTATION MARK}{text}\N{RIGHT DOUBLE QUOTATION MARK}"


def _ignore_words(data: Any, question: str) -> tuple[str, ...]:
    entry = data.catalog.get(question)
    return entry.ignore if entry is not None and entry.ignore else ("no option",)


# --- a trend over every meetup, and many verdicts at once -------------------------------------

#: A verdict is claimed when its Holm-adjusted p-value is below this (and its interval excludes 0).
ALPHA = 0.05
#: Meetups with a published figure that a trend needs.
MIN_TREND_MEETUPS = 3
DAYS_PER_YEAR = 365.25


def _years(dates: pd.Series) -> list[float]:
    days = pd.to_datetime(dates)
    return ((days - days.min()).dt.days / DAYS_PER_YEAR).tolist()


def _corner_fits(years: list[float], cells: list[Any], approx_range, confidence: float) -> list:
    """The fit as shown, then with every "≈" figure at each joint corner of its range.

    Joint corners (every count at its low end and every base at its high end, and
    so on) model an organiser who over- or under-counts the room every time; they
    are where a trend carried by approximate figures is weakest.
    """
    from .intervals import binomial_trend

    configurations = [[_shown(cell) for cell in cells]]
    if any(bool(cell["approx"]) for cell in cells):
        corners = [plausible(cell, approx_range) for cell in cells]
        configurations += [[corner[end] for corner in corners] for end in ((0, 0), (0, 1), (1, 0), (1, 1))]
    return [binomial_trend(years, [c for c, _ in config], [b for _, b in config], confidence)
            for config in configurations]


_FIT_COLUMNS = ("survey", "title", "date", "count", "base", "base_kind", "method", "asked", "approx",
                "count_approx", "base_approx", "written")


def _population(cell: Any) -> tuple[str, str, str]:
    """What a cell is a share of: its base, how the poll was taken and who was asked."""
    return _text(cell.get("base_kind")), _text(cell.get("method")), _text(cell.get("asked"))


def _difference(a: Any, b: Any) -> str:
    """Why cells ``a`` and ``b`` are not one series (their populations differ), as a verdict says it."""
    if _text(a.get("base_kind")) != _text(b.get("base_kind")):
        return (f"a share of {SHARE_OF.get(a['base_kind'], a['base_kind'])} "
                f"against a share of {SHARE_OF.get(b['base_kind'], b['base_kind'])}")
    return population_difference(a, b) or "asked of different people"


def _fittable(cells: list[Any]) -> bool:
    return (len({cell["survey"] for cell in cells}) >= MIN_TREND_MEETUPS
            and len({cell["date"] for cell in cells}) >= 2)


def _meetups(n: int) -> str:
    return f"{n} meetup{'s' if n != 1 else ''}"


def _left_out_words(kept: Any, others: list[Any]) -> str:
    """"3 meetups polled by a form left out (not comparable with a show of hands): A, B and C"."""
    parts = []
    for population in dict.fromkeys(_population(cell) for cell in others):
        cells = [cell for cell in others if _population(cell) == population]
        sample = cells[0]
        method_k, method_o = _text(kept.get("method")), _text(sample.get("method"))
        if _text(kept.get("base_kind")) != _text(sample.get("base_kind")):
            what = (f"with shares of {SHARE_OF.get(sample['base_kind'], sample['base_kind'])} left out "
                    f"(not comparable with shares of {SHARE_OF.get(kept['base_kind'], kept['base_kind'])})")
        elif method_k and method_o and method_k != method_o:
            what = (f"polled by {METHOD_WORDS.get(method_o, method_o)} left out "
                    f"(not comparable with {METHOD_WORDS.get(method_k, method_k)})")
        else:
            what = "that asked different people left out (not comparable)"
        names = listed([meetup_name(cell["survey"], cell.get("title"), cell.get("date")) for cell in cells])
        parts.append(f"{_meetups(len(cells))} {what}: {names}")
    return "; ".join(parts)


def trend_fit(
    aggregates: pd.DataFrame,
    question: str,
    option: str,
    surveys: Iterable[str] | None = None,
    *,
    confidence: float = DEFAULT_CONFIDENCE,
    approx_range=DEFAULT_APPROX_RANGE,
) -> Trend:
    """Fit the trend of ``option`` over the published aggregates of ``surveys`` (all when None).

    A binomial GLM of the share on time in years, with overdispersion
    (``intervals.binomial_trend``).  Only published cells are fitted: a hidden cell
    stays hidden, and the trend says how many were left out.  Meetups polled by
    different methods, asked of different people (:func:`population_difference`) or
    with shares of different bases are not one series: the trend is fitted over the
    comparable majority (the population with the most meetups among those with
    enough for a trend; the latest meetup breaks a tie), and ``left_out`` and the
    verdict name the others and why.  It is "not comparable", never fitted, only
    when no population has enough meetups.  Adjust the trends of a page or a report
    together with :func:`adjust` before printing them.
    """
    rows = aggregates[(aggregates["question"] == question) & (aggregates["option"] == option)]
    if surveys is not None:
        rows = rows[rows["survey"].isin(list(surveys))]
    rows = add_figures(rows.sort_values(["date", "survey"], kind="stable"))
    hidden = tuple(rows.loc[rows["suppressed"].astype(bool), "survey"])
    rows = rows[~rows["suppressed"].astype(bool) & rows["count"].notna() & rows["base"].notna() & (rows["base"] > 0)]
    # only what a fit and its sentence read: a dict per meetup of every column costs more than the fit
    cells = rows[[column for column in _FIT_COLUMNS if column in rows.columns]].to_dict("records")
    populations: dict[tuple[str, str, str], list[Any]] = {}
    for cell in cells:
        populations.setdefault(_population(cell), []).append(cell)
    fittable = [key for key, members in populations.items() if _fittable(members)]
    empty = Trend(question, option, tuple(rows["survey"]), hidden, None, None, None, None,
                  bool(rows["approx"].any()), None)
    if len(populations) > 1 and not fittable:
        first = cells[0]
        other = next(cell for cell in cells if _population(cell) != _population(first))
        pair = listed([meetup_name(c["survey"], c.get("title"), c.get("date")) for c in (first, other)])
        return replace(empty, direction="not comparable",
                       verdict=f"not comparable: {_difference(first, other)} ({pair}); no one kind of poll "
                               f"has the {MIN_TREND_MEETUPS} meetups a trend needs")
    if not fittable:
        left_out = f", {_hidden_words(hidden)} left out" if hidden else ""
        return replace(empty, verdict=f"too few meetups with a published figure for a trend "
                                      f"(only {len(rows)}; a trend needs {MIN_TREND_MEETUPS}{left_out})")
    # the comparable majority: most meetups, then the most recent (what readers compare with today)
    chosen = max(fittable, key=lambda key: (len(populations[key]), max(c["date"] for c in populations[key])))
    kept = populations[chosen]
    others = [cell for cell in cells if _population(cell) != chosen]
    fits = _corner_fits(_years(pd.Series([cell["date"] for cell in kept])), kept, approx_range, confidence)
    shown = fits[0]
    return replace(empty, surveys=tuple(cell["survey"] for cell in kept),
                   approx=any(bool(cell["approx"]) for cell in kept),
                   slope=shown.slope, ci_low=min(fit.ci_low for fit in fits),
                   ci_high=max(fit.ci_high for fit in fits), p_value=shown.p_value,
                   dispersion=max(fit.dispersion for fit in fits),
                   left_out=tuple(cell["survey"] for cell in others),
                   left_out_why=_left_out_words(kept[0], others) if others else "")


def _hidden_words(hidden: tuple[str, ...]) -> str:
    # the public wording only: not which rule hid them, so no one learns "fewer than 10 said no"
    return f"{len(hidden)} hidden figure{'s' if len(hidden) > 1 else ''}"


def _per_year(value: float) -> str:
    return f"{signed_points(value)} points a year"


def _trend_verdict(trend: Trend, confidence: float) -> tuple[str, str]:
    """(direction, sentence) once ``adjusted_p`` and ``tested`` are known."""
    if trend.p_value is None:
        return trend.direction, trend.verdict
    excludes_zero = trend.ci_low > 0 or trend.ci_high < 0
    if trend.adjusted_p <= ALPHA and excludes_zero:
        direction = "rose" if trend.slope > 0 else "fell"
        head = f"{direction} by {abs(trend.slope) * 100:.1f} points a year"
    else:
        direction = "no clear change"
        head = f"no clear change: {_per_year(trend.slope)}"
    interval = f"{confidence * 100:g} % CI {signed_points(trend.ci_low)} to {signed_points(trend.ci_high)}"
    if trend.approx:
        interval += f", allowing for the {MARK} figures"
    meetups = f"over {len(trend.surveys)} meetups"
    if trend.hidden:
        interval = f"{_hidden_words(trend.hidden)} left out; {interval}"
    tests = "1 comparison" if trend.tested == 1 else f"{trend.tested} comparisons"
    left_out = f"; {trend.left_out_why}" if trend.left_out_why else ""
    return direction, (f"{head} {meetups} ({interval}; p {_p(trend.p_value)}; "
                       f"Holm-adjusted over {tests}, p {_p(trend.adjusted_p)}){left_out}")


def _p(value: float) -> str:
    return "< 0.001" if value < 0.001 else f"= {value:.3f}"


def decide(trend: Trend, adjusted_p: float | None, tested: int,
           confidence: float = DEFAULT_CONFIDENCE) -> Trend:
    """``trend`` with its adjusted p-value (from a family of ``tested`` comparisons) and its verdict."""
    item = replace(trend, tested=tested, adjusted_p=adjusted_p)
    direction, verdict = _trend_verdict(item, confidence)
    return replace(item, direction=direction, verdict=verdict)


def adjust(trends: Iterable[Trend], confidence: float = DEFAULT_CONFIDENCE) -> list[Trend]:
    """The trends of one page or one report, Holm-adjusted together, with their verdicts.

    Each tested trend (one with a p-value) counts as one comparison; "rose" or
    "fell" needs both an adjusted p below ``ALPHA`` (multiplicity) and an interval
    that excludes 0 at every corner of the plausible ranges (approximation).
    """
    from .intervals import holm

    trends = list(trends)
    tested = [i for i, t in enumerate(trends) if t.p_value is not None]
    adjusted = dict(zip(tested, holm([trends[i].p_value for i in tested]), strict=True))
    return [decide(item, float(adjusted[i]) if i in adjusted else None, len(tested), confidence)
            for i, item in enumerate(trends)]
