"""One Meetup.com event, through the GraphQL API, into content/events/<slug>.md.

The token comes from the caller (the task reads MEETUP_TOKEN from the
environment); it is sent in the Authorization header and nowhere else: never
written to a file, never part of a message.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests
from kernel.problems import Problem
from kernel.slugs import slugify

from .errors import NetworkDataError
from .generated import Document, FileResult, write_documents
from .http import HttpPolicy, fetch, make_session

DEFAULT_ENDPOINT = "https://api.meetup.com/gql"
EVENT_QUERY = """
query ($eventId: ID) {
  event(id: $eventId) {
    id
    title
    eventUrl
    description
    dateTime
    endTime
    timezone
    going
    venue { name address city postalCode country lat lng }
    group { urlname name timezone }
  }
}
""".strip()


def fetch_event(
    endpoint: str,
    event_id: str,
    token: str,
    policy: HttpPolicy,
    session: requests.Session | None = None,
) -> dict:
    """The event object of the GraphQL answer; GraphQL errors become problems."""
    got = fetch(
        session or make_session(policy),
        endpoint,
        policy,
        method="POST",
        headers={"Authorization": f"Bearer {token}"},
        json={"query": EVENT_QUERY, "variables": {"eventId": event_id}},
        content_types=("application/json", "application/graphql-response+json"),
    )
    try:
        answer = json.loads(got.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (0, 0)
        raise NetworkDataError(Problem(endpoint, *where, "malformed JSON in the answer")) from None
    if not isinstance(answer, dict):
        raise NetworkDataError(Problem(endpoint, message="the answer is not a GraphQL response"))
    errors = answer.get("errors")
    if errors:
        messages = [
            str(e.get("message", e)) if isinstance(e, dict) else str(e)
            for e in (errors if isinstance(errors, list) else [errors])
        ]
        raise NetworkDataError([Problem(endpoint, message=f"GraphQL error: {m}") for m in messages])
    data = answer.get("data")
    event = data.get("event") if isinstance(data, dict) else None
    if not isinstance(event, dict):
        raise NetworkDataError(Problem(endpoint, message=f"event {event_id} not found"))
    return event


def _address(venue: dict) -> str:
    city = " ".join(str(venue[k]) for k in ("postalCode", "city") if venue.get(k))
    parts = [str(venue.get("address") or "").strip(), city, str(venue.get("country") or "").upper()]
    return ", ".join(p for p in parts if p)


def event_front_matter(event: dict, group: str, source: str) -> tuple[dict, str]:
    """Front matter and body for the event file, in the content format's keys.

    ``group`` is the Meetup urlname the user asked for: an event of another group
    is refused rather than written under the wrong name.
    """
    problems: list[Problem] = []

    def problem(message: str) -> None:
        problems.append(Problem(source, message=message))

    owner = event.get("group") if isinstance(event.get("group"), dict) else {}
    urlname = str(owner.get("urlname") or "")
    if urlname.lower() != group.lower():
        problem(f"the event belongs to group {urlname or '(none)'!r}, not {group!r}")
    title = str(event.get("title") or "").strip()
    if not title:
        problem("the event has no title")
    tz_name = str(event.get("timezone") or owner.get("timezone") or "")
    try:
        zone = ZoneInfo(tz_name) if tz_name else None
    except (ZoneInfoNotFoundError, ValueError):
        zone = None
        problem(f"unknown timezone {tz_name!r}")
    start = _instant(event.get("dateTime"), "dateTime", problem)
    end = _instant(event.get("endTime"), "endTime", problem) if event.get("endTime") else None
    going = event.get("going")
    if going is not None and (not isinstance(going, int) or isinstance(going, bool) or going < 0):
        problem(f"the RSVP count must be a whole number, not {going!r}")
    if problems:
        raise NetworkDataError(problems)

    local_start = start.astimezone(zone) if zone else start
    front: dict = {"title": title, "date": local_start.date().isoformat(), "start": f"{local_start:%H:%M}"}
    if end is not None:
        front["end"] = f"{(end.astimezone(zone) if zone else end):%H:%M}"
    if tz_name:
        front["timezone"] = tz_name
    venue = event.get("venue") if isinstance(event.get("venue"), dict) else None
    if venue and venue.get("name"):
        place: dict = {"name": str(venue["name"]).strip()}
        if _address(venue):
            place["address"] = _address(venue)
        if isinstance(venue.get("lat"), (int, float)) and isinstance(venue.get("lng"), (int, float)):
            place["lat"], place["lon"] = venue["lat"], venue["lng"]
        front["venue"] = place
    if going is not None:
        front["rsvps"] = going
    return front, str(event.get("description") or "").strip()


def _instant(value: object, name: str, problem) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        problem(f"unreadable {name} {value!r}")
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    if when.tzinfo is None:
        problem(f"{name} {value!r} has no UTC offset")
    return when


def import_meetup(
    group: str,
    event_id: str,
    token: str,
    content_dir: str | Path,
    policy: HttpPolicy,
    *,
    endpoint: str = DEFAULT_ENDPOINT,
    slug: str = "",
    force: bool = False,
    session: requests.Session | None = None,
) -> list[FileResult]:
    """Create or update the event's Markdown file (``<group>-<id>.md`` unless ``slug`` is given).

    The site group is set when content/groups/ has a group whose slug is the
    slugified Meetup urlname.
    """
    content_dir = Path(content_dir)
    slug = slug or slugify(f"{group}-{event_id}")
    if slugify(slug) != slug:
        raise NetworkDataError(Problem(endpoint, message=f"--slug must be a slug such as {slugify(slug)!r}"))
    source = f"meetup:{group}/{event_id}"
    event = fetch_event(endpoint, event_id, token, policy, session)
    front, body = event_front_matter(event, group, source)
    site_group = slugify(group)
    if (content_dir / "groups" / f"{site_group}.md").is_file():
        front = {"title": front.pop("title"), "group": site_group, **front}
    doc = Document(content_dir / "events" / f"{slug}.md", front, body, source)
    return write_documents([doc], force=force)
