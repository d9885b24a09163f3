"""schema.org Event JSON-LD for event pages (what search engines read for event results)."""

from __future__ import annotations

import datetime as dt
import json

from .model import Event, Person, SpeakerRole

SCHEMA = "https://schema.org/"
EVENT_STATUS = {
    "scheduled": "EventScheduled",
    "cancelled": "EventCancelled",
    "postponed": "EventPostponed",
    "rescheduled": "EventRescheduled",
    "moved-online": "EventMovedOnline",
}
ATTENDANCE_MODE = {
    "in-person": "OfflineEventAttendanceMode",
    "online": "OnlineEventAttendanceMode",
    "mixed": "MixedEventAttendanceMode",
}


def _person(role: SpeakerRole | Person, siteurl: str) -> dict:
    person = role.person if isinstance(role, SpeakerRole) else role
    data = {"@type": "Person", "name": person.name}
    if siteurl:
        data["url"] = f"{siteurl}/{person.url}"
    affiliation = role.affiliation if isinstance(role, SpeakerRole) else person.affiliation
    if affiliation:
        data["affiliation"] = {"@type": "Organization", "name": affiliation}
    return data


def _place(event: Event) -> dict:
    venue = event.venue
    place: dict = {"@type": "Place", "name": venue.name}
    place["address"] = {"@type": "PostalAddress", "streetAddress": venue.address} if venue.address else venue.name
    if venue.lat is not None and venue.lon is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": venue.lat, "longitude": venue.lon}
    return place


def _date(event: Event, value) -> str:
    return value.isoformat() if event.has_time else value.date().isoformat()


def _locations(event: Event, siteurl: str, now: dt.datetime | None) -> list[dict]:
    """The venue and, for an online event, a VirtualLocation.

    Search engines require a URL on a VirtualLocation: the join link while the event is
    ahead, else the event's own page (the join link is not published after the event).
    """
    out = [_place(event)] if event.venue and event.in_person else []
    if event.online:
        join = event.join_link(now) if now else event.join_url
        url = join or (f"{siteurl}/{event.url}" if siteurl else "")
        out.append({"@type": "VirtualLocation", **({"url": url} if url else {})})
    return out


def event_data(event: Event, siteurl: str, site_name: str, now: dt.datetime | None = None) -> dict:
    """The event's JSON-LD; ``now`` decides whether the online join link is still published."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": _date(event, event.start),
        "eventStatus": SCHEMA + EVENT_STATUS[event.status],
        "eventAttendanceMode": SCHEMA + ATTENDANCE_MODE[event.attendance_mode],
    }
    if event.previous_starts:
        data["previousStartDate"] = [_date(event, start) for start in event.previous_starts]
    if event.end:
        data["endDate"] = _date(event, event.end)
    if siteurl:
        data["url"] = f"{siteurl}/{event.url}"
    if event.summary:
        data["description"] = event.summary
    locations = _locations(event, siteurl, now)
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.rsvp:
        data["offers"] = {"@type": "Offer", "url": event.rsvp}
    organizer = {"@type": "Organization", "name": event.group.name if event.group else site_name}
    if event.group and event.group.url:
        organizer["url"] = event.group.url
    data["organizer"] = [organizer] + [_person(p, siteurl) for p in event.organizers]
    if event.sponsors:
        data["sponsor"] = [
            {"@type": "Organization", "name": s.name, **({"url": s.url} if s.url else {})} for s in event.sponsors
        ]
    performers = {}
    for talk in event.talks:
        for role in talk.speakers:
            performers.setdefault(role.person.slug, _person(role, siteurl))
    if performers:
        data["performer"] = list(performers.values())
    if event.talks:
        data["subEvent"] = [
            {
                "@type": "Event",
                "name": talk.title,
                "startDate": _date(event, event.start),
                **({"url": f"{siteurl}/{talk.url}"} if siteurl else {}),
                "performer": [_person(role, siteurl) for role in talk.speakers],
                **({"inLanguage": talk.language} if talk.language else {}),
                **({"location": data["location"]} if locations else {}),
            }
            for talk in event.talks
        ]
    return data


def script_json(data: dict) -> str:
    """JSON text that cannot end the <script> element it sits in, with sorted keys.

    The same escaping as Jinja's ``|tojson``: <, > and & (and the JavaScript line
    separators) become \\u escapes, which keeps it valid JSON, so templates may
    output the result with ``|safe``.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
