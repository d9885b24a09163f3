"""frab-compatible schedules of one event or one group: schedule.xml and schedule.json.

These are the files conference apps (Giggity, EventFahrplan, ConfClerk) read: days,
rooms, and per programme item its time, length, speakers and links (the talk page,
the slides, the recording).  The shapes follow the c3voc schedule XSD and JSON
schema, which the tests validate against.

A meetup programme has an order rather than times, so the times are derived: the
first item starts with the event, each next one when the one before ends; a
session's ``start:`` sets its time; a talk's ``duration:`` its length, else the
``MEETUP_SCHEDULE_SLOT_MINUTES`` default.  An event without a start time is laid out
from midnight, since the format has no way to say "some time that day".

Identifiers are derived from slugs (never from positions that shift when an item is
added), so apps keep a visitor's favourites across updates; the ``version`` is a
digest of the content, so it changes exactly when the schedule does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from kernel.slugs import slugify
from markupsafe import Markup

from .addresses import address, slides_target
from .model import Event, Session, Talk
from .slides.jsonld import absolute

SCHEMA_JSON = "https://c3voc.de/schedule/schema.json"
GENERATOR = "Recap"


@dataclass(frozen=True)
class Context:
    """What every schedule needs besides its events: where it is written and how to name things."""

    siteurl: str
    domain: str  # MEETUP_UID_DOMAIN: the namespace of the GUIDs
    here: str  # output path of the schedule file, for links when the site has no absolute address
    slot_minutes: int

    def link(self, target: str) -> str:
        return address(self.siteurl, self.here, target)

    def guid(self, kind: str, key: str) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://{self.domain}/{kind}/{key}"))


@dataclass(frozen=True)
class Slot:
    """One programme item placed in time."""

    item: Talk | Session
    event: Event
    key: str  # stable within the site: the talk's slug, or the event's slug and the session's title
    start: dt.datetime
    end: dt.datetime


def _plain(html: str) -> str:
    return " ".join(Markup(html).striptags().split())


def _session_key(event: Event, session: Session, taken: set[str]) -> str:
    # by title, so adding an item elsewhere in the programme changes no other item's GUID
    base = f"{event.slug}/{slugify(session.title) or 'session'}"
    key, n = base, 1
    while key in taken:  # two sessions of one title ("Break") in one evening
        n += 1
        key = f"{base}-{n}"
    taken.add(key)
    return key


def slots(event: Event, slot_minutes: int) -> list[Slot]:
    out, cursor, taken = [], event.start, set()
    for item in event.programme:
        if not item.is_talk and item.start is not None:
            cursor = dt.datetime.combine(event.start.date(), item.start, tzinfo=event.start.tzinfo)
            if cursor < event.start and event.end and event.end.date() > event.start.date():
                cursor += dt.timedelta(days=1)  # "00:30" in an evening that runs past midnight
        minutes = (item.duration if item.is_talk else None) or slot_minutes
        key = item.slug if item.is_talk else _session_key(event, item, taken)
        out.append(Slot(item, event, key, cursor, cursor + dt.timedelta(minutes=minutes)))
        cursor = out[-1].end
    return out


def acronym(slug: str) -> str:
    """A schedule acronym both schemas accept: lower-case letters, digits and '_', four or more."""
    text = slugify(slug).replace("-", "_") or "meetup"
    return text.ljust(4, "_")


def _number(guid: str) -> int:
    # the legacy numeric id both formats still require: stable, positive, and 31 bits like frab's
    return int(guid.replace("-", "")[:8], 16) % (2**31 - 1) + 1


def _hhmm(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _room(event: Event) -> str:
    return event.venue.name if event.venue and event.venue.name else "Main room"


def _links(slot: Slot, ctx: Context) -> list[dict]:
    """The talk page, its slides and its recording, as schedule references."""
    item = slot.item
    if not item.is_talk:
        return []
    links = [{"type": "web", "url": ctx.link(item.url), "title": "Talk page"}]
    if slides := slides_target(item.media):
        links.append({"type": "slides", "url": ctx.link(slides), "title": "Slides"})
    if item.media and item.media.video:
        links.append({"type": "media", "url": ctx.link(item.media.video.url), "title": "Recording"})
    return links


def _person(role, ctx: Context) -> dict:
    person = role.person
    # "name" is what the schema asks for; "public_name" what older frab readers show
    return {"name": person.name, "public_name": person.name, "guid": ctx.guid("speaker", person.slug),
            "url": ctx.link(person.url)}


def _entry(slot: Slot, ctx: Context, event_acronym: str) -> dict:
    item, event = slot.item, slot.event
    guid = ctx.guid("talk" if item.is_talk else "session", slot.key)
    number = _number(guid)
    abstract = _plain(item.body_html if item.is_talk else item.description_html)
    tail = slugify(slot.key.rsplit("/", 1)[-1]) or "item"
    return {
        "guid": guid,
        "id": number,
        "date": slot.start.isoformat(),
        "start": slot.start.strftime("%H:%M"),
        "end": slot.end.isoformat(),
        "duration": _hhmm(slot.end - slot.start),
        "room": _room(event),
        "slug": f"{event_acronym}-{number}-{tail}",
        "url": ctx.link(item.url if item.is_talk else event.url),
        "title": item.title,
        "subtitle": "",
        "track": (item.tags[0] if item.is_talk and item.tags else "") or (event.group.name if event.group else ""),
        "type": "talk" if item.is_talk else item.kind,
        "language": (item.language if item.is_talk else "") or None,
        "abstract": abstract,
        "description": "",
        "persons": [_person(role, ctx) for role in item.speakers],
        "links": _links(slot, ctx),
    }


def _day_bounds(event: Event, items: list[Slot]) -> tuple[dt.datetime, dt.datetime]:
    start = min([event.start] + [s.start for s in items])
    end = max([event.end or event.start + dt.timedelta(hours=3)] + [s.end for s in items])
    return start, end


def schedule_data(title: str, slug: str, events: list[Event], page: str, ctx: Context) -> dict:
    """The schedule as the JSON format's dict; :func:`to_xml` writes the same data as XML.

    ``events`` are the events it covers (oldest first, at least one); ``page`` the output path
    of the page it belongs to.  Events on the same date share a day, as the formats want.
    """
    days: dict[dt.date, dict] = {}
    rooms: dict[str, str] = {}
    for event in events:
        placed = slots(event, ctx.slot_minutes)
        start, end = _day_bounds(event, placed)
        day = days.setdefault(event.date, {"date": event.date.isoformat(), "start": start, "end": end, "rooms": {}})
        day["start"], day["end"] = min(day["start"], start), max(day["end"], end)
        if not placed:
            continue
        room, event_acronym = _room(event), acronym(event.slug)
        if room not in rooms:
            rooms[room] = ctx.guid("room", slugify(room) or "room")
        day["rooms"].setdefault(room, []).extend(_entry(slot, ctx, event_acronym) for slot in placed)
    conference: dict = {
        "acronym": acronym(slug),
        "title": title,
        "start": min(days).isoformat(),
        "end": max(days).isoformat(),
        "daysCount": len(days),
        "timeslot_duration": "00:05",
        "time_zone_name": events[0].timezone,
    }
    if url := absolute(ctx.siteurl, page):
        conference["url"] = url
    conference["rooms"] = [{"name": name, "guid": guid} for name, guid in rooms.items()]
    conference["days"] = [
        {"index": index, "date": day["date"], "day_start": day["start"].isoformat(),
         "day_end": day["end"].isoformat(), "rooms": day["rooms"]}
        for index, (_, day) in enumerate(sorted(days.items()), start=1)
    ]
    digest = hashlib.sha256(json.dumps(conference, sort_keys=True).encode()).hexdigest()[:12]
    schedule: dict = {"version": digest}
    if base := absolute(ctx.siteurl, ""):
        schedule["base_url"] = base
    schedule["conference"] = conference
    return {"$schema": SCHEMA_JSON, "generator": {"name": GENERATOR}, "schedule": schedule}


def to_json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _text(parent: ET.Element, tag: str, text, **attrib) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attrib.items()})
    element.text = "" if text is None else str(text)
    return element


def _xml_event(parent: ET.Element, entry: dict) -> None:
    node = ET.SubElement(parent, "event", {"guid": entry["guid"], "id": str(entry["id"])})
    for tag in ("room", "title", "subtitle", "type", "date", "start", "duration", "abstract", "slug", "track"):
        _text(node, tag, entry[tag])
    persons = ET.SubElement(node, "persons")
    for person in entry["persons"]:
        _text(persons, "person", person["name"], guid=person["guid"])
    if entry["language"]:
        _text(node, "language", entry["language"])
    _text(node, "description", entry["description"])
    links = ET.SubElement(node, "links")
    for link in entry["links"]:
        _text(links, "link", link["title"], href=link["url"], type=link["type"])
    if entry["url"].startswith(("http://", "https://")):  # the XSD wants an absolute address here
        _text(node, "url", entry["url"])


def to_xml(data: dict) -> bytes:
    """The frab schedule.xml of :func:`schedule_data`'s result."""
    schedule, conference = data["schedule"], data["schedule"]["conference"]
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", {"name": GENERATOR})
    _text(root, "version", schedule["version"])
    conf = ET.SubElement(root, "conference")
    for tag, key in (("title", "title"), ("acronym", "acronym"), ("start", "start"), ("end", "end"),
                     ("days", "daysCount"), ("timeslot_duration", "timeslot_duration")):
        _text(conf, tag, conference[key])
    if "base_url" in schedule:
        _text(conf, "base_url", schedule["base_url"])
    if "url" in conference:
        _text(conf, "url", conference["url"])
    _text(conf, "time_zone_name", conference["time_zone_name"])
    guids = {room["name"]: room["guid"] for room in conference["rooms"]}
    for day in conference["days"]:
        day_node = ET.SubElement(root, "day", {"index": str(day["index"]), "date": day["date"],
                                               "start": day["day_start"], "end": day["day_end"]})
        for name, entries in day["rooms"].items():
            room = ET.SubElement(day_node, "room", {"name": name, "guid": guids[name]})
            for entry in entries:
                _xml_event(room, entry)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8",
                                                                    xml_declaration=False) + b"\n"
