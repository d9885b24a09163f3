"""The sponsor report of a site: its meetup model turned into the report's plain records.

The report (``polls.report``) is part of the engine and never reads the site
plugin's objects; this is the one place that knows both.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from meetup import urls
from meetup.model import Event, Group, Site, Sponsor
from meetup.settings import DEFAULTS
from meetup.standalone import load_site, poll_events
from polls.read.folder import load_survey
from polls.report import (
    ReportEvent,
    ReportGroup,
    ReportOptions,
    ReportSite,
    ReportSpeaker,
    ReportSponsor,
    ReportTalk,
)
from polls.report import make_report as write_report
from polls.report.output import check_out


def _group(group: Group | None) -> ReportGroup | None:
    return ReportGroup(group.slug, group.name, group.demo) if group is not None else None


def _sponsor(sponsor: Sponsor) -> ReportSponsor:
    return ReportSponsor(sponsor.slug, sponsor.name, sponsor.url, sponsor.logo)


def _event(event: Event) -> ReportEvent:
    talks = tuple(
        ReportTalk(talk.title, talk.url,
                   tuple(ReportSpeaker(role.person.slug, role.person.name, role.affiliation) for role in talk.speakers))
        for talk in event.talks
    )
    return ReportEvent(
        slug=event.slug, title=event.title, start=event.start, date=event.date, group=_group(event.group),
        sponsors=tuple(_sponsor(s) for s in event.sponsors), talks=talks,
        attended=event.attendance.count if event.attendance else None,
        attended_approx=bool(event.attendance and event.attendance.approx),
    )


def report_site(site: Site) -> ReportSite:
    """The records the report reads, from a loaded site whose URLs are assigned."""
    return ReportSite(
        events=tuple(_event(e) for e in site.events),
        groups=tuple(_group(g) for g in site.groups),
        sponsors=tuple(_sponsor(s) for s in site.sponsors),
    )


def make_report(content_dir: Path, survey_dir: Path, options: ReportOptions, *, settings: dict | None = None,
                today: dt.date | None = None) -> list[Path]:
    """Read the site and its polls, check everything, render every format, then write them in one step.

    Raises an ``InputError`` (ReportError, ContentError, PollDataError) before
    anything is written when the options, the content or the poll data do not
    allow a report.
    """
    check_out(Path(options.out).absolute())
    site = load_site(Path(content_dir), settings)
    urls.assign(site, {**DEFAULTS, **(settings or {})})  # the talks' links, as the site builds them
    survey = load_survey(Path(survey_dir), events=poll_events(site))
    return write_report(report_site(site), survey, options, Path(content_dir), today)


__all__ = ["make_report", "report_site"]
