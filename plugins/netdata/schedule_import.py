"""Talks and speakers from a pretalx or frab schedule (JSON) into content/ Markdown files.

Two shapes are understood:

- the frab schedule JSON that both frab and pretalx export
  (``{"schedule": {"conference": {"days": [{"rooms": {"Room": [talk, ...]}}]}}}``);
- the pretalx REST API's talk list (``{"results": [talk, ...]}``), one page of it.

Everything is parsed and checked before the first file is written; a source
with problems writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import requests
from kernel.problems import Problem
from kernel.slugs import slugify

from .errors import NetworkDataError
from .generated import Document, FileResult, write_documents
from .http import WEB_SCHEMES, HttpPolicy, fetch, make_session, origin

JSON_TYPES = ("application/json", "text/json", "text/plain", "application/octet-stream")
MAX_PAGES = 200  # a pretalx talk list of 200 pages (10,000 talks at 50 a page) is not a meetup's
MAX_TALKS = 1000  # defaults of IMPORT_MAX_TALKS and IMPORT_MAX_SPEAKERS
MAX_SPEAKERS = 1000


@dataclass(frozen=True)
class Speaker:
    name: str
    biography: str = ""

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass(frozen=True)
class Talk:
    title: str
    ident: str  # the source's id or code, for unique slugs
    speakers: tuple[Speaker, ...]
    start: dt.datetime | None = None
    duration: int | None = None  # minutes
    room: str = ""
    track: str = ""
    language: str = ""
    abstract: str = ""
    description: str = ""


@dataclass
class _Problems:
    source: str
    items: list[Problem] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.items.append(Problem(self.source, message=f"{where}: {message}"))


def load_json(
    source: str, policy: HttpPolicy, session: requests.Session | None = None, stay_on: str | None = None
) -> object:
    """The parsed JSON of a URL or a local file; bad JSON is a problem at its line and column.

    ``stay_on`` (a URL) refuses a redirect to any other server than that URL's, at every hop.
    """
    if _is_web(source):
        got = fetch(session or make_session(policy), source, policy, content_types=JSON_TYPES, stay_on=stay_on)
        raw = got.body
    else:
        try:
            raw = Path(source).read_bytes()
        except OSError as exc:
            raise NetworkDataError(Problem(source, message=f"cannot read: {exc.strerror}")) from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise NetworkDataError(Problem(source, message="not UTF-8 text")) from None
    except json.JSONDecodeError as exc:
        raise NetworkDataError(Problem(source, exc.lineno, exc.colno, f"malformed JSON: {exc.msg}")) from None


def _text(value: object) -> str:
    """A plain string from a value that may be pretalx's translated {"en": ..., "de": ...}."""
    if isinstance(value, dict):
        value = value.get("en") or next((v for v in value.values() if v), "")
    return str(value).strip() if isinstance(value, (str, int, float)) else ""


def _minutes(value: object) -> int | None:
    """Minutes from frab's "HH:MM" / "H:MM:SS" or pretalx's number of minutes."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str):
        parts = value.strip().split(":")
        if value.strip().isdigit():
            return int(value)
        if len(parts) in (2, 3) and all(p.isdigit() for p in parts):
            hours, minutes = int(parts[0]), int(parts[1])
            return hours * 60 + minutes
    return None


def _when(value: object) -> dt.datetime | None:
    if isinstance(value, str) and value:
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


def _speakers(raw: object, where: str, problems: _Problems) -> tuple[Speaker, ...]:
    if not isinstance(raw, list):
        problems.add(where, "persons/speakers must be a list")
        return ()
    out = []
    for i, person in enumerate(raw):
        if isinstance(person, str):
            person = {"name": person}
        if not isinstance(person, dict):
            problems.add(f"{where}[{i}]", "a speaker must be an object")
            continue
        name = _text(person.get("public_name") or person.get("name") or person.get("full_public_name"))
        if not name or not slugify(name):
            problems.add(f"{where}[{i}]", "a speaker has no name")
            continue
        out.append(Speaker(name=name, biography=_text(person.get("biography"))))
    return tuple(out)


def _talk(raw: object, where: str, problems: _Problems, pretalx_api: bool) -> Talk | None:
    if not isinstance(raw, dict):
        problems.add(where, "a talk must be an object")
        return None
    title = _text(raw.get("title"))
    if not title:
        problems.add(where, "a talk has no title")
        return None
    ident = _text(raw.get("code") or raw.get("id") or raw.get("guid"))
    count_before = len(problems.items)
    speakers = _speakers(raw.get("speakers" if pretalx_api else "persons", []), f"{where}.persons", problems)
    slot = raw.get("slot") if isinstance(raw.get("slot"), dict) else {}
    start_raw = slot.get("start") if pretalx_api else raw.get("date")
    start = _when(start_raw)
    if start_raw and start is None:
        problems.add(where, f"unreadable start time {start_raw!r}")
    duration_raw = raw.get("duration")
    duration = _minutes(duration_raw)
    if duration_raw not in (None, "") and duration is None:
        problems.add(where, f"unreadable duration {duration_raw!r} (expected minutes or HH:MM)")
    if len(problems.items) != count_before:
        return None
    return Talk(
        title=title,
        ident=ident,
        speakers=speakers,
        start=start,
        duration=duration,
        room=_text(slot.get("room") if pretalx_api else raw.get("room")),
        track=_text(raw.get("track")),
        language=_text(raw.get("content_locale") if pretalx_api else raw.get("language")),
        abstract=_text(raw.get("abstract")),
        description=_text(raw.get("description")),
    )


def _frab_talks(schedule: object, problems: _Problems) -> Iterable[tuple[str, object]]:
    conference = schedule.get("conference") if isinstance(schedule, dict) else None
    days = conference.get("days") if isinstance(conference, dict) else None
    if not isinstance(days, list):
        problems.add("schedule.conference.days", "missing: not a frab/pretalx schedule")
        return
    for d, day in enumerate(days):
        rooms = day.get("rooms") if isinstance(day, dict) else None
        if not isinstance(rooms, dict):
            problems.add(f"schedule.conference.days[{d}].rooms", "must map room names to talks")
            continue
        for room, items in sorted(rooms.items()):
            if not isinstance(items, list):
                problems.add(f"schedule.conference.days[{d}].rooms.{room}", "must be a list")
                continue
            for i, item in enumerate(items):
                yield f"schedule.conference.days[{d}].rooms.{room}[{i}]", item


def _is_web(source: str) -> bool:
    return source.split(":", 1)[0].lower() in WEB_SCHEMES


def load_schedule(source: str, policy: HttpPolicy, session: requests.Session | None = None) -> object:
    """The schedule document; a paginated pretalx talk list is read page by page through ``next``.

    ``next`` must stay on the server the first page came from, and so must every
    redirect it leads through; no page may be read twice; the pages' results
    become one list.
    """
    first = load_json(source, policy, session)
    if not (isinstance(first, dict) and isinstance(first.get("results"), list) and first.get("next")):
        return first
    if not _is_web(source):
        raise NetworkDataError(Problem(source, message="this is one page of a longer pretalx talk list ('next' is "
                                                       "set): give its URL so every page is read"))
    session = session or make_session(policy)
    results, seen, page = list(first["results"]), {source}, first
    while page.get("next"):
        following = page["next"]
        if not isinstance(following, str) or origin(following) != origin(source):
            away = f"'next' leads away from {origin(source)[1]}: {following!r}"
            raise NetworkDataError(Problem(source, message=away))
        if following in seen:
            raise NetworkDataError(Problem(source, message=f"'next' leads back to a page already read: {following}"))
        if len(seen) >= MAX_PAGES:
            raise NetworkDataError(Problem(source, message=f"more than {MAX_PAGES} pages of talks; stopped"))
        seen.add(following)
        page = load_json(following, policy, session, stay_on=source)
        if not (isinstance(page, dict) and isinstance(page.get("results"), list)):
            raise NetworkDataError(Problem(following, message="not a page of a pretalx talk list (no 'results')"))
        results += page["results"]
    return {**first, "results": results, "next": None}


def parse_schedule(data: object, source: str) -> list[Talk]:
    """Every talk with at least one speaker, in programme order (start time, room, title).

    Breaks and other slots without speakers are left out: they are not talks.
    """
    problems = _Problems(source)
    talks: list[Talk] = []
    if isinstance(data, dict) and "schedule" in data:
        for where, raw in _frab_talks(data["schedule"], problems):
            talk = _talk(raw, where, problems, pretalx_api=False)
            if talk:
                talks.append(talk)
    elif isinstance(data, dict) and isinstance(data.get("results"), list):
        for i, raw in enumerate(data["results"]):
            talk = _talk(raw, f"results[{i}]", problems, pretalx_api=True)
            if talk:
                talks.append(talk)
    else:
        problems.add("top level", "not a pretalx or frab schedule (no 'schedule' or 'results')")
    if problems.items:
        raise NetworkDataError(problems.items)
    talks = [t for t in talks if t.speakers]
    return sorted(talks, key=lambda t: (_sort_time(t.start), t.room, t.title))


def _sort_time(start: dt.datetime | None) -> dt.datetime:
    # Unscheduled talks go last; a time without offset is taken as UTC so all compare.
    if start is None:
        return dt.datetime.max.replace(tzinfo=dt.UTC)
    return start if start.tzinfo else start.replace(tzinfo=dt.UTC)


def _talk_slugs(talks: list[Talk]) -> list[str]:
    """Slugs from titles; a title used twice gets the source's id appended to both."""
    base = [slugify(t.title) or f"talk-{slugify(t.ident)}" for t in talks]
    counts = Counter(base)  # one pass: a schedule may be long
    return [
        f"{slug}-{slugify(t.ident)}" if counts[slug] > 1 and t.ident else slug
        for slug, t in zip(base, talks, strict=True)
    ]


def documents(talks: list[Talk], event: str, content_dir: Path, source: str) -> list[Document]:
    """The talk and speaker files for ``talks`` (speakers once each, in first-seen order)."""
    docs: list[Document] = []
    speakers: dict[str, Speaker] = {}
    talk_dir, speaker_dir = content_dir / "talks", content_dir / "speakers"
    for order, (talk, slug) in enumerate(zip(talks, _talk_slugs(talks), strict=True), start=1):
        front: dict = {
            "title": talk.title,
            "event": event,
            "speakers": [{"name": s.name} for s in talk.speakers],
        }
        if talk.track:
            front["tags"] = [talk.track]
        if talk.language:
            front["language"] = talk.language
        if talk.duration is not None:
            front["duration"] = talk.duration
        front["order"] = order
        body = "\n\n".join(p for p in dict.fromkeys((talk.abstract, talk.description)) if p)
        docs.append(Document(talk_dir / f"{slug}.md", front, body, source))
        for speaker in talk.speakers:
            known = speakers.get(speaker.slug)
            if known is None or (not known.biography and speaker.biography):
                speakers[speaker.slug] = speaker
    for slug, speaker in speakers.items():
        docs.append(
            Document(
                speaker_dir / f"{slug}.md",
                {"name": speaker.name},
                speaker.biography,
                source,
            )
        )
    return docs


def import_schedule(
    source: str,
    event: str,
    content_dir: str | Path,
    policy: HttpPolicy,
    *,
    force: bool = False,
    session: requests.Session | None = None,
    max_talks: int = MAX_TALKS,
    max_speakers: int = MAX_SPEAKERS,
) -> list[FileResult]:
    """Read ``source`` (URL or file) and write the event's talk and speaker files.

    A schedule with more than ``max_talks`` talks or ``max_speakers`` speakers is
    refused before anything is written.
    """
    if slugify(event) != event:
        raise NetworkDataError(Problem(source, message=f"--event must be an event slug such as {slugify(event)!r}"))
    talks = parse_schedule(load_schedule(source, policy, session), source)
    if not talks:
        raise NetworkDataError(Problem(source, message="the schedule has no talks with speakers"))
    problems = size_problems(talks, source, max_talks, max_speakers)
    if problems:
        raise NetworkDataError(problems)
    return write_documents(documents(talks, event, Path(content_dir), source), force=force)


def size_problems(talks: list[Talk], source: str, max_talks: int, max_speakers: int) -> list[Problem]:
    """A schedule far larger than a meetup's is a mistake (or an attack), not something to write out."""
    found = {
        "talks": (len(talks), max_talks, "IMPORT_MAX_TALKS"),
        "speakers": (len({s.slug for t in talks for s in t.speakers}), max_speakers, "IMPORT_MAX_SPEAKERS"),
    }
    return [
        Problem(source, message=f"the schedule has {n:,} {what}, more than {limit:,} ({setting}); nothing was written")
        for what, (n, limit, setting) in found.items()
        if n > limit
    ]
