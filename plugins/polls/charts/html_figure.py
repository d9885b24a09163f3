"""One meetup's results as HTML figures: one table per catalog topic, its cells carrying CSS bars.

The page draws these itself (theme partial ``partials/poll_figure.html``): the
figure *is* the data table, so its text is real text for screen readers, copy
and print, and nothing is drawn by matplotlib.  A yes/no question is one row;
a single, multiple or bucket question is a block of rows, one per catalog
option.  An option the poll did not offer is shown as missing (never 0), a
suppressed cell as suppressed with its reason, never with a number.

Everything here is plain data made from the results :class:`ChartSpec` rows
(the engine's aggregates as the charts already read them): shares, intervals
and CSS lengths are formatted strings, so the template only places them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..read.catalog import catalog_question
from . import formatting
from .spec import Bar, ChartSpec
from .table import _notes

YES_NO = "yes-no"
DEFAULT_TOPIC = "other"  # the catalog's default for a question without `topic:`


@dataclass(frozen=True)
class FigureRow:
    """One row: a yes/no question, or one option of a question."""

    label: str
    value: str  # "≈20 %", "suppressed", "missing" or "unknown"
    interval: str  # "13–29 %"; "" when there is no interval to give
    state: str = ""  # "", "suppressed", "missing" or "unknown"
    reason: str = ""  # why a cell holds no number ("fewer than 10 people", ...)
    share: str = ""  # CSS lengths of the bar and its whisker: "20.0%"
    low: str = ""
    high: str = ""
    approx: bool = False


@dataclass(frozen=True)
class FigureBlock:
    """One question's rows; ``title`` heads a block of options ("" for a yes/no row or a lone question)."""

    question: str
    kind: str
    title: str
    caption: str  # its own n and base, when they differ from the figure's caption; else ""
    rows: tuple[FigureRow, ...]


@dataclass(frozen=True)
class TopicFigure:
    """One figure: a topic's questions (or one question, for the directive) of one meetup."""

    topic: str
    title: str
    caption: str  # n and the base, once for the whole figure
    meetup: str  # "Docker Brno #2, 15 Oct 2015"; "" on the meetup's own page
    blocks: tuple[FigureBlock, ...]
    notes: tuple[str, ...]


def _question(spec: ChartSpec) -> str:
    return spec.key.rsplit("/", 1)[-1]  # results/<survey>/<question>


def _topic(entry: Any) -> str:
    # a catalog shaped like the engine's but without topics (docs/polls-engine-contract.md) groups nothing
    return getattr(entry, "topic", None) or DEFAULT_TOPIC


def topic_title(topic: str) -> str:
    """"audience" -> "Audience", "tech_stack" -> "Tech stack"."""
    return " ".join(topic.replace("_", " ").replace("-", " ").split()).capitalize() or "Other"


def _length(share: float | None) -> str:
    return "" if share is None else f"{min(max(share, 0.0), 1.0) * 100:.1f}%"


def _reason(suppression: str, min_cell: int) -> str:
    return f"fewer than {min_cell} people" if suppression == "small" else "would reveal a small cell"


def _row(label: str, bar: Bar | None, min_cell: int) -> FigureRow:
    if bar is None:
        return FigureRow(label, "missing", "", state="missing", reason="not offered")
    if bar.suppression:
        return FigureRow(label, "suppressed", "", state="suppressed", reason=_reason(bar.suppression, min_cell),
                         approx=bar.approx)
    if bar.share is None:
        return FigureRow(label, "unknown", "", state="unknown", approx=bar.approx)
    known = bar.ci_low is not None and bar.ci_high is not None
    return FigureRow(
        label, formatting.percent(bar.share, bar.approx),
        formatting.interval(bar.ci_low, bar.ci_high) if known else "",
        share=_length(bar.share), low=_length(bar.ci_low) if known else "",
        high=_length(bar.ci_high) if known else "", approx=bar.approx,
    )


def _rows(spec: ChartSpec, entry: Any, min_cell: int) -> tuple[FigureRow, ...]:
    """A yes/no question's one row, or every catalog option (missing ones included), catalog order."""
    bars = {bar.option: bar for bar in spec.rows}
    if entry is not None and entry.kind == YES_NO:
        return (_row(spec.title, bars.get("yes"), min_cell),)
    options = [(o.id, o.label) for o in entry.options] if entry is not None else []
    known = {option for option, _ in options}
    options += [(bar.option, bar.label) for bar in spec.rows if bar.option not in known]
    return tuple(_row(label, bars.get(option), min_cell) for option, label in options)


def _base(spec: ChartSpec) -> str:
    """n and the base of one question's shares.

    A share of the headcount leaves out how many answered: that count differs from
    question to question of a form and would repeat the base on every row.
    """
    if spec.label("base_kind") == "attended" and spec.rows and spec.rows[0].base is not None:
        return formatting.caption(None, spec.rows[0].base, spec.label("base_approx") == "yes", "attended")
    return spec.label("caption")


def _block(spec: ChartSpec, catalog: Any, caption: str, lone: bool) -> FigureBlock:
    question = _question(spec)
    entry = catalog_question(catalog, question)
    kind = entry.kind if entry is not None else ""
    min_cell = int(spec.label("min_cell", "10"))
    own = _base(spec)
    return FigureBlock(
        question=question, kind=kind, title="" if lone or kind == YES_NO else spec.title,
        caption="" if own == caption else own, rows=_rows(spec, entry, min_cell),
    )


def _meetup(spec: ChartSpec) -> str:
    when = spec.label("date")
    return f"{spec.label('survey_title')}, {formatting.date(when)}" if when else spec.label("survey_title")


def _figure(topic: str, title: str, specs: list[ChartSpec], catalog: Any, with_meetup: bool) -> TopicFigure:
    # the base most of the figure's questions share is stated once; a question on another base says its own
    caption = Counter(_base(spec) for spec in specs).most_common(1)[0][0]
    blocks = tuple(_block(spec, catalog, caption, lone=len(specs) == 1 and title == specs[0].title)
                   for spec in specs)
    bars = [bar for spec in specs for bar in spec.rows]
    # a mark in a caption is only ever the headcount's, also when the base is the answered people
    headcount_approx = any(formatting.ABOUT in _base(spec) for spec in specs)
    return TopicFigure(
        topic=topic, title=title, caption=caption, meetup=_meetup(specs[0]) if with_meetup else "",
        blocks=blocks,
        notes=("Bars show each share; the line across a bar is its 95 % Wilson interval.",
               *_notes(any(bar.approx for bar in bars), headcount_approx, set(), 10)),
    )


def topic_figures(specs: list[ChartSpec], catalog: Any, *, with_meetup: bool = False) -> tuple[TopicFigure, ...]:
    """One figure per topic of one meetup's results specs, topics and questions in catalog order.

    ``with_meetup`` names the meetup and its date in each caption: wanted
    anywhere but on that meetup's own page.
    """
    order = {q.id: index for index, q in enumerate(catalog.questions)} if catalog is not None else {}
    ordered = sorted(specs, key=lambda spec: order.get(_question(spec), len(order)))
    by_topic: dict[str, list[ChartSpec]] = {}
    for spec in ordered:
        entry = catalog_question(catalog, _question(spec))
        by_topic.setdefault(_topic(entry), []).append(spec)
    return tuple(_figure(topic, topic_title(topic), group, catalog, with_meetup) for topic, group in by_topic.items())


def question_figure(spec: ChartSpec, catalog: Any) -> TopicFigure:
    """One question of one meetup as a figure of its own (the ``[[poll MEETUP QUESTION]]`` directive)."""
    entry = catalog_question(catalog, _question(spec))
    return _figure(_topic(entry), spec.title, [spec], catalog, True)


__all__ = ["FigureBlock", "FigureRow", "TopicFigure", "question_figure", "topic_figures", "topic_title"]
