"""One meetup's answers to one question: horizontal bars of shares with Wilson whiskers."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..errors import NoData
from . import canvas, formatting, style
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

VALUE_ROOM_IN = 0.62  # right of the plot, for "≈100 %" after a bar
GAP_IN = 0.08


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
                  skip_kinds: tuple[str, ...] = ("attendance",)) -> dict[tuple[str, str], ChartSpec]:
    """results_spec for every (survey, question) of ``aggregates`` at once, keyed by that pair.

    A site has one chart per meetup and question; converting the table to records once
    instead of filtering it per chart keeps planning linear in the number of rows.
    """
    by_cell: dict[tuple[str, str], list[dict]] = {}
    for record in aggregates.to_dict("records"):
        by_cell.setdefault((str(record["survey"]), str(record["question"])), []).append(record)
    approx = _approx_headcounts(meetups)
    orders: dict[str, list[str]] = {}
    specs = {}
    for (survey, question), records in by_cell.items():
        entry = catalog_question(catalog, question)
        if entry is not None and entry.kind in skip_kinds:
            continue
        if question not in orders:
            orders[question] = option_order(aggregates, question, catalog)
        specs[(survey, question)] = _spec(records, survey, question, catalog, orders[question], min_cell, approx)
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


def _title_lines(spec: ChartSpec, width: float) -> list[str]:
    chars = int((width - 2 * style.MARGIN_IN) / canvas.text_width("x", style.TITLE_FONT_SIZE))
    return canvas.wrap(spec.title, min(chars, style.TITLE_WRAP_CHARS))


def _notes(spec: ChartSpec) -> list[str]:
    notes = [f"{spec.label('caption')}. Whiskers: 95 % Wilson interval."]
    marks = []
    if any(bar.approx for bar in spec.rows):
        marks.append("≈ approximate (show-of-hands tally)")
    if any(bar.suppression for bar in spec.rows):
        marks.append("hatched or dashed box: hidden for privacy")
    if marks:
        notes.append("; ".join(marks) + ".")
    return notes


def _blocks(spec: ChartSpec, width: float) -> tuple[float, float]:
    """Heights in inches above and below the bars."""
    top = (style.MARGIN_IN + len(_title_lines(spec, width)) * canvas.line_height(style.TITLE_FONT_SIZE)
           + canvas.line_height(style.SMALL_FONT_SIZE) + GAP_IN)
    bottom = (GAP_IN + canvas.line_height(style.SMALL_FONT_SIZE) + GAP_IN
              + len(_notes(spec)) * canvas.line_height(style.SMALL_FONT_SIZE) + style.MARGIN_IN)
    return top, bottom


def size(spec: ChartSpec) -> tuple[float, float]:
    """The natural size in inches: fixed width, a fixed room per option."""
    top, bottom = _blocks(spec, style.WIDTH_IN)
    return style.WIDTH_IN, top + max(len(spec.rows), 1) * style.BAR_STEP_IN + bottom


def draw(sheet: canvas.Sheet, spec: ChartSpec) -> None:
    width, height = sheet.width, sheet.height
    top_block, bottom_block = _blocks(spec, width)
    small = style.SMALL_FONT_SIZE
    min_cell = int(spec.label("min_cell", "10"))

    y = height - style.MARGIN_IN
    for line in _title_lines(spec, width):
        sheet.text(style.MARGIN_IN, y, line, size=style.TITLE_FONT_SIZE, va="top",
                    weight="bold")
        y -= canvas.line_height(style.TITLE_FONT_SIZE)
    subtitle = f"{spec.label('survey_title')}, {formatting.date(spec.label('date'))}"
    sheet.text(style.MARGIN_IN, y, subtitle, size=small, va="top", alpha=0.8)

    wrapped = [canvas.wrap(bar.label, style.LABEL_WRAP_CHARS) for bar in spec.rows]
    label_width = max((canvas.text_width(line, style.FONT_SIZE) for lines in wrapped
                       for line in lines), default=0)
    x0 = style.MARGIN_IN + min(label_width, style.MAX_LABEL_FRACTION * width) + GAP_IN
    x1 = width - style.MARGIN_IN - VALUE_ROOM_IN
    plot_top = height - top_block
    plot_bottom = bottom_block
    step = (plot_top - plot_bottom) / max(len(spec.rows), 1)

    def x_of(share: float) -> float:
        return x0 + share * (x1 - x0)

    sheet.segments([[(x_of(t / 100), plot_bottom), (x_of(t / 100), plot_top)]
                             for t in style.PERCENT_TICKS], alpha=style.GRID_ALPHA, gid="c-grid", behind=True)
    for tick in style.PERCENT_TICKS:
        sheet.text(x_of(tick / 100), plot_bottom - 0.04, f"{tick} %", size=small,
                    ha="center", va="top")

    whiskers = []
    for index, (bar, lines) in enumerate(zip(spec.rows, wrapped, strict=True)):
        centre = plot_top - step * (index + 0.5)
        half = step * style.BAR_FILL / 2
        name = canvas.safe_id(bar.option)
        sheet.text(x0 - GAP_IN, centre, "\n".join(lines), ha="right", va="center",
                    gid=f"c-label-{name}")
        if bar.suppression:
            _draw_suppressed(sheet, bar, min_cell, x0, x1, x_of, centre, half, name)
            continue
        if bar.share is None:
            sheet.text(x0 + 0.04, centre, "unknown", va="center", size=small,
                        gid=f"c-value-{name}")
            continue
        sheet.rect(x0, centre - half, x_of(bar.share) - x0, 2 * half, fill=bar.colour,
                    gid=f"c-bar-{name}")
        end = bar.share
        if bar.ci_low is not None and bar.ci_high is not None:
            low, high = x_of(bar.ci_low), x_of(bar.ci_high)
            cap = half * style.CAP_HEIGHT * 2
            whiskers += [[(low, centre), (high, centre)], [(low, centre - cap), (low, centre + cap)],
                         [(high, centre - cap), (high, centre + cap)]]
            end = max(end, bar.ci_high)
        sheet.text(x_of(end) + 0.05, centre, formatting.percent(bar.share, bar.approx),
                    va="center", gid=f"c-value-{name}")
    sheet.segments(whiskers, width=style.WHISKER_WIDTH, gid="c-whiskers")
    sheet.segments([[(x0, plot_bottom), (x0, plot_top)]], width=0.8, gid="c-axis")

    y = plot_bottom - 0.04 - canvas.line_height(small) - GAP_IN
    for note in _notes(spec):
        sheet.text(style.MARGIN_IN, y, note, size=small, va="top", alpha=0.85)
        y -= canvas.line_height(small)


def _draw_suppressed(sheet: canvas.Sheet, bar: Bar, min_cell: int, x0: float, x1: float,
                     x_of: Any, centre: float, half: float, name: str) -> None:
    """Hidden for privacy: an empty box, never a bar of zero length."""
    words = formatting.suppressed(bar.suppression, min_cell)
    if bar.suppression == "small" and bar.base:
        # Fewer than min_cell people: the share lies somewhere below min_cell / base.
        bound = x_of(min(min_cell / bar.base, 1.0))
        sheet.rect(x0, centre - half, bound - x0, 2 * half, edge=style.INK,
                    hatch=style.HATCH, alpha=style.SUPPRESSED_ALPHA, gid=f"c-bar-{name}")
        sheet.text(bound + 0.05, centre, words, va="center", gid=f"c-value-{name}")
        return
    sheet.rect(x0, centre - half, x1 - x0, 2 * half, edge=style.INK, dashed=True,
                alpha=style.SUPPRESSED_ALPHA, gid=f"c-bar-{name}")
    sheet.text(x0 + 0.06, centre, words, va="center", gid=f"c-value-{name}")

