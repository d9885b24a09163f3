"""A trend or attendance spec (trend_data) drawn: points with an interval band, headcounts over time."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from matplotlib.ticker import MaxNLocator

from . import canvas, formatting, style
from .spec import ChartSpec, Headcount, Point

LEFT_IN = 0.55  # room for "100 %" left of the plot
RIGHT_IN = 0.3
GAP_IN = 0.08


def _plot_span(width: float) -> tuple[float, float]:
    return style.MARGIN_IN + LEFT_IN, width - RIGHT_IN


def _min_gap(xs: Sequence[float]) -> float:
    return min((b - a for a, b in zip(xs, xs[1:], strict=False)), default=float("inf"))


def _crowded(xs: Sequence[float]) -> bool:
    """Whether per-point labels must turn vertical to fit side by side."""
    return _min_gap(xs) < canvas.text_width("n = 1000", style.SMALL_FONT_SIZE)


def _point_label_height(xs: Sequence[float]) -> float:
    if _crowded(xs):
        return canvas.text_width("n ≈ 1000", style.SMALL_FONT_SIZE) + 0.04
    return canvas.line_height(style.SMALL_FONT_SIZE)


def _title_lines(spec: ChartSpec, width: float) -> list[str]:
    chars = int((width - 2 * style.MARGIN_IN) / canvas.text_width("x", style.TITLE_FONT_SIZE))
    return canvas.wrap(spec.title, min(chars, style.TITLE_WRAP_CHARS))


def _notes(spec: ChartSpec) -> list[str]:
    marks = []
    if spec.kind == "trend":
        marks.append("Band: 95 % Wilson interval")
    if spec.rows and _xs(spec, style.WIDTH_IN)[1]:
        marks.append("meetups evenly spaced")
    if any(row.approx for row in spec.rows):
        marks.append("hollow: approximate" + (" (≈ tally)" if spec.kind == "trend" else " (≈ headcount)"))
    return [spec.label("caption") + ".", "; ".join(marks) + "." if marks else ""]


def _blocks(spec: ChartSpec, width: float) -> tuple[float, float]:
    small = canvas.line_height(style.SMALL_FONT_SIZE)
    top = (style.MARGIN_IN + len(_title_lines(spec, width)) * canvas.line_height(style.TITLE_FONT_SIZE)
           + GAP_IN)
    labels = _point_label_height(_xs(spec, width)[0]) if spec.kind == "trend" else 0.0
    bottom = 0.04 + labels + 0.04 + small + GAP_IN + 2 * small + style.MARGIN_IN
    return top, bottom


def size(spec: ChartSpec) -> tuple[float, float]:
    top, bottom = _blocks(spec, style.WIDTH_IN)
    return style.WIDTH_IN, top + style.TREND_PLOT_HEIGHT_IN + bottom


def _ordinal(iso: str) -> int:
    return datetime.date.fromisoformat(iso).toordinal()


def _xs(spec: ChartSpec, width: float) -> tuple[list[float], bool]:
    """x of every point, by date; evenly spaced instead (True) when dates bunch up.

    Meetups years apart next to monthly ones would squeeze the monthly ones
    into one unreadable spot; then each meetup gets an equal share of the width.
    """
    x0, x1 = _plot_span(width)
    days = [_ordinal(row.date) for row in spec.rows]
    pad = 0.15
    if len(days) < 2 or days[-1] == days[0]:
        return [(x0 + x1) / 2 for _ in days], False
    scale = (x1 - x0 - 2 * pad) / (days[-1] - days[0])
    by_date = [x0 + pad + (day - days[0]) * scale for day in days]
    if _min_gap(by_date) >= 2 * canvas.line_height(style.SMALL_FONT_SIZE):
        return by_date, False
    step = (x1 - x0 - 2 * pad) / (len(days) - 1)
    return [x0 + pad + index * step for index in range(len(days))], True


def _date_ticks(xs: Sequence[float]) -> list[int]:
    """Indices of the points whose dates label the x axis: first, last, and what fits between."""
    room = canvas.text_width("Sep 2015", style.SMALL_FONT_SIZE) + 0.2
    if not xs:
        return []
    chosen = [0]
    for index in range(1, len(xs)):
        if xs[index] - xs[chosen[-1]] >= room and len(chosen) < style.MAX_DATE_TICKS:
            chosen.append(index)
    last = len(xs) - 1
    if chosen[-1] != last:
        if len(chosen) > 1 and xs[last] - xs[chosen[-2]] >= room:
            chosen[-1] = last
        elif xs[last] - xs[chosen[-1]] >= room:
            chosen.append(last)
    return chosen


def _frame(sheet: canvas.Sheet, spec: ChartSpec) -> tuple[float, float, float, float, float]:
    """Draw the title; return the plot box (x0, x1, y0, y1) and the figure height."""
    width, height = sheet.width, sheet.height
    top_block, bottom_block = _blocks(spec, width)
    y = height - style.MARGIN_IN
    for line in _title_lines(spec, width):
        sheet.text(style.MARGIN_IN, y, line, size=style.TITLE_FONT_SIZE, va="top",
                    weight="bold")
        y -= canvas.line_height(style.TITLE_FONT_SIZE)
    return (*_plot_span(width), bottom_block, height - top_block, height)


def _bottom(sheet: canvas.Sheet, spec: ChartSpec, xs: Sequence[float], y: float) -> None:
    """Date ticks below ``y`` and the notes below them."""
    small = style.SMALL_FONT_SIZE
    for index in _date_ticks(xs):
        sheet.text(xs[index], y, formatting.month(spec.rows[index].date), size=small,
                    ha="center", va="top")
    y -= canvas.line_height(small) + GAP_IN
    for note in _notes(spec):
        if note:
            sheet.text(style.MARGIN_IN, y, note, size=small, va="top", alpha=0.85)
        y -= canvas.line_height(small)


def _runs(flags: Sequence[bool]) -> list[list[int]]:
    """Consecutive indices where the flag holds (a suppressed point breaks the line)."""
    runs: list[list[int]] = []
    for index, flag in enumerate(flags):
        if not flag:
            continue
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def draw(sheet: canvas.Sheet, spec: ChartSpec) -> None:
    """A trend: share per meetup as a line, the interval as a band, n under each point."""
    x0, x1, y0, y1, _ = _frame(sheet, spec)
    small = style.SMALL_FONT_SIZE
    colour = spec.label("colour", style.PALETTE[0])
    min_cell = int(spec.label("min_cell", "10"))
    points: tuple[Point, ...] = spec.rows  # type: ignore[assignment]
    xs, _ = _xs(spec, sheet.width)

    def y_of(share: float) -> float:
        return y0 + share * (y1 - y0)

    sheet.segments([[(x0, y_of(t / 100)), (x1, y_of(t / 100))] for t in style.PERCENT_TICKS],
                    alpha=style.GRID_ALPHA, gid="c-grid", behind=True)
    for tick in style.PERCENT_TICKS:
        sheet.text(x0 - 0.06, y_of(tick / 100), f"{tick} %", size=small, ha="right",
                    va="center")

    for number, run in enumerate(_runs([point.share is not None for point in points])):
        with_ci = [i for i in run if points[i].ci_low is not None and points[i].ci_high is not None]
        if len(with_ci) > 1:
            upper = [(xs[i], y_of(points[i].ci_high)) for i in with_ci]
            lower = [(xs[i], y_of(points[i].ci_low)) for i in reversed(with_ci)]
            sheet.polygon(upper + lower, fill=colour, alpha=style.BAND_ALPHA, edge=colour,
                           gid=f"c-band-{number}")
        elif with_ci:
            i = with_ci[0]
            sheet.segments([[(xs[i], y_of(points[i].ci_low)), (xs[i], y_of(points[i].ci_high))]],
                            colour=colour, width=style.WHISKER_WIDTH * 2, gid=f"c-band-{number}")
        sheet.polyline([xs[i] for i in run], [y_of(points[i].share) for i in run],
                        colour=colour, marker="", gid=f"c-line-{number}")
    for approx in (False, True):
        chosen = [i for i, point in enumerate(points)
                  if point.share is not None and point.approx == approx]
        if chosen:
            sheet.polyline([xs[i] for i in chosen], [y_of(points[i].share) for i in chosen],
                            colour=colour, hollow=approx, line=False,
                            gid="c-points-approx" if approx else "c-points")

    vertical = _crowded(xs)
    for index, point in enumerate(points):
        name = canvas.safe_id(point.survey)
        if point.suppression:
            sheet.text(xs[index], y0 + 0.05, formatting.suppressed(point.suppression, min_cell),
                        size=small, ha="center", va="bottom", rotation=90, alpha=0.85,
                        gid=f"c-value-{name}")
        n = "n = ?" if point.base is None else f"n {'≈' if point.approx else '='} {point.base}"
        sheet.text(xs[index], y0 - 0.04, n, size=small, ha="center", va="top",
                    rotation=90 if vertical else 0, alpha=0.85, gid=f"c-n-{name}")
    sheet.segments([[(x0, y0), (x1, y0)]], width=0.8, gid="c-axis")
    _bottom(sheet, spec, xs, y0 - 0.04 - _point_label_height(xs) - 0.04)


def draw_attendance(sheet: canvas.Sheet, spec: ChartSpec) -> None:
    """Attendance: headcount per meetup as a line; approximate headcounts hollow."""
    x0, x1, y0, y1, _ = _frame(sheet, spec)
    small = style.SMALL_FONT_SIZE
    rows: tuple[Headcount, ...] = spec.rows  # type: ignore[assignment]
    xs, _ = _xs(spec, sheet.width)
    known = [i for i, row in enumerate(rows) if row.attended is not None]
    top = max((rows[i].attended for i in known), default=0) or 1
    ticks = [tick for tick in MaxNLocator(nbins=4, integer=True).tick_values(0, top * 1.15) if tick >= 0]
    ceiling = max(ticks[-1], top)

    def y_of(value: float) -> float:
        return y0 + value / ceiling * (y1 - y0)

    sheet.segments([[(x0, y_of(t)), (x1, y_of(t))] for t in ticks if t <= ceiling],
                    alpha=style.GRID_ALPHA, gid="c-grid", behind=True)
    for tick in ticks:
        if tick <= ceiling:
            sheet.text(x0 - 0.06, y_of(tick), f"{int(tick)}", size=small, ha="right",
                        va="center")
    colour = style.PALETTE[0]
    for number, run in enumerate(_runs([row.attended is not None for row in rows])):
        sheet.polyline([xs[i] for i in run], [y_of(rows[i].attended) for i in run],
                        colour=colour, marker="", gid=f"c-line-{number}")
    for approx in (False, True):
        chosen = [i for i in known if rows[i].approx == approx]
        if chosen:
            sheet.polyline([xs[i] for i in chosen], [y_of(rows[i].attended) for i in chosen],
                            colour=colour, hollow=approx, line=False,
                            gid="c-points-approx" if approx else "c-points")
    if not _crowded(xs):
        for i in known:
            row = rows[i]
            sheet.text(xs[i], y_of(row.attended) + 0.08,
                        formatting.headcount(row.attended, row.approx), size=small, ha="center",
                        va="bottom", gid=f"c-value-{canvas.safe_id(row.survey)}")
    sheet.segments([[(x0, y0), (x1, y0)]], width=0.8, gid="c-axis")
    _bottom(sheet, spec, xs, y0 - 0.08)
