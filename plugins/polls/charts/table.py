"""The numbers behind a chart as a plain table: what the HTML data table shows.

Every chart comes with one, so the numbers are readable without seeing the
chart (screen readers, copy and paste, print).  Cells are already formatted
strings; the first cell of each row names it.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import formatting
from .spec import Bar, ChartSpec, Headcount, Point


@dataclass(frozen=True)
class ChartTable:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()


def chart_table(spec: ChartSpec) -> ChartTable:
    """The data table of any chart."""
    if spec.kind == "results":
        return _results_table(spec)
    if spec.kind == "trend":
        return _trend_table(spec)
    return _attendance_table(spec)


# "n" means one thing everywhere (captions, trend labels, report): the base a share is of.
# The people who gave an answer are its count, never "n".
PEOPLE = "People"
N_BASE = "n (base)"


def _notes(approx: bool, headcount_approx: bool, suppressions: set[str], min_cell: int) -> tuple[str, ...]:
    notes = []
    # one mark for every approximate figure, so one note says what it means
    if approx or headcount_approx:
        notes.append(f"{formatting.APPROX} approximate figure (a show-of-hands tally, a rounded percentage "
                     "or an approximate headcount).")
    if "small" in suppressions:
        notes.append(f"{formatting.suppressed('small', min_cell)}: fewer than {min_cell} people,"
                     " hidden for privacy.")
    if suppressions - {"small"}:
        notes.append(f"{formatting.suppressed('complementary', min_cell)}: hidden so a small"
                     " cell cannot be worked out from the totals.")
    return tuple(notes)


def _share_cells(share: float | None, low: float | None, high: float | None, count: int | None,
                 approx: bool, suppression: str, min_cell: int) -> tuple[str, str, str]:
    """Share, interval and people; a suppressed cell says so instead of giving any of its numbers."""
    if suppression:
        return formatting.suppressed(suppression, min_cell), formatting.DASH, "suppressed"
    return (
        formatting.DASH if share is None else formatting.percent(share, approx),
        formatting.DASH if low is None or high is None else formatting.interval(low, high),
        formatting.DASH if count is None else formatting.count(count, approx),
    )


def _results_table(spec: ChartSpec) -> ChartTable:
    min_cell = int(spec.label("min_cell", "10"))
    base_approx = spec.label("base_approx") == "yes"
    rows = []
    bars: tuple[Bar, ...] = spec.rows  # type: ignore[assignment]
    kind = spec.label("base_kind")
    for bar in bars:
        share, ci, n = _share_cells(bar.share, bar.ci_low, bar.ci_high, bar.count, bar.approx,
                                    bar.suppression, min_cell)
        rows.append((bar.label, share, ci, n, formatting.base(bar.base, kind, base_approx)))
    when = formatting.date(spec.label("date")) if spec.label("date") else ""
    return ChartTable(
        caption=f"{spec.title} — {spec.label('survey_title')}, {when}: {spec.label('caption')}",
        columns=("Option", "Share", "95 % CI", PEOPLE, N_BASE),
        rows=tuple(rows),
        notes=_notes(any(bar.approx for bar in bars), base_approx,
                     {bar.suppression for bar in bars if bar.suppression}, min_cell),
    )


def _trend_table(spec: ChartSpec) -> ChartTable:
    min_cell = int(spec.label("min_cell", "10"))
    points: tuple[Point, ...] = spec.rows  # type: ignore[assignment]
    rows = []
    for point in points:
        share, ci, n = _share_cells(point.share, point.ci_low, point.ci_high, point.count,
                                    point.approx, point.suppression, min_cell)
        rows.append((point.title, formatting.date(point.date), share, ci, n,
                     formatting.base(point.base, point.base_kind)))
    return ChartTable(
        caption=f"{spec.title}: {spec.label('caption')}",
        columns=("Meetup", "Date", "Share", "95 % CI", PEOPLE, N_BASE),
        rows=tuple(rows),
        notes=_notes(any(point.approx for point in points), False,
                     {point.suppression for point in points if point.suppression}, min_cell),
    )


def _attendance_table(spec: ChartSpec) -> ChartTable:
    rows: tuple[Headcount, ...] = spec.rows  # type: ignore[assignment]
    return ChartTable(
        caption=f"{spec.title}: {spec.label('caption')}",
        columns=("Meetup", "Date", "Attended"),
        rows=tuple(
            (row.title, formatting.date(row.date),
             "unknown" if row.attended is None else formatting.headcount(row.attended, row.approx))
            for row in rows
        ),
        notes=_notes(False, any(row.approx for row in rows), set(), 10),
    )
