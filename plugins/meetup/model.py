"""The meetup site's objects: groups, events, talks, sessions, people and sponsors.

Plain dataclasses with no Pelican in them, so templates, calendars, JSON-LD and
the sponsor report all read the same objects.  ``url`` and ``save_as`` are filled
in by :mod:`meetup.urls` from the site's settings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import imagesize


@dataclass(eq=False)
class Link:
    title: str
    url: str


@dataclass(eq=False)
class Person:
    slug: str
    name: str
    affiliation: str = ""
    bio_html: str = ""
    links: list[Link] = field(default_factory=list)
    photo: str = ""
    source: str = ""  # the profile file, "" when the person has none
    talks: list[Talk] = field(default_factory=list)
    sessions: list[tuple[Event, Session]] = field(default_factory=list)
    organized: list[Event] = field(default_factory=list)
    url: str = ""
    save_as: str = ""
    ics_url: str = ""
    ics_save_as: str = ""
    card: str = ""  # output path of the 1200x630 PNG link card


@dataclass(eq=False)
class Sponsor:
    slug: str
    name: str
    url: str = ""
    logo: str = ""
    logo_size: tuple[int, int] | None = None  # intrinsic (width, height) of a local logo
    body_html: str = ""
    source: str = ""
    events: list[Event] = field(default_factory=list)

    def logo_width(self, height: int) -> int | None:
        """The <img> width for the logo shown ``height`` pixels high; None when its size is unknown."""
        return imagesize.display_width(self.logo_size, height) if self.logo_size else None


@dataclass(eq=False)
class Group:
    slug: str
    name: str
    city: str = ""
    timezone: str = ""
    url: str = ""
    demo: bool = False
    description_html: str = ""
    source: str = ""
    events: list[Event] = field(default_factory=list)
    page_url: str = ""
    save_as: str = ""


@dataclass(eq=False)
class Venue:
    name: str
    address: str = ""
    lat: float | None = None
    lon: float | None = None

    @property
    def map_url(self) -> str:
        """A plain OpenStreetMap link: no map API, no key, no script."""
        if self.lat is None or self.lon is None:
            return ""
        return (
            f"https://www.openstreetmap.org/?mlat={self.lat:.5f}&mlon={self.lon:.5f}"
            f"#map=17/{self.lat:.5f}/{self.lon:.5f}"
        )


@dataclass(frozen=True)
class Attendance:
    count: int
    approx: bool = False

    def __str__(self) -> str:
        return f"≈{self.count}" if self.approx else str(self.count)


@dataclass(eq=False)
class SpeakerRole:
    """A person as named on one talk, with the affiliation they had at the time."""

    person: Person
    affiliation: str = ""


@dataclass(eq=False)
class Talk:
    slug: str
    title: str
    event: Event
    speakers: list[SpeakerRole]
    body_html: str = ""
    slides: str = ""
    video: str = ""
    video_date: str = ""  # when the recording was published (schema.org needs it for rich results)
    captions: str = ""  # a WebVTT file under content/ for the recording
    transcript: str = ""  # a Markdown file under content/, or the transcript itself
    tags: list[str] = field(default_factory=list)
    language: str = ""  # BCP 47 tag: the language the talk was given in
    language_name: str = ""  # its English name, e.g. "Czech"
    duration: int | None = None
    order: int | None = None
    source: str = ""
    inline: bool = False  # listed inside its event's file rather than a file of its own
    url: str = ""
    save_as: str = ""
    media: object = None  # slides and recordings prepared by meetup.slides
    card: str = ""  # output path of the 1200x630 PNG link card

    is_talk = True


@dataclass(eq=False)
class Session:
    """A programme item that is not a talk: workshop, break, lightning round, social."""

    title: str
    kind: str = "other"
    start: dt.time | None = None
    speakers: list[SpeakerRole] = field(default_factory=list)
    description_html: str = ""

    is_talk = False


@dataclass(frozen=True)
class Photo:
    src: str
    alt: str
    credit: str = ""


@dataclass(eq=False)
class Event:
    slug: str
    title: str
    group: Group | None
    start: dt.datetime  # timezone-aware; midnight when the start time is unknown
    has_time: bool
    end: dt.datetime | None = None
    number: int | None = None
    venue: Venue | None = None
    attendance: Attendance | None = None
    organizers: list[Person] = field(default_factory=list)
    sponsors: list[Sponsor] = field(default_factory=list)
    summary: str = ""
    photos: list[Photo] = field(default_factory=list)
    programme: list[Talk | Session] = field(default_factory=list)
    body_html: str = ""
    source: str = ""
    url: str = ""
    save_as: str = ""
    ics_url: str = ""
    ics_save_as: str = ""

    @property
    def timezone(self) -> str:
        return str(self.start.tzinfo)

    @property
    def date(self) -> dt.date:
        return self.start.date()

    @property
    def talks(self) -> list[Talk]:
        return [item for item in self.programme if item.is_talk]

    @property
    def speakers(self) -> list[Person]:
        seen: dict[str, Person] = {}
        for talk in self.talks:
            for role in talk.speakers:
                seen.setdefault(role.person.slug, role.person)
        return list(seen.values())

    @property
    def demo(self) -> bool:
        return bool(self.group and self.group.demo)

    def is_upcoming(self, now: dt.datetime) -> bool:
        return (self.end or self.start) >= now


@dataclass(eq=False)
class Site:
    groups: list[Group]
    events: list[Event]  # by start, oldest first
    talks: list[Talk]
    people: list[Person]
    sponsors: list[Sponsor]

    @property
    def several_groups(self) -> bool:
        return len(self.groups) > 1

    @property
    def speakers(self) -> list[Person]:
        """People who gave a talk or led a session, by name."""
        return [p for p in self.people if p.talks or p.sessions]

    @property
    def tags(self) -> dict[str, list[Talk]]:
        out: dict[str, list[Talk]] = {}
        for talk in self.talks:
            for tag in talk.tags:
                out.setdefault(tag, []).append(talk)
        return dict(sorted(out.items()))
