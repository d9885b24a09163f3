"""Parsing primitives of front matter values: text, dates, times, headcounts, lists, choices, time zones.

Each returns the parsed value or None; saying what is wrong, and where, is the caller's.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..model import Attendance


def as_text(value) -> str:
    return "" if value is None else str(value).strip()


def zone_named(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2}))?$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_date(value) -> tuple[dt.date, dt.time | None] | None:
    m = _DATE.match(as_text(value))
    if not m:
        return None
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        time = dt.time(int(m[4]), int(m[5])) if m[4] else None
    except ValueError:
        return None
    return day, time


def parse_time(value) -> dt.time | None:
    m = _TIME.match(as_text(value))
    if not m:
        return None
    try:
        return dt.time(int(m[1]), int(m[2]))
    except ValueError:
        return None


def parse_attendance(value) -> Attendance | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Attendance(value) if value >= 0 else None
    m = re.fullmatch(r"\s*([~≈]|about\s+|ca\.?\s*)?(\d+)\s*", as_text(value))
    if not m:
        return None
    return Attendance(int(m[2]), approx=bool(m[1]))



def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]



# spellings read as the documented value: US "canceled", and spaces or underscores for hyphens
_ALIASES = {"canceled": "cancelled"}


def choice_key(value) -> str:
    key = re.sub(r"[\s_]+", "-", as_text(value).lower())
    return _ALIASES.get(key, key)


def at_moment(day: dt.date, time: dt.time | None, zone) -> dt.datetime:
    return dt.datetime.combine(day, time or dt.time(0, 0), tzinfo=zone)

