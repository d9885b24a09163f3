"""Give every site object its URL and output path from the MEETUP_*_URL settings."""

from __future__ import annotations

from .model import Site
from .slugs import slugify


def assign(site: Site, settings: dict) -> None:
    for event in site.events:
        event.save_as = event.url = settings["MEETUP_EVENT_URL"].format(slug=event.slug)
        event.ics_save_as = event.ics_url = settings["MEETUP_EVENT_ICS"].format(slug=event.slug)
    for talk in site.talks:
        talk.save_as = talk.url = settings["MEETUP_TALK_URL"].format(slug=talk.slug)
    for person in site.people:
        person.save_as = person.url = settings["MEETUP_SPEAKER_URL"].format(slug=person.slug)
        person.ics_save_as = person.ics_url = settings["MEETUP_SPEAKER_ICS"].format(slug=person.slug)
    for group in site.groups:
        group.save_as = group.page_url = settings["MEETUP_GROUP_URL"].format(slug=group.slug)


def group_talks_url(group, settings: dict) -> str:
    return settings["MEETUP_GROUP_TALKS_URL"].format(slug=group.slug)


def tag_url(tag: str, settings: dict) -> str:
    return settings["MEETUP_TAG_URL"].format(slug=slugify(tag))


def claims(site: Site) -> list[tuple[str, str]]:
    """Every (output path, source file) the site writes, to find two files claiming one URL."""
    out = []
    out += [(e.save_as, e.source) for e in site.events]
    out += [(t.save_as, t.source) for t in site.talks]
    out += [(p.save_as, p.source or f"(speaker named in {', '.join(sorted({t.source for t in p.talks}))})")
            for p in site.people]
    return out
