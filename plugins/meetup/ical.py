"""iCalendar files for one event, one speaker's talks, and all events.

UIDs are derived from slugs, never from build time, so a calendar subscription
sees an edited event as the same event.  DTSTAMP comes from the data too, which
keeps the output byte-identical between builds.
"""

from __future__ import annotations

import datetime as dt

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


def calendar_bytes(name: str, components: list[icalendar.Event], timezones: dict | None = None) -> bytes:
    """The calendar file; ``timezones`` (a dict the caller keeps) lets one build make each zone once.

    Building a VTIMEZONE walks decades of transitions; a site writes a calendar per event
    and per speaker, nearly all in the same zone.
    """
    timezones = {} if timezones is None else timezones
    cal = _calendar(name)
    for component in components:
        cal.add_component(component)
    years = sorted({c.decoded("dtstart").year for c in components}) or [1970]
    for position, tzid in enumerate(sorted(cal.get_missing_tzids())):
        # only the years the calendar needs: a VTIMEZONE from 1970 to 2038 is dozens of
        # RDATE lines per file, which dominated the size and the time of writing calendars
        key = (tzid, years[0], years[-1])
        if key not in timezones:
            timezones[key] = icalendar.Timezone.from_tzid(
                tzid, first_date=dt.date(years[0] - 1, 1, 1), last_date=dt.date(years[-1] + 2, 1, 1)
            )
        cal.subcomponents.insert(position, timezones[key])
    return cal.to_ical()
