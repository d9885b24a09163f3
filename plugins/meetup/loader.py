"""Turn parsed content files into a checked :class:`meetup.model.Site`.

Every problem found in any file is collected and raised at the end as one
:class:`ContentError`, so an organizer sees all mistakes at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kernel.problems import Problem
from kernel.safepath import Outside, resolve_inside
from kernel.slugs import slug_problem, slugify

from . import imagesize
from .errors import ContentError
from .frontmatter import Document
from .languages import parse_language
from .model import (
    ATTENDANCE_MODES,
    STATUSES,
    Attendance,
    CallForSpeakers,
    Event,
    Group,
    Link,
    Person,
    Photo,
    Session,
    Site,
    SpeakerRole,
    Sponsor,
    Talk,
    Venue,
)
from .sanitize import render_body

KINDS = ("group", "event", "talk", "speaker", "sponsor")
SESSION_KINDS = ("workshop", "break", "lightning", "social", "other")


@dataclass(frozen=True)
class Source:
    """One content file: its kind, path as the user reads it, front matter and rendered body."""

    kind: str
    path: str
    slug: str
    doc: Document
    body_html: str
    directives: tuple = ()  # the body's poll chart directives (kernel.contract.Directive)


class _Problems:
    """Collects problems with positions taken from a document's marks."""

    def __init__(self):
        self.items: list[Problem] = []

    def add(self, src: Source, path: tuple, message: str) -> None:
        line, column = src.doc.where(*path)
        self.items.append(Problem(src.path, line, column, message))


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2}))?$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


def _parse_date(value) -> tuple[dt.date, dt.time | None] | None:
    m = _DATE.match(_text(value))
    if not m:
        return None
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        time = dt.time(int(m[4]), int(m[5])) if m[4] else None
    except ValueError:
        return None
    return day, time


def _parse_time(value) -> dt.time | None:
    m = _TIME.match(_text(value))
    if not m:
        return None
    try:
        return dt.time(int(m[1]), int(m[2]))
    except ValueError:
        return None


def _parse_attendance(value) -> Attendance | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Attendance(value) if value >= 0 else None
    m = re.fullmatch(r"\s*([~≈]|about\s+|ca\.?\s*)?(\d+)\s*", _text(value))
    if not m:
        return None
    return Attendance(int(m[2]), approx=bool(m[1]))


def _scheme(value: str) -> str:
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", value)
    return match[1].lower() if match else ""


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


WEB_SCHEMES = ("http", "https")
# spellings read as the documented value: US "canceled", and spaces or underscores for hyphens
_ALIASES = {"canceled": "cancelled"}


def _choice_key(value) -> str:
    key = re.sub(r"[\s_]+", "-", _text(value).lower())
    return _ALIASES.get(key, key)


def _moment(day: dt.date, time: dt.time | None, zone) -> dt.datetime:
    return dt.datetime.combine(day, time or dt.time(0, 0), tzinfo=zone)


class _Builder:
    def __init__(self, sources: list[Source], render: Callable[[str], str], settings: dict):
        self.render = render
        self.default_tz = settings.get("MEETUP_TIMEZONE", "UTC")
        self.content_root = settings.get("PATH")  # None: a caller with no folder to confine file names to
        self.problems = _Problems()
        self.by_kind: dict[str, list[Source]] = {kind: [] for kind in KINDS}
        for src in sorted(sources, key=lambda s: s.path):
            self.by_kind[src.kind].append(replace(src, slug=self.file_slug(src)))
        for kind in ("group", "sponsor", "event", "talk"):
            self.by_kind[kind] = self.unique_slugs(kind, self.by_kind[kind])
        self.people: dict[str, Person] = {}
        self.broken_events: set[str] = set()

    def unique_slugs(self, kind: str, sources: list[Source]) -> list[Source]:
        """The first file of each slug; each later one is a problem, or one page would replace the other."""
        first: dict[str, Source] = {}
        # a file named after its slug keeps it: the problem goes to the one that borrowed it with `slug:`
        for src in sorted(sources, key=lambda s: ("slug" in s.doc.data, s.path)):
            if src.slug in first:
                self.problems.add(src, ("slug",), f"{kind} slug {src.slug!r} is also used by {first[src.slug].path}")
            else:
                first[src.slug] = src
        return sorted(first.values(), key=lambda s: s.path)

    # -- slugs ----------------------------------------------------------------------------

    def given_slug(self, src: Source, path: tuple, value) -> str:
        """A `slug:` as written, when it is already a plain URL slug; else a problem saying what it should be."""
        given = _text(value)
        problem = slug_problem(given)
        if problem:
            self.problems.add(src, path, problem)
        return slugify(given)

    def file_slug(self, src: Source) -> str:
        """The file's `slug:`, or its file name made into one (talks/a#b?c.md -> a-b-c)."""
        if _text(src.doc.data.get("slug")):
            return self.given_slug(src, ("slug",), src.doc.data["slug"])
        slug = slugify(Path(src.path).stem)
        if not slug:
            self.problems.add(src, (), "the file name has no letters or digits for a URL: add `slug:`")
        return slug or src.slug

    # -- links ----------------------------------------------------------------------------

    def web_url(self, src: Source, path: tuple, value) -> str:
        """An http(s) link, or "" with a problem: a javascript: or data: URL must never become a link."""
        url = _text(value)
        if url and _scheme(url) not in WEB_SCHEMES:
            self.problems.add(src, path, f"{url!r} is not an http(s) URL")
            return ""
        return url

    def local_or_web(self, src: Source, path: tuple, value) -> str:
        """A file under content/ (no scheme) or an http(s) URL, for images."""
        url = _text(value)
        if url and _scheme(url) and _scheme(url) not in WEB_SCHEMES:
            self.problems.add(src, path, f"{url!r} is neither a file under content/ nor an http(s) URL")
            return ""
        if url and not _scheme(url) and self.content_root is not None:
            try:
                resolve_inside(self.content_root, url)
            except Outside as exc:  # ../../x.png or a symlink out: the site and the report would publish it
                self.problems.add(src, path, str(exc))
                return ""
        return url

    def image_size(self, src: Source, path: tuple, url: str) -> tuple[int, int] | None:
        """A local image's width and height (for the <img> attributes); None for a web address."""
        if not url or _scheme(url) or self.content_root is None:
            return None
        file = Path(self.content_root) / url
        if not file.is_file():
            return None  # a missing file is the link checker's to report
        try:
            return imagesize.image_size(file.read_bytes())
        except imagesize.UnknownSize as exc:
            self.problems.add(src, path, f"{url!r}: cannot read the image's width and height: {exc}")
            return None

    def markdown(self, src: Source, path: tuple, value) -> str:
        """A Markdown value of the front matter rendered, its links checked like a body's."""
        rendered, problems = render_body(self.render, src.doc.data, _text(value), src.path, 0, src.doc.where(*path))
        self.problems.items += problems
        if getattr(self.render, "directives", ()):  # a chart stands in a body, not in a front matter value
            self.problems.add(src, path, "poll chart directive: a front matter value cannot show a chart")
        return rendered

    # -- people -------------------------------------------------------------------------

    def person(self, name: str) -> Person:
        slug = slugify(name)
        if slug not in self.people:
            self.people[slug] = Person(slug=slug, name=name)
        return self.people[slug]

    def speaker_roles(self, src: Source, path: tuple, value) -> list[SpeakerRole]:
        roles = []
        for i, item in enumerate(_as_list(value)):
            if isinstance(item, dict):
                name, affiliation = _text(item.get("name")), _text(item.get("affiliation"))
            else:
                name, affiliation = _text(item), ""
            if not name or not slugify(name):
                self.problems.add(src, path + (i,), "speaker has no name")
                continue
            person = self.person(name)
            roles.append(SpeakerRole(person, affiliation or person.affiliation))
        return roles

    def load_people(self) -> None:
        claimed: dict[str, Source] = {}
        for src in self.by_kind["speaker"]:
            data = src.doc.data
            name = _text(data.get("name"))
            if not name or not slugify(name):
                self.problems.add(src, ("name",), "speaker has no name (add `name: Full Name`)")
                continue
            slug = src.slug if _text(data.get("slug")) else slugify(name)  # a bad `slug:` is reported with the file
            if slug in claimed:
                self.problems.add(
                    src,
                    ("name",),
                    f"speaker page speakers/{slug} is also claimed by {claimed[slug].path}",
                )
                continue
            if slugify(name) in self.people:  # two profiles of one person: one would replace the other
                self.problems.add(src, ("name",), f"speaker {name!r} also has a profile in "
                                                  f"{self.people[slugify(name)].source}")
                continue
            claimed[slug] = src
            links = []
            for i, link in enumerate(_as_list(data.get("links"))):
                if isinstance(link, dict) and _text(link.get("url")):
                    url = self.web_url(src, ("links", i, "url"), link["url"])
                    if url:
                        links.append(Link(_text(link.get("title")) or url, url))
                elif isinstance(link, str) and link.strip():
                    url = self.web_url(src, ("links", i), link)
                    if url:
                        links.append(Link(url, url))
                else:
                    self.problems.add(src, ("links", i), "a link needs a URL")
            self.people[slugify(name)] = Person(
                slug=slug,
                name=name,
                affiliation=_text(data.get("affiliation")),
                bio_html=src.body_html,
                links=links,
                photo=self.local_or_web(src, ("photo",), data.get("photo")),
                source=src.path,
            )

    # -- groups and sponsors -----------------------------------------------------------

    def load_groups(self) -> dict[str, Group]:
        groups = {}
        for src in self.by_kind["group"]:
            data = src.doc.data
            name = _text(data.get("name"))
            if not name:
                self.problems.add(src, ("name",), "group has no name")
            tz = _text(data.get("timezone")) or self.default_tz
            if _zone(tz) is None:
                self.problems.add(
                    src, ("timezone",), f"unknown timezone {tz!r} (use an IANA name such as Europe/Prague)"
                )
            groups[src.slug] = Group(
                slug=src.slug,
                name=name or src.slug,
                city=_text(data.get("city")),
                timezone=tz,
                url=self.web_url(src, ("url",), data.get("url")),
                demo=bool(data.get("demo", False)),
                description_html=src.body_html,
                source=src.path,
                call_for_speakers=self.speakers_call(src, _zone(tz) or dt.UTC),
            )
        return groups

    def load_sponsors(self) -> dict[str, Sponsor]:
        sponsors = {}
        for src in self.by_kind["sponsor"]:
            data = src.doc.data
            name = _text(data.get("name"))
            if not name:
                self.problems.add(src, ("name",), "sponsor has no name")
            sponsors[src.slug] = Sponsor(
                slug=src.slug,
                name=name or src.slug,
                url=self.web_url(src, ("url",), data.get("url")),
                logo=(logo := self.local_or_web(src, ("logo",), data.get("logo"))),
                logo_size=self.image_size(src, ("logo",), logo),
                body_html=src.body_html,
                source=src.path,
            )
        return sponsors

    # -- events ------------------------------------------------------------------------

    def event_group(self, src: Source, groups: dict[str, Group]) -> Group | None:
        slug = _text(src.doc.data.get("group"))
        if not slug:
            if len(groups) > 1:
                self.problems.add(
                    src, ("group",), f"event names no group; this site has several: {', '.join(sorted(groups))}"
                )
            return next(iter(groups.values())) if len(groups) == 1 else None
        if slug not in groups:
            known = ", ".join(sorted(groups)) or "none (add content/groups/<slug>.md)"
            self.problems.add(src, ("group",), f"unknown group {slug!r} (known: {known})")
            return None
        return groups[slug]

    def event_start(self, src: Source, group: Group | None) -> tuple[dt.datetime, bool, dt.datetime | None] | None:
        data = src.doc.data
        tz_name = _text(data.get("timezone")) or (group.timezone if group else "") or self.default_tz
        zone = _zone(tz_name)
        if zone is None:
            self.problems.add(
                src, ("timezone",), f"unknown timezone {tz_name!r} (use an IANA name such as Europe/Prague)"
            )
            return None
        if "date" not in data:
            self.problems.add(src, (), "event has no date (add `date: YYYY-MM-DD`)")
            return None
        parsed = _parse_date(data["date"])
        if parsed is None:
            self.problems.add(src, ("date",), f"malformed date {_text(data['date'])!r} (expected YYYY-MM-DD)")
        day, time = parsed or (None, None)
        if "start" in data:
            time = _parse_time(data["start"])
            if time is None:
                self.problems.add(
                    src, ("start",), f"malformed start time {_text(data['start'])!r} (expected HH:MM, quoted)"
                )
        if day is None or ("start" in data and time is None):
            return None
        start = dt.datetime.combine(day, time or dt.time(0, 0), tzinfo=zone)
        end = None
        if "end" in data:
            end_time = _parse_time(data["end"])
            if end_time is None:
                self.problems.add(src, ("end",), f"malformed end time {_text(data['end'])!r} (expected HH:MM, quoted)")
            else:
                end = dt.datetime.combine(day, end_time, tzinfo=zone)
                if end <= start:
                    end += dt.timedelta(days=1)  # a meetup that runs past midnight
        return start, time is not None, end

    def venue(self, src: Source) -> Venue | None:
        value = src.doc.data.get("venue")
        if value is None:
            return None
        if isinstance(value, str):
            return Venue(name=value.strip())
        if not isinstance(value, dict) or not _text(value.get("name")):
            self.problems.add(src, ("venue",), "venue needs a name")
            return None
        coords = []
        for key in ("lat", "lon"):
            raw = value.get(key)
            try:
                coords.append(None if raw is None else float(raw))
            except (TypeError, ValueError):
                self.problems.add(src, ("venue", key), f"venue {key} must be a number")
                coords.append(None)
        return Venue(_text(value["name"]), _text(value.get("address")), coords[0], coords[1])

    def photos(self, src: Source) -> list[Photo]:
        photos = []
        for i, item in enumerate(_as_list(src.doc.data.get("photos"))):
            if not isinstance(item, dict) or not _text(item.get("src")):
                self.problems.add(src, ("photos", i), "a photo needs `src`")
                continue
            if not _text(item.get("alt")):
                self.problems.add(src, ("photos", i), "a photo needs `alt` text describing it")
                continue
            photo = self.local_or_web(src, ("photos", i, "src"), item["src"])
            if photo:
                photos.append(Photo(photo, _text(item["alt"]), _text(item.get("credit"))))
        return photos

    def choice(self, src: Source, key: str, allowed, default: str) -> str:
        """One of ``allowed`` (a missing key is ``default``); anything else is a problem listing them."""
        value = src.doc.data.get(key)
        if value is None:
            return default
        chosen = _choice_key(value)
        if chosen not in allowed:
            self.problems.add(src, (key,), f"unknown {key} {_text(value)!r} (one of {', '.join(allowed)})")
            return default
        return chosen

    def speakers_call(self, src: Source, zone, default_close: dt.datetime | None = None) -> CallForSpeakers | None:
        """``call_for_speakers:`` as a link, or a mapping of the link and the day (or moment) it closes."""
        value = src.doc.data.get("call_for_speakers")
        if value is None:
            return None
        path = ("call_for_speakers",) if not isinstance(value, dict) else ("call_for_speakers", "url")
        raw_url = value.get("url") if isinstance(value, dict) else value
        if not _text(raw_url):
            self.problems.add(src, ("call_for_speakers",), "call_for_speakers needs a URL (`url:`)")
            return None
        url = self.web_url(src, path, raw_url)
        closes, closes_text = default_close, ""
        if isinstance(value, dict) and value.get("closes") is not None:
            parsed = _parse_date(value["closes"])
            if parsed is None:
                self.problems.add(src, ("call_for_speakers", "closes"),
                                  f"malformed closing date {_text(value['closes'])!r} (expected YYYY-MM-DD "
                                  f"or YYYY-MM-DD HH:MM)")
                return None
            day, time = parsed
            # a closing day without a time stays open until that day is over
            closes = _moment(day, time, zone) if time else _moment(day + dt.timedelta(days=1), None, zone)
            closes_text = f"{day.day} {day:%B %Y}" + (f", {time:%H:%M}" if time else "")
        return CallForSpeakers(url, closes, closes_text) if url else None

    def previous_starts(self, src: Source, start: dt.datetime, has_time: bool) -> list[dt.datetime]:
        """The dates an event was moved from, in the order it was moved; a date without a time keeps its start time."""
        starts = []
        for i, value in enumerate(_as_list(src.doc.data.get("previous_date"))):
            path = ("previous_date", i) if isinstance(src.doc.data["previous_date"], list) else ("previous_date",)
            parsed = _parse_date(value)
            if parsed is None:
                self.problems.add(src, path, f"malformed previous_date {_text(value)!r} "
                                             f"(expected YYYY-MM-DD or YYYY-MM-DD HH:MM)")
                continue
            day, time = parsed
            moment = _moment(day, time or (start.time() if has_time else None), start.tzinfo)
            if moment == start:
                self.problems.add(src, path, f"previous_date {_text(value)!r} is the event's current date")
                continue
            starts.append(moment)
        return starts

    def event_status(self, src: Source, start: dt.datetime, has_time: bool) -> dict:
        """The Event fields of ``status``, ``previous_date``, ``attendance_mode`` and ``join_url``, checked together."""
        data = src.doc.data
        status = self.choice(src, "status", tuple(STATUSES), "scheduled")
        previous = self.previous_starts(src, start, has_time)
        if status == "rescheduled" and "previous_date" not in data:
            self.problems.add(src, ("status",), "status rescheduled needs previous_date (the date it was moved from)")
        mode = self.choice(src, "attendance_mode", ATTENDANCE_MODES, "online" if status == "moved-online" else
                           "in-person")
        if status == "moved-online" and mode != "online":
            self.problems.add(src, ("attendance_mode",),
                              f"attendance_mode {mode} contradicts status moved-online (leave it out or use online)")
            mode = "online"  # what the status says: no second problem about the join link
        join_url = self.web_url(src, ("join_url",), data.get("join_url"))
        if join_url and mode == "in-person":
            self.problems.add(src, ("join_url",), "join_url needs attendance_mode online or mixed")
        return {"status": status, "previous_starts": previous, "attendance_mode": mode, "join_url": join_url}

    def load_events(self, groups, sponsors) -> dict[str, Event]:
        events = {}
        for src in self.by_kind["event"]:
            data = src.doc.data
            title = _text(data.get("title"))
            if not title:
                self.problems.add(src, ("title",), "event has no title")
            group = self.event_group(src, groups)
            when = self.event_start(src, group)
            if when is None:
                self.broken_events.add(src.slug)  # its talks would only add "unknown event" noise
                continue
            attendance = None
            if data.get("attendance") is not None:
                attendance = _parse_attendance(data["attendance"])
                if attendance is None:
                    self.problems.add(
                        src,
                        ("attendance",),
                        f"attendance must be a whole number or '~N', not {_text(data['attendance'])!r}",
                    )
            number = data.get("number")
            if number is not None and (isinstance(number, bool) or not isinstance(number, int)):
                self.problems.add(src, ("number",), "number must be a whole number")
                number = None
            event_sponsors = []
            for i, slug in enumerate(_as_list(data.get("sponsors"))):
                if _text(slug) in sponsors:
                    event_sponsors.append(sponsors[_text(slug)])
                else:
                    known = ", ".join(sorted(sponsors)) or "none"
                    self.problems.add(src, ("sponsors", i), f"unknown sponsor {_text(slug)!r} (known: {known})")
            start, has_time, end = when
            event = Event(
                slug=src.slug,
                title=title or src.slug,
                group=group,
                start=start,
                has_time=has_time,
                end=end,
                number=number,
                venue=self.venue(src),
                attendance=attendance,
                organizers=[self.person(_text(n)) for n in _as_list(data.get("organizers")) if _text(n)],
                sponsors=event_sponsors,
                summary=_text(data.get("summary")),
                photos=self.photos(src),
                body_html=src.body_html,
                directives=src.directives,
                source=src.path,
                rsvp=self.web_url(src, ("rsvp",), data.get("rsvp")),
                # an event's own call closes when it starts, unless it names an earlier day
                call_for_speakers=self.speakers_call(src, start.tzinfo, start),
                **self.event_status(src, start, has_time),
            )
            events[src.slug] = event
        return events

    # -- talks and programmes ----------------------------------------------------------

    def talk(self, src: Source, path: tuple, data: dict, event: Event, slug: str, body_html: str, inline: bool,
             directives: tuple = ()) -> Talk:
        if not _text(data.get("title")):
            self.problems.add(src, path + ("title",), "talk has no title")
        speakers = self.speaker_roles(src, path + ("speakers",), data.get("speakers"))
        if not speakers and "speakers" not in data:
            self.problems.add(src, path, "talk names no speakers (add `speakers: [Full Name]`)")
        duration = data.get("duration")
        if duration is not None and (isinstance(duration, bool) or not isinstance(duration, int) or duration <= 0):
            self.problems.add(src, path + ("duration",), "duration must be a whole number of minutes")
            duration = None
        order = data.get("order")
        if order is not None and not isinstance(order, int):
            self.problems.add(src, path + ("order",), "order must be a whole number")
            order = None
        language, language_name = _text(data.get("language")), ""
        if language:
            known = parse_language(language)
            if known is None:
                self.problems.add(src, path + ("language",),
                                  f"unknown language {language!r}: use a code such as en, cs or pt-BR")
            else:
                language, language_name = known
        return Talk(
            slug=slug,
            title=_text(data.get("title")) or slug,
            event=event,
            speakers=speakers,
            body_html=body_html,
            directives=directives,
            slides=_text(data.get("slides")),
            video=_text(data.get("video")),
            video_date=_text(data.get("video_date")),
            captions=_text(data.get("captions")),
            transcript=_text(data.get("transcript")),
            tags=[_text(t) for t in _as_list(data.get("tags")) if _text(t)],
            language=language,
            language_name=language_name,
            duration=duration,
            order=order,
            source=src.path,
            inline=inline,
        )

    def load_talk_files(self, events: dict[str, Event]) -> dict[str, Talk]:
        talks = {}
        for src in self.by_kind["talk"]:
            event_slug = slugify(_text(src.doc.data.get("event")))
            if not event_slug:
                self.problems.add(src, ("event",), "talk names no event (add `event: <event slug>`)")
                continue
            if event_slug in self.broken_events:
                continue
            if event_slug not in events:
                self.problems.add(src, ("event",), f"unknown event {event_slug!r} (no content/events/{event_slug}.md)")
                continue
            talks[src.slug] = self.talk(
                src, (), src.doc.data, events[event_slug], src.slug, src.body_html, inline=False,
                directives=src.directives,
            )
        return talks

    def programme(self, src: Source, event: Event, talk_files: dict[str, Talk], talks: dict[str, Talk]) -> None:
        listed = set()
        for i, item in enumerate(_as_list(src.doc.data.get("programme"))):
            path = ("programme", i)
            if not isinstance(item, dict) or ("talk" in item) == ("session" in item):
                self.problems.add(src, path, "a programme item needs exactly one of `talk:` or `session:`")
                continue
            if "session" in item:
                kind = _text(item.get("kind")) or "other"
                if kind not in SESSION_KINDS:
                    self.problems.add(
                        src, path + ("kind",), f"unknown session kind {kind!r} (one of {', '.join(SESSION_KINDS)})"
                    )
                start = None
                if item.get("start") is not None:
                    start = _parse_time(item["start"])
                    if start is None:
                        self.problems.add(src, path + ("start",), "malformed start time (expected HH:MM, quoted)")
                session = Session(
                    title=_text(item["session"]),
                    kind=kind,
                    start=start,
                    speakers=self.speaker_roles(src, path + ("speakers",), item.get("speakers")),
                    description_html=self.markdown(src, path + ("description",), item.get("description")),
                )
                event.programme.append(session)
                for role in session.speakers:
                    role.person.sessions.append((event, session))
                continue
            ref = item["talk"]
            if isinstance(ref, dict):
                slug = (self.given_slug(src, path + ("talk", "slug"), ref["slug"]) if _text(ref.get("slug"))
                        else slugify(_text(ref.get("title"))))
                talk = self.talk(
                    src, path + ("talk",), ref, event, slug, self.markdown(src, path + ("talk", "abstract"),
                                                                          ref.get("abstract")), inline=True
                )
                if slug in talks:
                    self.problems.add(
                        src, path + ("talk",), f"talk page talks/{slug} is also claimed by {talks[slug].source}"
                    )
                    continue
                talks[slug] = talk
            else:
                slug = slugify(_text(ref))
                talk = talk_files.get(slug)
                if talk is None and slug in {t.slug for t in self.by_kind["talk"]}:
                    continue  # the talk file has problems of its own, reported there
                if talk is None:
                    self.problems.add(src, path + ("talk",), f"unknown talk {slug!r} (no content/talks/{slug}.md)")
                    continue
                if talk.event is not event:
                    self.problems.add(src, path + ("talk",), f"talk {slug!r} belongs to event {talk.event.slug!r}")
                    continue
                listed.add(slug)
            event.programme.append(talk)
        # talk files whose event does not list them come after the listed items
        rest = [t for t in talk_files.values() if t.event is event and t.slug not in listed]
        rest.sort(key=lambda t: (t.order is None, t.order or 0, t.title))
        event.programme.extend(rest)

    # -- the whole site ----------------------------------------------------------------

    def build(self) -> Site:
        self.load_people()
        groups = self.load_groups()
        sponsors = self.load_sponsors()
        events = self.load_events(groups, sponsors)
        talk_files = self.load_talk_files(events)
        talks = dict(talk_files)
        for src in self.by_kind["event"]:
            if src.slug in events:
                self.programme(src, events[src.slug], talk_files, talks)
        if self.problems.items:
            raise ContentError(sorted(self.problems.items))

        ordered_events = sorted(events.values(), key=lambda e: (e.start, e.slug))
        for event in ordered_events:
            if event.group:
                event.group.events.append(event)
            for sponsor in event.sponsors:
                sponsor.events.append(event)
            for person in event.organizers:
                person.organized.append(event)
            for talk in event.talks:
                for role in talk.speakers:
                    role.person.talks.append(talk)
        ordered_talks = [t for e in ordered_events for t in e.talks]
        return Site(
            groups=sorted(groups.values(), key=lambda g: g.name.lower()),
            events=ordered_events,
            talks=ordered_talks,
            people=sorted(self.people.values(), key=lambda p: (p.name.lower(), p.slug)),
            sponsors=sorted(sponsors.values(), key=lambda s: s.name.lower()),
        )


def build_site(sources: list[Source], render: Callable[[str], str], settings: dict) -> Site:
    """Check all sources and link them into a :class:`Site`; raise ContentError listing every problem."""
    return _Builder(sources, render, settings).build()
