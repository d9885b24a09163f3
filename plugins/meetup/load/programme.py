"""Programme linking: each event's talks and sessions in order, then the whole site cross-linked (build_site)."""

from __future__ import annotations

from collections.abc import Callable

from kernel.slugs import slugify

from ..errors import ContentError
from ..model import Event, Session, Site, Talk
from .entities import Entities
from .fields import as_list, as_text, parse_time
from .source import Keep, Source, make_now

SESSION_KINDS = ("workshop", "break", "lightning", "social", "other")


class _Builder(Entities):
    def programme(self, src: Source, event: Event, talk_files: dict[str, Talk], talks: dict[str, Talk]) -> None:
        listed = set()
        for i, item in enumerate(as_list(src.doc.data.get("programme"))):
            path = ("programme", i)
            if not isinstance(item, dict) or ("talk" in item) == ("session" in item):
                self.problems.add(src, path, "a programme item needs exactly one of `talk:` or `session:`")
                continue
            if "session" in item:
                kind = as_text(item.get("kind")) or "other"
                if kind not in SESSION_KINDS:
                    self.problems.add(
                        src, path + ("kind",), f"unknown session kind {kind!r} (one of {', '.join(SESSION_KINDS)})"
                    )
                start = None
                if item.get("start") is not None:
                    start = parse_time(item["start"])
                    if start is None:
                        self.problems.add(src, path + ("start",), "malformed start time (expected HH:MM, quoted)")
                session = Session(
                    title=as_text(item["session"]),
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
                slug = (self.given_slug(src, path + ("talk", "slug"), ref["slug"]) if as_text(ref.get("slug"))
                        else slugify(as_text(ref.get("title"))))
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
                slug = slugify(as_text(ref))
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


def build_site(sources: list[Source], render: Callable[[str], str], settings: dict, keep: Keep = make_now) -> Site:
    """Check all sources and link them into a :class:`Site`; raise ContentError listing every problem.

    ``keep`` keeps the front matter's rendered Markdown values between builds (see :class:`.source.Loading`).
    """
    return _Builder(sources, render, settings, keep).build()
