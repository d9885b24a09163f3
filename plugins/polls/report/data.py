"""The report's content as plain data: the same words and numbers for HTML, PDF and Markdown.

Everything a reader sees is decided here, so the three formats cannot disagree:
figures are pooled with ``polls.stats.comparisons.pool`` (counts added, never shares
averaged), changes are the trends over every meetup of the period
(``polls.stats.comparisons.trend_fit``, the same verdict as the site's trend pages),
adjusted together with the attendance trends over the whole report by Holm's
method (the report says how many it tested), and numbers are written with the chart library's
formatting (whole percents rounded half up, "≈" for approximate figures).

Privacy: only published cells go into a pool.  The site publishes each
meetup's own figures, so pooling a meetup whose cell is hidden would give that
cell back by subtraction; the pool says over how many of the meetups it runs.
Free-text answers (``survey.texts``) are never read here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

import pandas as pd
from kernel.safepath import Outside, resolve_inside

from ..charts import ChartSpec, attendance_spec, formatting, results_spec, trend_spec
from ..read.catalog import Question
from ..read.folder import Survey
from ..stats.aggregate import aggregate
from ..stats.comparisons import ALPHA, Pooled, Trend, decide, pool, trend_fit
from ..stats.intervals import holm
from . import headline as hl
from .errors import Problem, ReportError
from .options import ReportOptions
from .records import ReportEvent as Event
from .records import ReportGroup as Group
from .records import ReportSite as Site
from .records import ReportSponsor as Sponsor
from .selection import Selection, select

EXAMPLE_LABEL = "example data"
POLL_METHODS = {
    "tally": "show of hands, counted by the organisers and typed in afterwards",
    "google-forms": "Google Forms questionnaire",
    "surveymonkey": "SurveyMonkey questionnaire",
    "ms-forms": "Microsoft Forms questionnaire",
}
BASE_WORDS = {"attended": "share of everyone present", "answered": "share of those who answered the question"}


@dataclass(frozen=True)
class PooledFigure:
    """One answer pooled over the period's meetups: its published share, or why it is not shown."""

    question: str
    option: str
    label: str
    share: str  # "≈20 %"; "" when not shown
    interval: str  # "13–29 %" (95 % Wilson); "" when not shown
    n: str  # "≈100 attended": the pooled base
    meetups: str  # "14 meetups", or "12 of 14 meetups" when some meetup's own figure is hidden
    note: str  # why the figure is not shown; "" when it is
    pooled: Pooled | None


@dataclass(frozen=True)
class QuestionFigures:
    question: str
    text: str
    base: str  # BASE_WORDS entry
    figures: tuple[PooledFigure, ...]


@dataclass(frozen=True)
class ChangeLine:
    question: str
    option: str
    direction: str  # rose, fell, no clear change, not tested
    sentence: str
    trend: Trend | None = None  # before the report's adjustment; None once the sentence is final


@dataclass(frozen=True)
class TalkRow:
    title: str
    speakers: str
    event: str
    date: str
    link: str
    demo: bool


@dataclass(frozen=True)
class MeetupRow:
    slug: str
    title: str
    date: str
    attendance: str  # "≈100", "unknown"
    method: str  # how the poll was taken, "no poll"
    demo: bool


@dataclass(frozen=True)
class GroupSection:
    slug: str
    name: str  # with "(example data)" for demo groups
    demo: bool
    headline: hl.Headline
    figures: tuple[tuple[str, str], ...]  # (label, value) headline rows
    attendance_sentence: str
    meetups: tuple[MeetupRow, ...]
    audience: tuple[QuestionFigures, ...]
    adoption: tuple[QuestionFigures, ...]
    changes: tuple[ChangeLine, ...]
    charts: tuple[ChartSpec, ...]
    talks: tuple[TalkRow, ...]


@dataclass(frozen=True)
class SponsorRow:
    slug: str
    name: str
    url: str
    logo: Path | None  # the logo file under content/, None when there is none
    logo_path: str  # the logo as the content names it (and the site publishes it): images/sponsors/x.svg
    events: tuple[str, ...]  # "Docker Brno #2 (15 Oct 2015)"
    demo: bool


@dataclass(frozen=True)
class Report:
    title: str
    scope: str  # one sentence: period, group, sponsor
    date: dt.date  # the last meetup's date: the report's only date
    demo: bool  # some of it is example data
    groups: tuple[GroupSection, ...]
    sponsors: tuple[SponsorRow, ...]
    methodology: tuple[str, ...]
    min_cell: int
    tested: int = 0  # comparisons the report tested and adjusted together (poll and attendance trends)


def day(value: dt.date) -> str:
    return formatting.date(value.isoformat())


def labelled(name: str, demo: bool) -> str:
    """A demo thing's name says it is example data (once, even if the name already does)."""
    return name if not demo or EXAMPLE_LABEL in name.lower() else f"{name} ({EXAMPLE_LABEL})"


def _meetups_word(n: int) -> str:
    return f"{n} meetup{'s' if n != 1 else ''}"


# -- figures ------------------------------------------------------------------------------


def _pooled_kind(cells: pd.DataFrame, wanted: str) -> tuple[str | None, dict[str, str]]:
    """The base kind to pool (the catalog's, when any meetup has it) and the meetups with another one.

    A poll without a headcount gives shares of those who answered where the catalog
    asks for shares of everyone present; the two do not add up, so such a meetup is
    left out of the pool and the figure says so.
    """
    based = cells[cells["base"].notna() & cells["base"].fillna(0).gt(0)]
    kinds = set(based["base_kind"])
    if not kinds:
        return None, {}
    kind = wanted if wanted in kinds else sorted(kinds)[0]
    other = based[based["base_kind"] != kind]
    return kind, dict(zip(other["survey"], other["base_kind"], strict=True))


def _figure(survey: Survey, aggregates: pd.DataFrame, question: Question, option: str, label: str,
            surveys: list[str], min_cell: int) -> PooledFigure:
    cells = aggregates[(aggregates["question"] == question.id) & (aggregates["option"] == option)
                       & aggregates["survey"].isin(surveys)]
    asked = list(cells["survey"])
    shown = cells[~cells["suppressed"].astype(bool)]
    kind, other = _pooled_kind(shown, question.base)
    published = [s for s in shown["survey"] if s not in other]
    counted = _meetups_word(len(asked)) if len(published) == len(asked) else \
        f"{len(published)} of {_meetups_word(len(asked))}"
    if other:
        words = ", ".join(BASE_WORDS.get(k, k) for k in sorted(set(other.values())))
        counted += f" ({len(other)} not comparable, different base: {words})"
    if not published:
        return PooledFigure(question.id, option, label, "", "", "", counted,
                      f"hidden at every meetup (fewer than {min_cell} people, or would reveal such a figure)", None)
    pooled = pool(survey, question.id, option, published, min_cell=min_cell, base_kind=kind)
    n = f"{formatting.count(pooled.base, pooled.approx)} {pooled.base_kind}"
    if pooled.suppressed or pooled.share is None:
        return PooledFigure(question.id, option, label, "", "", n, counted,
                      formatting.suppressed(pooled.suppression, min_cell), pooled)
    # As an exact fraction: a float share can turn 57.5 % into "57 %" (23/40 comes back exactly).
    exact = Fraction(pooled.share).limit_denominator(10**6)
    return PooledFigure(question.id, option, label, formatting.percent(exact, pooled.approx),
                  formatting.interval(pooled.ci_low, pooled.ci_high), n, counted, "", pooled)


def _options(question: Question, rows: pd.DataFrame) -> list[tuple[str, str]]:
    present = set(rows["option"])
    if question.kind == "yes-no":
        return [("yes", question.text)] if "yes" in present else []
    if question.kind == "attendance":
        return [(o, question.text) for o in sorted(present)]
    return [(o.id, o.label) for o in question.options if o.id in present]


def _topic(survey: Survey, aggregates: pd.DataFrame, surveys: list[str], topic: str,
           min_cell: int) -> tuple[QuestionFigures, ...]:
    rows = aggregates[aggregates["survey"].isin(surveys)]
    out = []
    for question in survey.catalog.questions:
        if question.topic != topic or not (rows["question"] == question.id).any():
            continue
        asked = rows[rows["question"] == question.id]
        figures = tuple(_figure(survey, aggregates, question, option, label, surveys, min_cell)
                        for option, label in _options(question, asked))
        if figures:
            out.append(QuestionFigures(question.id, question.text, BASE_WORDS.get(question.base, question.base),
                                       figures))
    return tuple(out)


def _changes(aggregates: pd.DataFrame, surveys: list[str], adoption: tuple[QuestionFigures, ...],
             approx_range) -> tuple[ChangeLine, ...]:
    """Per answer, the trend over the comparable meetups of the period; sentences follow in ``_adjusted``."""
    out = []
    for block in adoption:
        for figure in block.figures:
            asked = aggregates[(aggregates["question"] == figure.question) & (aggregates["option"] == figure.option)
                               & aggregates["survey"].isin(surveys)]
            if asked["survey"].nunique() < 2:
                continue
            label = figure.label if figure.label == block.text else f"{block.text}: {figure.label}"
            result = trend_fit(asked, figure.question, figure.option, approx_range=approx_range)
            out.append(ChangeLine(figure.question, figure.option, "", label, result))
    return tuple(out)


def _adjusted(sections: tuple[GroupSection, ...]) -> tuple[tuple[GroupSection, ...], int]:
    """Every verdict of the report adjusted together (Holm): the poll trends and the attendance trends.

    Returns the sections with their final sentences, and how many comparisons were tested.
    """
    lines = [line for section in sections for line in section.changes if line.trend.p_value is not None]
    counted = [section for section in sections if section.headline.trend.p_value is not None]
    p_values = [line.trend.p_value for line in lines] + [s.headline.trend.p_value for s in counted]
    tested = len(p_values)
    adjusted = iter(holm(p_values)) if p_values else iter(())
    by_line = {id(line): float(next(adjusted)) for line in lines}
    by_section = {id(section): float(next(adjusted)) for section in counted}
    out = []
    for section in sections:
        changes = []
        for line in section.changes:
            trend = decide(line.trend, by_line.get(id(line)), tested)
            changes.append(ChangeLine(line.question, line.option, trend.direction,
                                      f"{line.sentence}: {trend.verdict}.", None))
        sentence = section.attendance_sentence
        if id(section) in by_section:
            sentence = attendance_sentence(section.headline.trend, section.headline.attendance_approx,
                                           section.headline.headcounts, by_section[id(section)], tested)
        out.append(replace(section, changes=tuple(changes), attendance_sentence=sentence))
    return tuple(out), tested


# -- charts -------------------------------------------------------------------------------


def _headcounts(events: list[Event]) -> pd.DataFrame:
    """The chart library's meetups table for the period's events, polled or not."""
    return pd.DataFrame({
        "survey": [e.slug for e in events],
        "title": [e.title for e in events],
        "date": pd.to_datetime([e.date for e in events]),
        "group": [e.group.slug if e.group else "" for e in events],
        "attended": pd.array([e.attended for e in events], dtype="Int64"),
        "attended_approx": [e.attended_approx for e in events],
    })


def _charts(survey: Survey, aggregates: pd.DataFrame, events: list[Event], surveys: list[str], group: str,
            adoption: tuple[QuestionFigures, ...], min_cell: int) -> tuple[ChartSpec, ...]:
    specs = []
    if sum(e.attended is not None for e in events) >= 2:
        specs.append(attendance_spec(_headcounts(events), group))
    rows = aggregates[aggregates["survey"].isin(surveys)]
    for block in adoption:
        asked = rows[rows["question"] == block.question]
        if asked["survey"].nunique() == 1:
            specs.append(results_spec(aggregates, asked["survey"].iloc[0], block.question, survey.catalog,
                                      min_cell=min_cell, meetups=survey.meetups))
            continue
        for figure in block.figures:
            if (asked["option"] == figure.option).sum() >= 2:
                specs.append(trend_spec(asked, figure.question, figure.option, group,
                                        catalog=survey.catalog, min_cell=min_cell))
    return tuple(specs)


# -- sections -----------------------------------------------------------------------------


def _headline_rows(h: hl.Headline) -> tuple[tuple[str, str], ...]:
    rows = [("Meetups held", str(h.meetups))]
    if h.total_attendance is None:
        rows.append(("Attendance", "no headcount recorded"))
    else:
        counted = "" if h.headcounts == h.meetups else f" ({h.headcounts} of {h.meetups} meetups counted)"
        rows.append(("Total attendance", formatting.headcount(h.total_attendance, h.attendance_approx) + counted))
        median = h.median_attendance
        shown = f"{median:g}" if median == int(median) else f"{median:.1f}"
        rows.append(("Median attendance", (formatting.ABOUT if h.attendance_approx else "") + shown))
    rows += [("Talks", str(h.talks)), ("Distinct speakers", str(h.speakers))]
    return tuple(rows)


def _median(values) -> str:
    import statistics

    value = statistics.median(values)
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def attendance_sentence(trend: hl.AttendanceTrend, approx: bool, known: int, adjusted_p: float | None = None,
                        tested: int = 0) -> str:
    """One sentence on attendance over the period; "rose"/"fell" only when the test supports it.

    With ``adjusted_p`` (Holm, over the report's ``tested`` comparisons) the claim
    needs the adjusted p-value below the threshold, and the sentence gives both.
    """
    if trend.p_value is None:
        return (f"Too few meetups with a headcount to speak of an attendance trend "
                f"(a trend needs at least {2 * hl.MIN_PER_HALF}; "
                f"{f'this period has {known}' if known else 'this period has none'}).")
    sign = formatting.ABOUT if approx else ""
    halves = (f"median {sign}{_median(trend.first)} at the first {len(trend.first)} meetups, "
              f"{sign}{_median(trend.second)} at the last {len(trend.second)}")
    test = f"permutation test of the means, p = {trend.p_value:.2f}"
    direction = trend.direction
    if adjusted_p is not None:
        test += f"; Holm-adjusted over {tested} comparison{'s' if tested != 1 else ''}, p = {adjusted_p:.2f}"
        if adjusted_p > ALPHA:
            direction = "no clear change"
    if direction == "no clear change":
        return f"No clear change in attendance: {halves} ({test}; a change is claimed only below {hl.ALPHA:g})."
    return f"Attendance {direction}: {halves} ({test})."


def _talk_link(url: str, siteurl: str) -> str:
    return f"{siteurl}/{url}" if siteurl and url else url


def _section(site_group: Group | None, events: list[Event], survey: Survey, aggregates: pd.DataFrame,
             options: ReportOptions) -> GroupSection:
    min_cell = options.min_cell
    demo = bool(site_group and site_group.demo)
    slug = site_group.slug if site_group else ""
    polled = set(survey.meetups["survey"])
    surveys = [e.slug for e in events if e.slug in polled]
    by_survey = survey.meetups.set_index("survey")
    meetups = tuple(
        MeetupRow(
            e.slug, e.title, day(e.date),
            formatting.headcount(e.attended, e.attended_approx) if e.attended is not None else "unknown",
            _method(by_survey.loc[e.slug]) if e.slug in polled else "no poll",
            demo,
        )
        for e in events
    )
    figures = hl.headline(events)
    adoption = _topic(survey, aggregates, surveys, "adoption", min_cell)
    talks = tuple(
        TalkRow(t.title, ", ".join(r.name + (f" ({r.affiliation})" if r.affiliation else "")
                                   for r in t.speakers),
                e.title, day(e.date), _talk_link(t.url, options.siteurl), demo)
        for e in events for t in e.talks
    )
    return GroupSection(
        slug=slug,
        name=labelled(site_group.name if site_group else "All meetups", demo),
        demo=demo,
        headline=figures,
        figures=_headline_rows(figures),
        attendance_sentence=attendance_sentence(figures.trend, figures.attendance_approx, figures.headcounts),
        meetups=meetups,
        audience=_topic(survey, aggregates, surveys, "audience", min_cell),
        adoption=adoption,
        changes=_changes(aggregates, surveys, adoption, options.approx_range),
        charts=_charts(survey, aggregates, events, surveys, slug, adoption, min_cell),
        talks=talks,
    )


def _method(meetup: pd.Series) -> str:
    method = POLL_METHODS.get(meetup["format"], meetup["format"])
    if pd.notna(meetup["respondents"]):
        attended = meetup["attended"]
        present = "" if pd.isna(attended) else \
            f" of {formatting.headcount(int(attended), bool(meetup['attended_approx']))} present"
        method += f", {int(meetup['respondents'])} responses{present}"
    return method


def _logo_file(content_dir: Path, logo: str) -> Path | None:
    """The logo's file inside content/; a name leading out of it is never read (the site loader reports it)."""
    if not logo or "://" in logo:
        return None
    try:
        path = resolve_inside(content_dir, logo)
    except Outside:
        return None
    return path if path.is_file() else None


def _sponsors(selection: Selection, site: Site, content_dir: Path) -> tuple[SponsorRow, ...]:
    chosen: list[Sponsor] = [selection.sponsor] if selection.sponsor else sorted(
        {s for e in selection.events for s in e.sponsors}, key=lambda s: (s.name.lower(), s.slug))
    out = []
    for sponsor in chosen:
        events = [e for e in selection.events if sponsor in e.sponsors]
        logo = _logo_file(content_dir, sponsor.logo)
        demo = bool(events) and all(e.demo for e in events)
        out.append(SponsorRow(
            sponsor.slug, labelled(sponsor.name, demo), sponsor.url,
            logo, sponsor.logo,
            tuple(labelled(f"{e.title}, {day(e.date)}", e.demo) for e in events), demo,
        ))
    return tuple(out)


def _methodology(sections: tuple[GroupSection, ...], min_cell: int, tested: int) -> tuple[str, ...]:
    approx_meetups = [m.title for s in sections for m in s.meetups if m.attendance.startswith(formatting.APPROX)]
    out = [
        "How the polls were taken: the organisers asked the audience at each polled meetup, either by a show "
        "of hands (counted or estimated in the room and typed in afterwards) or with an online questionnaire "
        "exported from the form tool; each group's list of meetups says which, and how many people responded.",
        "Approximate figures: ≈ marks every approximate figure: a tally typed as \"~20\", a rounded "
        "percentage, or an approximate headcount. A percentage typed into a tally is shown as written. "
        + (f"Approximate headcounts: {', '.join(approx_meetups)}." if approx_meetups else
           "Every headcount in this period is exact."),
        "Bases: each share says what it is a share of. Show-of-hands questions are shares of everyone present "
        "(the headcount, \"attended\"); questionnaire-only questions are shares of those who answered "
        "(\"answered\"). n is the base: the people the share is taken of.",
        "Figures for the period add up the counts and the bases over the meetups (they never average "
        "percentages), with a 95 % Wilson interval. Percentages are whole numbers, rounded half up.",
        "Changes use every comparable meetup of the period that asked (polled the same way, of the same people, "
        "with shares of the same base; a change names the meetups it leaves out): a binomial model of the share "
        "over time "
        "(overdispersion allowed for), stated in points a year with a 95 % interval (the average over the "
        "meetups of the slope of the share, by the delta method). A change is called a rise or a fall only "
        "when its Holm-adjusted p-value is below 0.05 and its interval excludes zero for every plausible value "
        "of the ≈ figures (\"~x\" is read as x plus or minus the larger of 2 and 10 %, by default).",
        f"Comparisons: this report tested {tested} comparison{'s' if tested != 1 else ''} (every change and "
        "attendance trend stated in it) and adjusted them together with Holm's method, so the chance that any "
        "of its claims is a fluke stays below 5 %.",
        f"Privacy: a figure below {min_cell} people (POLLS_MIN_CELL), or one that would let such a figure be "
        "worked out from the others, is not shown; a meetup whose own figure is hidden is left out of the "
        "period's figure, which then says over how many meetups it runs. Names, e-mail addresses and "
        "free-text answers are never part of the report.",
        "Attendance trend: the headcounts of the first half of the period's meetups against the second half "
        f"(permutation test of the means, two-sided); a rise or fall is claimed only when the Holm-adjusted "
        f"p < {hl.ALPHA:g} and each half has at least {hl.MIN_PER_HALF} meetups.",
    ]
    if any(s.demo for s in sections):
        out.append("Example data: groups marked \"example data\" are fictional and ship with Recap to show "
                   "how the report reads; their figures describe no real meetup.")
    return tuple(out)


def _scope(selection: Selection) -> str:
    parts = [f"Meetups held on {day(selection.start)}" if selection.start == selection.end
             else f"Meetups held from {day(selection.start)} to {day(selection.end)}"]
    if selection.group is not None:
        parts.append(f"of {labelled(selection.group.name, selection.group.demo)}")
    if selection.sponsor is not None:
        parts.append(f"supported by {selection.sponsor.name}")
    return " ".join(parts) + "."


def build_report(site: Site, survey: Survey, options: ReportOptions, today: dt.date,
                 content_dir: Path) -> Report:
    """Everything the report says, for the meetups ``options`` select; ReportError when there is nothing."""
    selection = select(site, options, today)
    polled = set(survey.meetups["survey"])
    if not any(e.slug in polled for e in selection.events):
        raise ReportError(Problem("survey-report", 0, 0,
                                  f"no poll data for the {_meetups_word(len(selection.events))} selected "
                                  f"({day(selection.start)} to {day(selection.end)}): nothing to report"))
    aggregates = aggregate(survey, min_cell=options.min_cell)
    groups: dict[str, tuple[Group | None, list[Event]]] = {}
    for event in selection.events:
        key = event.group.slug if event.group else ""
        groups.setdefault(key, (event.group, []))[1].append(event)
    sections, tested = _adjusted(tuple(_section(group, events, survey, aggregates, options)
                                       for _key, (group, events) in sorted(groups.items(),
                                                                             key=lambda kv: kv[1][1][0].start)))
    title = "What your support reached"
    if selection.sponsor is not None:
        title += f": {selection.sponsor.name}"
    return Report(
        title=title,
        scope=_scope(selection),
        date=selection.end,
        demo=any(s.demo for s in sections),
        groups=sections,
        sponsors=_sponsors(selection, site, content_dir),
        methodology=_methodology(sections, options.min_cell, tested),
        min_cell=options.min_cell,
        tested=tested,
    )
