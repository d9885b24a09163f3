"""A results spec (results_data) drawn: horizontal bars of shares with Wilson whiskers."""

from __future__ import annotations

from typing import Any

from . import canvas, formatting, style
from .spec import Bar, ChartSpec

VALUE_ROOM_IN = 0.62  # right of the plot, for "≈100 %" after a bar
GAP_IN = 0.08


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

