"""Which meetups a report covers: held events of the site, narrowed by period, group and sponsor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kernel.slugs import slugify

from .errors import Problem, ReportError
from .options import ReportOptions
from .records import ReportEvent, ReportGroup, ReportSite, ReportSponsor


@dataclass(frozen=True)
class Selection:
    """The meetups held in the period (oldest first), and the group and sponsor asked for."""

    events: tuple[ReportEvent, ...]
    group: ReportGroup | None
    sponsor: ReportSponsor | None

    @property
    def start(self) -> dt.date:
        return self.events[0].date

    @property
    def end(self) -> dt.date:
        return self.events[-1].date


def find_sponsor(site: ReportSite, name: str) -> ReportSponsor | None:
    """A sponsor by slug or name, ignoring case and accents ("red hat", "Red-Hat", "red-hat")."""
    wanted = slugify(name)
    for sponsor in site.sponsors:
        if wanted in (sponsor.slug, slugify(sponsor.name)):
            return sponsor
    return None


def _period(options: ReportOptions) -> str:
    parts = []
    if options.since:
        parts.append(f"from {options.since}")
    if options.until:
        parts.append(f"until {options.until}")
    if options.last:
        parts.append(f"the last {options.last}")
    return " ".join(parts) or "in any period"


def select(site: ReportSite, options: ReportOptions, today: dt.date) -> Selection:
    """The meetups to report on; raises ReportError when the group or sponsor is unknown or none is left.

    Only meetups held by ``today`` count: a scheduled meetup has no attendance to report.
    """
    problems: list[Problem] = []
    group = sponsor = None
    if options.group:
        group = next((g for g in site.groups if g.slug == options.group), None)
        if group is None:
            known = ", ".join(g.slug for g in site.groups) or "none: the site has no group files"
            problems.append(Problem("--group", 0, 0, f"no group {options.group!r} (groups: {known})"))
    if options.sponsor:
        sponsor = find_sponsor(site, options.sponsor)
        if sponsor is None:
            known = ", ".join(f"{s.slug} ({s.name})" for s in site.sponsors) or "none"
            problems.append(Problem("--sponsor", 0, 0, f"no sponsor {options.sponsor!r} (sponsors: {known})"))
    if problems:
        raise ReportError(problems)
    events = [e for e in site.events if e.date <= today]
    if group is not None:
        events = [e for e in events if e.group == group]
    if sponsor is not None:
        events = [e for e in events if sponsor in e.sponsors]
    if options.since:
        events = [e for e in events if e.date >= options.since]
    if options.until:
        events = [e for e in events if e.date <= options.until]
    events.sort(key=lambda e: (e.start, e.slug))
    if options.last:
        events = events[-options.last:]
    if not events:
        scope = " and ".join(filter(None, [
            f"of group {group.slug}" if group else "",
            f"supported by {sponsor.name}" if sponsor else "",
        ]))
        problems.append(Problem("survey-report", 0, 0,
                                f"no meetup held {_period(options)}{' ' + scope if scope else ''}: nothing to report"))
        raise ReportError(problems)
    return Selection(tuple(events), group, sponsor)
