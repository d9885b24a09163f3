"""How a meetup is named in a sentence: its title and its date, as every page and the report write them.

Verdicts and refusals are read by people, not by the build: "Demo City Cloud Native #1
(11 Jan 2024)", never the file's id "demo-city-1".  The stats, the charts and the report
all name meetups through here, so a sentence on a trend page and the same sentence in the
report cannot differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

#: Month abbreviations, the same in every locale (the charts' date axis uses them too).
MONTHS: tuple[str, ...] = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)


def day(value: dt.date | dt.datetime | str) -> str:
    """2015-10-15 (a date, a timestamp or ISO text) -> "15 Oct 2015"."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def meetup_name(survey: str, title: object = None, date: object = None) -> str:
    """"Docker Brno #2 (15 Oct 2015)"; the title alone without a date; the id only when there is no title."""
    name = title if isinstance(title, str) and title else survey
    try:
        return f"{name} ({day(date)})" if date is not None and date == date else name  # NaT != NaT
    except (AttributeError, TypeError, ValueError):
        return name


def listed(names: Sequence[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


__all__ = ["MONTHS", "day", "listed", "meetup_name"]
