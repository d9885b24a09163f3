"""Checks on poll figures and rows, each failure a Problem at its place in the file.

Tallies are typed by hand ("~20", "85%"), so every figure is parsed and checked
against its base; exports are checked for repeated submissions.  Nothing here
raises: callers collect the problems of a whole file and raise once.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..errors import Problem

MAX_REPORTED = 10

_FIGURE = re.compile(
    r"^(?P<approx>~|≈|ca\.?|circa|about|approx\.?|approximately)?\s*"
    r"(?P<number>[-+]?\d+(?:[.,]\d+)?)\s*(?P<percent>%)?$",
    re.IGNORECASE,
)
HOW_TO = "write a count such as 20 or ~20, or a share such as 85% or ~85%"


@dataclass(frozen=True)
class TypedFigure:
    """A number typed into a tally: a count or a percentage, maybe approximate."""

    value: float
    share: bool
    approx: bool
    line: int
    column: int


def parse_figure(raw: object, file: str, line: int, column: int,
                 what: str) -> tuple[TypedFigure | None, Problem | None]:
    """Read "~20", "85%", 12 or "≈ 60 %"; explain anything else."""

    def bad(message: str) -> tuple[None, Problem]:
        return None, Problem(file, line, column, f"{what}: {message}")

    if isinstance(raw, bool) or raw is None:
        return bad(f"not a number: {raw!r} ({HOW_TO})")
    if isinstance(raw, int | float):
        number, share, approx = float(raw), False, False
    else:
        found = _FIGURE.match(str(raw).strip())
        if not found:
            return bad(f"not a number: {str(raw)!r} ({HOW_TO})")
        number = float(found["number"].replace(",", "."))
        share, approx = bool(found["percent"]), bool(found["approx"])
    if math.isnan(number) or math.isinf(number):
        return bad(f"not a number: {raw!r} ({HOW_TO})")
    if number < 0:
        return bad(f"negative {'share' if share else 'count'} {raw!r}")
    if share and number > 100:
        return bad(f"share above 100%: {raw!r}")
    if not share and not number.is_integer():
        return bad(f"a count is a whole number of people, not {raw!r}")
    return TypedFigure(number, share, approx, line, column), None


def resolve_count(
    figure: TypedFigure, base: int | None, base_approx: bool, base_name: str, file: str, what: str
) -> tuple[int | None, bool, Problem | None]:
    """The head count a figure stands for (shares become round(share * base)), and whether
    it is approximate; a count above its base is a problem."""
    if figure.share:
        if base is None:
            return (
                None,
                False,
                Problem(
                    file,
                    figure.line,
                    figure.column,
                    f"{what}: a percentage needs a base; add `attended:` "
                    "(the headcount) or `answered:` for the question",
                ),
            )
        exact = Decimal(str(figure.value)) * base / 100
        count = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        approx = figure.approx or base_approx or exact != count
        return count, approx, None
    count = int(figure.value)
    if base is not None and count > base:
        return (
            count,
            figure.approx,
            Problem(
                file,
                figure.line,
                figure.column,
                f"{what}: count above base: {count} is more than the {base} {base_name}",
            ),
        )
    return count, figure.approx or base_approx, None


def duplicate_rows(frame: pd.DataFrame, file: str, first_record: int, line_of) -> list[Problem]:
    """Rows repeated in every read column, the respondent key (id or timestamp) included."""
    if frame.empty:
        return []
    repeated = frame.duplicated(keep="first").to_numpy()
    if not repeated.any():
        return []
    rows = [int(i) for i in repeated.nonzero()[0]]
    shown = rows[:MAX_REPORTED]
    keyed = frame.astype(str).agg("\x1f".join, axis=1) if len(shown) else None
    firsts = {}
    for row in shown:
        firsts[row] = int((keyed == keyed.iloc[row]).to_numpy().argmax())
    lines = line_of(sorted({first_record + r for r in shown} | {first_record + f for f in firsts.values()}))
    problems = [
        Problem(
            file,
            lines[first_record + row],
            1,
            f"duplicate row: the same response as line {lines[first_record + firsts[row]]}",
        )
        for row in shown
    ]
    if len(rows) > MAX_REPORTED:
        problems.append(Problem(file, 0, 0, f"{len(rows) - MAX_REPORTED} more duplicate rows not shown"))
    return problems
