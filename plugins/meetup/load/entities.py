"""Loaders of the site's entities from their files: groups, sponsors, events and talks."""

from __future__ import annotations

import datetime as dt
from functools import partial

from kernel.slugs import slugify

from ..languages import parse_language
from ..model import (
    ATTENDANCE_MODES,
    STATUSES,
    CallForSpeakers,
    Event,
    Group,
    Photo,
    Sponsor,
    Talk,
    Venue,
)
from .fields import as_list, as_text, at_moment, parse_attendance, parse_date, parse_time, zone_named
from .people import People
from .source import Source


class Entities(People):
    """One loader per kind of content file; each returns its entities by slug."""

    # -- groups and sponsors -----------------------------------------------------------

    def load_groups(self) -> dict[str, Group]:
        groups = {}
        for src in self.by_kind["group"]:
            data = src.doc.data
            name = as_text(data.get("name"))
            if not name:
                self.problems.add(src, ("name",), "group has no name")
            tz = as_text(data.get("timezone")) or self.default_tz
            if zone_named(tz) is None:
                self.problems.add(
                    src, ("timezone",), f"unknown timezone {tz!r} (use an IANA name such as Europe/Prague)"
                )
            groups[src.slug] = Group(
                slug=src.slug,
                name=name or src.slug,
                city=as_text(data.get("city")),
                timezone=tz,
                url=self.web_url(src, ("url",), data.get("url")),
                demo=bool(data.get("demo", False)),
                description_html=src.body_html,
                source=src.path,
                call_for_speakers=self.speakers_call(src, zone_named(tz) or dt.UTC),
            )
        return groups

    def load_sponsors(self) -> dict[str, Sponsor]:
        sponsors = {}
        for src in self.by_kind["sponsor"]:
            data = src.doc.data
            name = as_text(data.get("name"))
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
        slug = as_text(src.doc.data.get("group"))
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
        tz_name = as_text(data.get("timezone")) or (group.timezone if group else "") or self.default_tz
        zone = zone_named(tz_name)
        if zone is None:
            self.problems.add(
                src, ("timezone",), f"unknown timezone {tz_name!r} (use an IANA name such as Europe/Prague)"
            )
            return None
        if "date" not in data:
            self.problems.add(src, (), "event has no date (add `date: YYYY-MM-DD`)")
            return None
        parsed = parse_date(data["date"])
        if parsed is None:
            self.problems.add(src, ("date",), f"malformed date {as_text(data['date'])!r} (expected YYYY-MM-DD)")
        day, time = parsed or (None, None)
        if "start" in data:
            time = parse_time(data["start"])
            if time is None:
                self.problems.add(
                    src, ("start",), f"malformed start time {as_text(data['start'])!r} (expected HH:MM, quoted)"
                )
        if day is None or ("start" in data and time is None):
            return None
        start = dt.datetime.combine(day, time or dt.time(0, 0), tzinfo=zone)
        end = None
        if "end" in data:
            end_time = parse_time(data["end"])
            if end_time is None:
                self.problems.add(src, ("end",),
                                  f"malformed end time {as_text(data['end'])!r} (expected HH:MM, quoted)")
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
        if not isinstance(value, dict) or not as_text(value.get("name")):
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
        return Venue(as_text(value["name"]), as_text(value.get("address")), coords[0], coords[1])

    def photos(self, src: Source) -> list[Photo]:
        photos = []
        for i, item in enumerate(as_list(src.doc.data.get("photos"))):
            if not isinstance(item, dict) or not as_text(item.get("src")):
                self.problems.add(src, ("photos", i), "a photo needs `src`")
                continue
            if not as_text(item.get("alt")):
                self.problems.add(src, ("photos", i), "a photo needs `alt` text describing it")
                continue
            photo = self.local_or_web(src, ("photos", i, "src"), item["src"])
            if photo:
                photos.append(Photo(photo, as_text(item["alt"]), as_text(item.get("credit"))))
        return photos

    def speakers_call(self, src: Source, zone, default_close: dt.datetime | None = None) -> CallForSpeakers | None:
        """``call_for_speakers:`` as a link, or a mapping of the link and the day (or moment) it closes."""
        value = src.doc.data.get("call_for_speakers")
        if value is None:
            return None
        path = ("call_for_speakers",) if not isinstance(value, dict) else ("call_for_speakers", "url")
        raw_url = value.get("url") if isinstance(value, dict) else value
        if not as_text(raw_url):
            self.problems.add(src, ("call_for_speakers",), "call_for_speakers needs a URL (`url:`)")
            return None
        url = self.web_url(src, path, raw_url)
        closes, closes_text = default_close, ""
        if isinstance(value, dict) and value.get("closes") is not None:
            parsed = parse_date(value["closes"])
            if parsed is None:
                self.problems.add(src, ("call_for_speakers", "closes"),
                                  f"malformed closing date {as_text(value['closes'])!r} (expected YYYY-MM-DD "
                                  f"or YYYY-MM-DD HH:MM)")
                return None
            day, time = parsed
            # a closing day without a time stays open until that day is over
            closes = at_moment(day, time, zone) if time else at_moment(day + dt.timedelta(days=1), None, zone)
            closes_text = f"{day.day} {day:%B %Y}" + (f", {time:%H:%M}" if time else "")
        return CallForSpeakers(url, closes, closes_text) if url else None

    def previous_starts(self, src: Source, start: dt.datetime, has_time: bool) -> list[dt.datetime]:
        """The dates an event was moved from, in the order it was moved; a date without a time keeps its start time."""
        starts = []
        for i, value in enumerate(as_list(src.doc.data.get("previous_date"))):
            path = ("previous_date", i) if isinstance(src.doc.data["previous_date"], list) else ("previous_date",)
            parsed = parse_date(value)
            if parsed is None:
                self.problems.add(src, path, f"malformed previous_date {as_text(value)!r} "
                                             f"(expected YYYY-MM-DD or YYYY-MM-DD HH:MM)")
                continue
            day, time = parsed
            moment = at_moment(day, time or (start.time() if has_time else None), start.tzinfo)
            if moment == start:
                self.problems.add(src, path, f"previous_date {as_text(value)!r} is the event's current date")
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
            title = as_text(data.get("title"))
            if not title:
                self.problems.add(src, ("title",), "event has no title")
            group = self.event_group(src, groups)
            when = self.event_start(src, group)
            if when is None:
                self.broken_events.add(src.slug)  # its talks would only add "unknown event" noise
                continue
            attendance = None
            if data.get("attendance") is not None:
                attendance = parse_attendance(data["attendance"])
                if attendance is None:
                    self.problems.add(
                        src,
                        ("attendance",),
                        f"attendance must be a whole number or '~N', not {as_text(data['attendance'])!r}",
                    )
            number = data.get("number")
            if number is not None and (isinstance(number, bool) or not isinstance(number, int)):
                self.problems.add(src, ("number",), "number must be a whole number")
                number = None
            event_sponsors = []
            for i, slug in enumerate(as_list(data.get("sponsors"))):
                if as_text(slug) in sponsors:
                    event_sponsors.append(sponsors[as_text(slug)])
                else:
                    known = ", ".join(sorted(sponsors)) or "none"
                    self.problems.add(src, ("sponsors", i), f"unknown sponsor {as_text(slug)!r} (known: {known})")
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
                organizers=[self.person(as_text(n)) for n in as_list(data.get("organizers")) if as_text(n)],
                sponsors=event_sponsors,
                summary=as_text(data.get("summary")),
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
        if not as_text(data.get("title")):
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
        language, language_name = as_text(data.get("language")), ""
        if language:
            # kept like the front matter's Markdown: naming a language loads Babel's CLDR data, which took
            # a third of a small site's edit build; the shelf's key covers every installed package's version
            known = self.keep(("language", language), partial(parse_language, language))
            if known is None:
                self.problems.add(src, path + ("language",),
                                  f"unknown language {language!r}: use a code such as en, cs or pt-BR")
            else:
                language, language_name = known
        return Talk(
            slug=slug,
            title=as_text(data.get("title")) or slug,
            event=event,
            speakers=speakers,
            body_html=body_html,
            directives=directives,
            slides=as_text(data.get("slides")),
            video=as_text(data.get("video")),
            video_date=as_text(data.get("video_date")),
            captions=as_text(data.get("captions")),
            transcript=as_text(data.get("transcript")),
            tags=[as_text(t) for t in as_list(data.get("tags")) if as_text(t)],
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
            event_slug = slugify(as_text(src.doc.data.get("event")))
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
