"""Which source of a meetup's title, date, group and headcount wins: index.yaml, then the tally, then the site's event.

When the site's events are given, a poll must name one of them (or be listed in
index.yaml): a slug typo must not become a made-up meetup.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import pandas as pd

from ..errors import Problem
from .discovery import Entry, PollFile
from .tally import Tally


def not_an_event(sid: str, group: list[PollFile], events: Mapping[str, Mapping]) -> list[Problem]:
    """A poll naming a meetup the site does not have: a typo, or a meetup that would be made up.

    Reported at each file that names it: at its ``event:`` key, else at the top of the file.
    """
    message = f"no event {sid!r} on the site: name the poll file (or its `event:`) after an event's slug"
    message += _did_you_mean(sid, events)
    problems = []
    for poll in group:
        line, column = poll.tally.event_at if poll.tally and poll.tally.event == sid else (0, 0)
        problems.append(Problem(poll.file, line or 1, column or 1, message))
    return problems


def _did_you_mean(sid: str, events: Mapping[str, Mapping]) -> str:
    close = difflib.get_close_matches(sid, sorted(events), n=1)
    return f" (did you mean the event {close[0]!r}?)" if close else ""


def meetup_meta(
    sid: str, group: list[PollFile], entry: Entry | None, events: Mapping[str, Mapping], problems: list[Problem]
) -> dict | None:
    """The meetup's row: each field from index.yaml, else the tally, else the site's event; None without a date."""
    tally = next((p.tally for p in group if p.tally), None) or Tally("")
    event = events.get(sid, {})
    date = (entry and entry.date) or tally.date or event.get("date")
    if date is None:
        message = (
            f"no date for meetup {sid!r}: name the file after an event of the site, "
            "or give `date:` in the tally or in survey/index.yaml"
        ) + _did_you_mean(sid, events)
        problems.append(Problem(group[0].file, 0, 0, message))
        return None
    attended_figure = (entry and entry.attended) or tally.attended
    if attended_figure is not None:
        attended, approx = int(attended_figure.value), attended_figure.approx
    else:
        attended, approx = event.get("attendance"), bool(event.get("attendance_approx", False))
    return {
        "survey": sid,
        "title": (entry and entry.title) or tally.title or event.get("title") or sid,
        "date": pd.Timestamp(date),
        "group": (entry and entry.group) or tally.group or event.get("group") or "",
        "attended": attended if attended is not None else pd.NA,
        "attended_approx": approx,
        # A fictional demo group's meetups are marked wherever their figures are published.
        "demo": bool(event.get("demo", False)),
    }

