"""iCalendar files for one event, one speaker's talks, and all events.

UIDs are derived from slugs, never from build time, so a calendar subscription
sees an edited event as the same event.  DTSTAMP comes from the data too, which
keeps the output byte-identical between builds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import icalendar

from .model import Event, Talk

PRODID = "-//Recap//Meetup calendar//EN"


def _calendar(name: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def _location(event: Event) -> str:
    if not event.venue:
        return ""
    return ", ".join(part for part in (event.venue.name, event.venue.address) if part)


def _vevent(uid: str, summary: str, event: Event, description: str, url: str,
            start: dt.datetime | None = None) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", uid)
    vevent.add("summary", summary)
    vevent.add("dtstamp", event.start.astimezone(dt.UTC))
    start = start or event.start
    if event.has_time:
        vevent.add("dtstart", start)
        vevent.add("dtend", event.end or start + dt.timedelta(hours=3))
    else:
        vevent.add("dtstart", start.date())
        vevent.add("dtend", start.date() + dt.timedelta(days=1))
    if _location(event):
        vevent.add("location", _location(event))
    if event.venue and event.venue.lat is not None and event.venue.lon is not None:
        vevent.add("geo", (event.venue.lat, event.venue.lon))
    if description:
        vevent.add("description", description)
    if url:
        vevent.add("url", url)
    return vevent


def _event_description(event: Event) -> str:
    lines = [event.summary] if event.summary else []
    for item in event.programme:
        names = ", ".join(role.person.name for role in item.speakers)
        lines.append(f"- {item.title}" + (f" ({names})" if names else ""))
    return "\n".join(lines)


def event_component(event: Event, domain: str, siteurl: str) -> icalendar.Event:
    return _vevent(
        uid=f"event-{event.slug}@{domain}",
        summary=event.title,
        event=event,
        description=_event_description(event),
        url=f"{siteurl}/{event.url}" if siteurl else "",
    )


def talk_component(talk: Talk, domain: str, siteurl: str) -> icalendar.Event:
    speakers = ", ".join(role.person.name for role in talk.speakers)
    return _vevent(
        uid=f"talk-{talk.slug}@{domain}",
        summary=f"{talk.title} ({speakers})" if speakers else talk.title,
        event=talk.event,
        description=f"At {talk.event.title}",
        url=f"{siteurl}/{talk.url}" if siteurl else "",
    )


@dataclass(frozen=True)
class Part:
    """One VEVENT, serialised: its text, the year it starts in and the zones it names."""

    text: bytes
    year: int
    tzids: tuple[str, ...]


def _part(component: icalendar.Event) -> Part:
    holder = icalendar.Calendar()
    holder.add_component(component)
    return Part(component.to_ical(), component.decoded("dtstart").year, tuple(sorted(holder.get_missing_tzids())))


class Calendars:
    """The calendar files of one build.

    A site writes each event into its own calendar and into the all-events one, and
    each talk into every speaker's: serialising a component is most of the cost
    (icalendar folds every line), so each VEVENT and each VTIMEZONE is serialised
    once per build and the files are assembled from the pieces, byte for byte what
    icalendar writes for the whole calendar.
    """

    def __init__(self, domain: str, siteurl: str):
        self.domain, self.siteurl = domain, siteurl
        self._parts: dict[str, Part] = {}
        self._zones: dict[tuple[str, int, int], bytes] = {}

    def event(self, event: Event) -> Part:
        key = f"event-{event.slug}"
        if key not in self._parts:
            self._parts[key] = _part(event_component(event, self.domain, self.siteurl))
        return self._parts[key]

    def talk(self, talk: Talk) -> Part:
        key = f"talk-{talk.slug}"
        if key not in self._parts:
            self._parts[key] = _part(talk_component(talk, self.domain, self.siteurl))
        return self._parts[key]

    def _zone(self, tzid: str, first: int, last: int) -> bytes:
        # only the years the calendar needs: a VTIMEZONE from 1970 to 2038 is dozens of
        # RDATE lines per file, which dominated the size and the time of writing calendars
        key = (tzid, first, last)
        if key not in self._zones:
            self._zones[key] = icalendar.Timezone.from_tzid(
                tzid, first_date=dt.date(first - 1, 1, 1), last_date=dt.date(last + 2, 1, 1)
            ).to_ical()
        return self._zones[key]

    def calendar(self, name: str, parts: list[Part]) -> bytes:
        """The calendar file: its properties, the VTIMEZONEs its events name, then the events."""
        years = sorted({p.year for p in parts}) or [1970]
        tzids = sorted({tzid for p in parts for tzid in p.tzids})
        end = b"END:VCALENDAR\r\n"
        head = _calendar(name).to_ical().removesuffix(end)  # the subcomponents go before the closing line
        zones = [self._zone(tzid, years[0], years[-1]) for tzid in tzids]
        return b"".join([head, *zones, *(p.text for p in parts), end])
