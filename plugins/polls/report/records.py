"""What the sponsor report needs to know of the site, as plain records.

The report is part of the poll engine, which knows nothing of the site plugin:
whoever has the site (the polls glue, ``invoke survey-report``, a notebook)
fills these from its own model.  Records compare by value, so a sponsor named
by two events is the same sponsor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ReportGroup:
    slug: str
    name: str
    demo: bool = False  # an invented group: its figures are labelled as example data


@dataclass(frozen=True)
class ReportSponsor:
    slug: str
    name: str
    url: str = ""
    logo: str = ""  # relative to the content folder, "" when none


@dataclass(frozen=True)
class ReportSpeaker:
    slug: str
    name: str
    affiliation: str = ""  # as named on the talk


@dataclass(frozen=True)
class ReportTalk:
    title: str
    url: str = ""  # the talk page, relative to the site's root
    speakers: tuple[ReportSpeaker, ...] = ()


@dataclass(frozen=True)
class ReportEvent:
    slug: str
    title: str
    start: dt.datetime  # orders events held on the same day
    date: dt.date
    group: ReportGroup | None = None
    sponsors: tuple[ReportSponsor, ...] = ()
    talks: tuple[ReportTalk, ...] = ()
    attended: int | None = None  # the headcount, None when unknown
    attended_approx: bool = False

    @property
    def demo(self) -> bool:
        return bool(self.group and self.group.demo)


@dataclass(frozen=True)
class ReportSite:
    events: tuple[ReportEvent, ...]
    groups: tuple[ReportGroup, ...] = ()
    sponsors: tuple[ReportSponsor, ...] = ()


__all__ = ["ReportEvent", "ReportGroup", "ReportSite", "ReportSpeaker", "ReportSponsor", "ReportTalk"]
