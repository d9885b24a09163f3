"""The meetup site's objects: groups, events, talks, sessions, people and sponsors.

Plain dataclasses with no Pelican in them, so templates, calendars, JSON-LD and
the sponsor report all read the same objects.  ``url`` and ``save_as`` are filled
in by :mod:`meetup.urls` from the site's settings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

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

    @property
    def demo(self) -> bool:
        """True for people seen only at example-data events: lists show them after the real ones."""
        events = [t.event for t in self.talks] + [e for e, _ in self.sessions] + self.organized
        return bool(events) and all(e.demo for e in events)


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


# an event's `status:` values, their label on pages, cards, feeds and calendars, and
# how much each adds to the calendar SEQUENCE (see Event.sequence)
STATUSES = {
    "scheduled": ("", 0),
    "cancelled": ("Cancelled", 2),
    "postponed": ("Postponed", 1),
    "rescheduled": ("Rescheduled", 0),
    "moved-online": ("Moved online", 1),
}
ATTENDANCE_MODES = ("in-person", "online", "mixed")


@dataclass(frozen=True)
class CallForSpeakers:
    """Where to propose a talk, and the moment proposals close (None: open until taken down)."""

    url: str
    closes: dt.datetime | None = None
    closes_text: str = ""  # the closing day as the organizer gave it, "31 December 2026" (", 18:00" with a time)

    def is_open(self, now: dt.datetime) -> bool:
        return self.closes is None or now < self.closes


@dataclass(eq=False, kw_only=True)
class HasSchedule:
    """Where the schedule.xml and schedule.json of an event or a group are written, and their URLs."""

    schedule_xml_url: str = ""
    schedule_json_url: str = ""
    schedule_xml_save_as: str = ""
    schedule_json_save_as: str = ""


@dataclass(eq=False)
class Group(HasSchedule):
    slug: str
    name: str
    city: str = ""
    timezone: str = ""
    url: str = ""
    demo: bool = False
    description_html: str = ""
    source: str = ""
    call_for_speakers: CallForSpeakers | None = None
    events: list[Event] = field(default_factory=list)
    page_url: str = ""
    save_as: str = ""
    ics_url: str = ""
    ics_save_as: str = ""

    def open_call(self, now: dt.datetime) -> CallForSpeakers | None:
        return self.call_for_speakers if self.call_for_speakers and self.call_for_speakers.is_open(now) else None


@dataclass(eq=False)
class Venue:
    name: str
    address: str = ""
    lat: float | None = None
    lon: float | None = None

    @property
    def map_url(self) -> str:
        """A plain OpenStreetMap link: no map API, no key, no script; from the coordinates, else the address."""
        if self.lat is None or self.lon is None:
            return f"https://www.openstreetmap.org/search?{urlencode({'query': self.address})}" if self.address else ""
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
    directives: tuple = ()  # poll chart directives of the body (kernel.contract.Directive), filled in when written
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
    pyvideo_url: str = ""  # its PyVideo record, written when it has a recording
    pyvideo_save_as: str = ""
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
class Event(HasSchedule):
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
    directives: tuple = ()  # poll chart directives of the recap (kernel.contract.Directive), filled in when written
    source: str = ""
    rsvp: str = ""
    status: str = "scheduled"
    previous_starts: list[dt.datetime] = field(default_factory=list)  # dates it was moved from, first move first
    attendance_mode: str = "in-person"
    join_url: str = ""
    call_for_speakers: CallForSpeakers | None = None  # its own, else its group's (see speakers_call)
    url: str = ""
    save_as: str = ""
    ics_url: str = ""
    ics_save_as: str = ""

    @property
    def status_label(self) -> str:
        """"Cancelled", "Moved online", ...; "" for a scheduled event, which needs no banner."""
        return STATUSES[self.status][0]

    @property
    def status_detail(self) -> str:
        """What the status means for attendees, after its label: "moved from 14 January 2027, 19:00."."""
        if self.status == "rescheduled":
            return f"Moved from {self.when(self.previous_starts[-1])}." if self.previous_starts else ""
        return {
            "cancelled": "This meetup does not take place.",
            "postponed": "The new date will be announced.",
            "moved-online": "This meetup takes place online only.",
        }.get(self.status, "")

    @property
    def status_note(self) -> str:
        """The one sentence that cards, feeds and calendars say about a status other than scheduled."""
        return f"{self.status_label}. {self.status_detail}".strip() if self.status_label else ""

    def when(self, moment: dt.datetime) -> str:
        """A start as the site writes dates: "15 October 2015, 18:00" (no time when the event has none)."""
        return f"{moment.day} {moment:%B %Y}" + (f", {moment:%H:%M}" if self.has_time else "")

    def headline(self, title: str) -> str:
        """``title`` (the event's, or one of its talks') as feeds and calendars list it.

        Cancelled, postponed and moved online change whether or how to attend, and a feed
        reader or a calendar shows little more than the title: the title says it.
        A rescheduled event's new date is its date, so its title stays as it is.
        """
        return f"{self.status_label}: {title}" if self.status in ("cancelled", "postponed", "moved-online") else title

    @property
    def sequence(self) -> int:
        """The iCalendar SEQUENCE, derived from the content so that builds stay byte-identical.

        Calendar apps replace their copy only when SEQUENCE rises. Each earlier date counts 3 and
        the status adds 0 (scheduled, rescheduled), 1 (postponed, moved online) or 2 (cancelled),
        so every usual path rises: scheduled 0 -> postponed 1 -> rescheduled 3 -> cancelled 5.
        """
        return 3 * len(self.previous_starts) + STATUSES[self.status][1]

    @property
    def online(self) -> bool:
        return self.attendance_mode in ("online", "mixed")

    @property
    def in_person(self) -> bool:
        return self.attendance_mode in ("in-person", "mixed")

    def speakers_call(self, now: dt.datetime) -> CallForSpeakers | None:
        """The call for speakers to show with this event at ``now``: its own, else its group's, while open."""
        if self.status == "cancelled" or not self.is_upcoming(now):
            return None
        if self.call_for_speakers:
            return self.call_for_speakers if self.call_for_speakers.is_open(now) else None
        return self.group.open_call(now) if self.group else None

    @property
    def over_at(self) -> dt.datetime:
        """When the event is over: its end, else three hours after its start (as its calendar entry
        says), else the end of its day. People join an online meetup after it has started."""
        if self.end:
            return self.end
        return self.start + (dt.timedelta(hours=3) if self.has_time else dt.timedelta(days=1))

    def join_link(self, now: dt.datetime) -> str:
        """The online join link, only until the event is over: afterwards it leads nowhere useful."""
        return self.join_url if self.online and self.status != "cancelled" and now < self.over_at else ""

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
