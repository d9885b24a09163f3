"""Numbers as readers see them, shared by the chart text, the <desc> and the data table.

Percentages round half up (85.5 -> 86) rather than to even: readers check
them by hand.  One mark, "≈", for every approximate figure: a tally, a share or
a headcount (organizers type "~"; readers see one mark everywhere).
"""

from __future__ import annotations

import datetime
from fractions import Fraction

from .. import names
from ..approx import MARK
from ..stats.rounding import whole_percent
from . import style

APPROX = MARK
ABOUT = MARK  # approximate headcounts: the same mark as every other approximate figure
DASH = "—"


def percent_value(share: float | Fraction) -> int:
    """Whole percents, halves up, without the float error that made 23/40 read "57 %"."""
    return whole_percent(share)


def percent(share: float | Fraction, approx: bool = False) -> str:
    """0.853 -> "85 %" (or "≈85 %")."""
    return f"{APPROX if approx else ''}{percent_value(share)} %"


def interval(low: float, high: float) -> str:
    """A 95 % interval: (0.78, 0.9) -> "78–90 %"."""
    return f"{percent_value(low)}–{percent_value(high)} %"


def count(n: int, approx: bool = False) -> str:
    return f"{APPROX if approx else ''}{n}"


def headcount(n: int, approx: bool = False) -> str:
    return f"{ABOUT if approx else ''}{n}"


def suppressed(suppression: str, min_cell: int) -> str:
    """How a suppressed cell reads: never its number, only why it is hidden."""
    if suppression != "small":  # "secondary" (the engine's detailed "complement" or "complementary")
        return "suppressed (would reveal a small cell)"
    return f"suppressed (< {min_cell})"


def date(iso: str) -> str:
    """"2015-10-15" -> "15 Oct 2015", the same in every locale."""
    return names.day(datetime.date.fromisoformat(iso))


def month(iso: str) -> str:
    """"2015-10-15" -> "Oct 2015" (date axis ticks)."""
    day = datetime.date.fromisoformat(iso)
    return f"{style.MONTHS[day.month - 1]} {day.year}"


def base(n: int | None, kind: str, approx: bool = False) -> str:
    """The denominator with its kind: "87 answered", "~100 attended"."""
    if n is None:
        return f"{kind} unknown" if kind else DASH
    return f"{headcount(n, approx)} {kind}".strip()


def caption(answered: int | None, attended: int | None, attended_approx: bool,
            base_kind: str) -> str:
    """n and base in words: "n = 87 answered of ~100 attended"."""
    if base_kind == "answered" and answered is not None:
        text = f"n = {answered} answered"
        if attended is not None:
            text += f" of {headcount(attended, attended_approx)} attended"
        return text
    if attended is not None:
        text = f"n = {headcount(attended, attended_approx)} attended"
        if answered is not None:
            text += f" ({answered} answered)"
        return text + ", shares of everyone present"
    if answered is not None:
        return f"n = {answered} answered"
    return "n unknown"
