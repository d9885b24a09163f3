"""iCalendar files for one event, one speaker's talks, and all events.

UIDs are derived from slugs, never from build time, so a calendar subscription
sees an edited event as the same event.  DTSTAMP comes from the data too, which
keeps the output byte-identical between builds.

Serialising a component is most of the cost (icalendar folds every line), and a
site writes each event twice (its own calendar and the all-events one) and each
talk into every speaker's calendar.  So each entry is serialised once per build,
kept in a cache file between builds keyed by everything it is made from, and the
files are assembled from the pieces: byte for byte what icalendar writes for the
whole calendar.

Every calendar carries the RFC 7986 properties subscribing apps read: NAME, how
often to fetch it again (REFRESH-INTERVAL), where it lives (SOURCE) and the page
it belongs to (URL), the last two only when SITEURL is absolute.  Its
LAST-MODIFIED is the latest DTSTAMP of its entries: a moment the content fixes,
so two builds of the same content stay byte-identical.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kernel.cache import Cache

from .model import Event, Talk

if TYPE_CHECKING:
    import icalendar

PRODID = "-//Recap//Meetup calendar//EN"
NAME = "calendars"  # kernel.cache.CACHES
ENTRIES = "entries.pickle"  # the one record: {repr of an Entry: its Part}
# Part and Entry are defined here: a change to their shape is a change to this file
CODE = (Path(__file__).resolve(),)
LIBRARIES = ("icalendar",)  # another icalendar may fold or escape differently


@dataclass(frozen=True)
class Head:
    """What a calendar says about itself; URLs are absolute, or "" when the site has no absolute SITEURL."""

    name: str
    refresh: dt.timedelta
    source: str = ""  # the address of the .ics file itself
    url: str = ""  # the page the calendar belongs to


def _calendar(head: Head, last_modified: dt.datetime | None) -> icalendar.Calendar:
    import icalendar  # here, not at the top: a build whose calendars are all kept needs none of it

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", head.name)
    cal.add("x-wr-calname", head.name)  # the name Apple and Google Calendar show; they ignore NAME
    cal.add("refresh-interval", head.refresh, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(head.refresh))  # REFRESH-INTERVAL's older spelling, read by Outlook
    if head.source:
        cal.add("source", head.source, parameters={"VALUE": "URI"})
    if head.url:
        cal.add("url", head.url, parameters={"VALUE": "URI"})
    if last_modified is not None:
        cal.add("last-modified", last_modified)
    return cal


# RFC 5545 knows three: a postponed event's date is not firm, a moved one's is
ICAL_STATUS = {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}


@dataclass(frozen=True)
class Entry:
    """What one VEVENT is made from; its repr is the cache key of its serialised text."""

    uid: str
    summary: str
    stamp: dt.datetime
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    location: str
    geo: tuple[float, float] | None
    description: str
    url: str
    status: str = "CONFIRMED"
    sequence: int = 0


def event_span(event: Event) -> tuple[dt.datetime | dt.date, dt.datetime | dt.date]:
    """When an event starts and ends in calendars: three hours without an end, a whole day without a time."""
    if event.has_time:
        return event.start, event.over_at
    return event.start.date(), event.start.date() + dt.timedelta(days=1)


def location(event: Event) -> str:
    if not event.in_person:
        return "Online"
    if not event.venue:
        return ""
    return ", ".join(part for part in (event.venue.name, event.venue.address) if part)


def _entry(uid: str, summary: str, event: Event, description: str, url: str) -> Entry:
    start, end = event_span(event)
    venue = event.venue
    geo = (venue.lat, venue.lon) if venue and venue.lat is not None and venue.lon is not None else None
    geo = geo if event.in_person else None
    return Entry(uid, event.headline(summary), event.start.astimezone(dt.UTC), start, end, location(event), geo,
                 description, url, ICAL_STATUS.get(event.status, "CONFIRMED"), event.sequence)


def component(entry: Entry) -> icalendar.Event:
    import icalendar

    vevent = icalendar.Event()
    vevent.add("uid", entry.uid)
    vevent.add("summary", entry.summary)
    vevent.add("dtstamp", entry.stamp)
    vevent.add("dtstart", entry.start)
    vevent.add("dtend", entry.end)
    vevent.add("status", entry.status)
    vevent.add("sequence", entry.sequence)
    if entry.location:
        vevent.add("location", entry.location)
    if entry.geo:
        vevent.add("geo", entry.geo)
    if entry.description:
        vevent.add("description", entry.description)
    if entry.url:
        vevent.add("url", entry.url)
    return vevent


def _event_description(event: Event) -> str:
    lines = [event.status_note] if event.status_note else []
    lines += [event.summary] if event.summary else []
    for item in event.programme:
        names = ", ".join(role.person.name for role in item.speakers)
        lines.append(f"- {item.title}" + (f" ({names})" if names else ""))
    return "\n".join(lines)


def event_entry(event: Event, domain: str, siteurl: str) -> Entry:
    return _entry(
        uid=f"event-{event.slug}@{domain}",
        summary=event.title,
        event=event,
        description=_event_description(event),
        url=f"{siteurl}/{event.url}" if siteurl else "",
    )


def talk_entry(talk: Talk, domain: str, siteurl: str) -> Entry:
    speakers = ", ".join(role.person.name for role in talk.speakers)
    return _entry(
        uid=f"talk-{talk.slug}@{domain}",
        summary=f"{talk.title} ({speakers})" if speakers else talk.title,
        event=talk.event,
        description=f"At {talk.event.title}",
        url=f"{siteurl}/{talk.url}" if siteurl else "",
    )


@dataclass(frozen=True)
class Part:
    """One VEVENT, serialised: its text, the year it starts in, the zones it names and its DTSTAMP."""

    text: bytes
    year: int
    tzids: tuple[str, ...]
    stamp: dt.datetime


def _part(entry: Entry) -> Part:
    import icalendar

    vevent = component(entry)
    holder = icalendar.Calendar()
    holder.add_component(vevent)
    return Part(vevent.to_ical(), entry.start.year, tuple(sorted(holder.get_missing_tzids())), entry.stamp)


def calendar_cache(folder: Path) -> Cache:
    """The calendar entry cache in ``folder`` (``cache_folder(settings, "calendars")``)."""
    return Cache.of(NAME, folder, code=CODE, libraries=LIBRARIES)


class Calendars:
    """The calendar files of one build, assembled from entries serialised once.

    ``cache`` keeps the serialised entries between builds in one record, under a
    key of this module's code and icalendar's version; :meth:`save` writes back
    only the entries this build used, so the record never outgrows the site.
    """

    def __init__(self, domain: str, siteurl: str, cache: Cache | None = None):
        self.domain, self.siteurl, self.cache = domain, siteurl, cache
        self._stored = _load(cache)
        self._used: dict[str, Part] = {}
        self._zones: dict[tuple[str, int, int], bytes] = {}

    def _serialised(self, entry: Entry) -> Part:
        key = repr(entry)
        if key not in self._used:
            self._used[key] = self._stored.get(key) or _part(entry)
        return self._used[key]

    def event(self, event: Event) -> Part:
        return self._serialised(event_entry(event, self.domain, self.siteurl))

    def talk(self, talk: Talk) -> Part:
        return self._serialised(talk_entry(talk, self.domain, self.siteurl))

    def _zone(self, tzid: str, first: int, last: int) -> bytes:
        # only the years the calendar needs: a VTIMEZONE from 1970 to 2038 is dozens of
        # RDATE lines per file, which dominated the size and the time of writing calendars
        key = (tzid, first, last)
        if key not in self._zones:
            import icalendar

            self._zones[key] = icalendar.Timezone.from_tzid(
                tzid, first_date=dt.date(first - 1, 1, 1), last_date=dt.date(last + 2, 1, 1)
            ).to_ical()
        return self._zones[key]

    def calendar(self, head: Head, parts: list[Part]) -> bytes:
        """The calendar file: its properties, the VTIMEZONEs its events name, then the events."""
        years = sorted({p.year for p in parts}) or [1970]
        tzids = sorted({tzid for p in parts for tzid in p.tzids})
        last_modified = max((p.stamp for p in parts), default=None)
        end = b"END:VCALENDAR\r\n"
        # the subcomponents go before the closing line
        top = _calendar(head, last_modified).to_ical().removesuffix(end)
        zones = [self._zone(tzid, years[0], years[-1]) for tzid in tzids]
        return b"".join([top, *zones, *(p.text for p in parts), end])

    def serialised(self) -> dict[str, Part]:
        """The entries this process serialised or took from the cache (what :meth:`learn` takes)."""
        return self._used

    def learn(self, serialised: dict[str, Part]) -> None:
        """Count the entries another process of this build serialised (a batch's child) as this build's."""
        self._used.update(serialised)

    def save(self, retain: list = ()) -> None:
        """Store the entries this build used, and those of ``retain`` (events, talks) it did not need
        because their calendars were kept from the live site: the next edit serialises only its own."""
        if self.cache is None:
            return
        for item in retain:
            entry = (talk_entry if isinstance(item, Talk) else event_entry)(item, self.domain, self.siteurl)
            key = repr(entry)
            if key not in self._used and key in self._stored:
                self._used[key] = self._stored[key]
        self.cache.store_keyed(ENTRIES, self.cache.key(), self._used)


def _load(cache: Cache | None) -> dict[str, Part]:
    # None: no cache yet, damaged, or from other code: serialise again
    stored = cache.load_keyed(ENTRIES, cache.key()) if cache is not None else None
    return stored if isinstance(stored, dict) else {}
