"""Give every site object its URL and output path from the MEETUP_*_URL settings.

``save_as`` is the file written; ``url`` is the same path percent-encoded, the form
every href, feed, calendar and JSON-LD link uses (slugs are plain ASCII already, but
a URL setting or a Pelican page may bring a space or a non-ASCII letter).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import quote

from kernel.slugs import slugify

from .model import Site


def url_of(save_as: str) -> str:
    """A site-relative output path as a URL path: each character that is not URL-safe percent-encoded."""
    return quote(save_as, safe="/")


def _place(template: str, slug: str) -> tuple[str, str]:
    save_as = template.format(slug=slug)
    return save_as, url_of(save_as)


def assign(site: Site, settings: dict) -> None:
    for event in site.events:
        event.save_as, event.url = _place(settings["MEETUP_EVENT_URL"], event.slug)
        event.ics_save_as, event.ics_url = _place(settings["MEETUP_EVENT_ICS"], event.slug)
        event.schedule_xml_save_as, event.schedule_xml_url = _place(settings["MEETUP_EVENT_SCHEDULE_XML"], event.slug)
        event.schedule_json_save_as, event.schedule_json_url = _place(
            settings["MEETUP_EVENT_SCHEDULE_JSON"], event.slug)
    for talk in site.talks:
        talk.save_as, talk.url = _place(settings["MEETUP_TALK_URL"], talk.slug)
        talk.pyvideo_save_as, talk.pyvideo_url = _place(settings["MEETUP_TALK_PYVIDEO"], talk.slug)
    for person in site.people:
        person.save_as, person.url = _place(settings["MEETUP_SPEAKER_URL"], person.slug)
        person.ics_save_as, person.ics_url = _place(settings["MEETUP_SPEAKER_ICS"], person.slug)
    for group in site.groups:
        group.save_as, group.page_url = _place(settings["MEETUP_GROUP_URL"], group.slug)
        group.ics_save_as, group.ics_url = _place(settings["MEETUP_GROUP_ICS"], group.slug)
        group.schedule_xml_save_as, group.schedule_xml_url = _place(settings["MEETUP_GROUP_SCHEDULE_XML"], group.slug)
        group.schedule_json_save_as, group.schedule_json_url = _place(
            settings["MEETUP_GROUP_SCHEDULE_JSON"], group.slug)


def group_talks_url(group, settings: dict) -> str:
    """The output path of the talks index filtered to ``group``; its URL is url_of(path)."""
    return settings["MEETUP_GROUP_TALKS_URL"].format(slug=group.slug)


# Symbols that are the whole difference between two tags (C, C++, C#): spelled out, not dropped.
_SYMBOL_WORDS = {"+": "plus", "#": "sharp"}
_SYMBOLS = re.compile("[+#]")


def tag_slugs(tags: Iterable[str]) -> dict[str, str]:
    """A distinct slug per tag: C++ -> c-plus-plus, C# -> c-sharp; tags that still share one get a digest each."""
    base = {tag: slugify(_SYMBOLS.sub(lambda m: f" {_SYMBOL_WORDS[m[0]]} ", tag)) or "tag" for tag in tags}
    shared = Counter(base.values())
    return {tag: slug if shared[slug] == 1 else f"{slug}-{hashlib.sha256(tag.encode()).hexdigest()[:6]}"
            for tag, slug in base.items()}


def tag_pages(tags: Iterable[str], settings: dict) -> dict[str, str]:
    """Each tag's output path (save_as); the page's URL is url_of(path)."""
    return {tag: settings["MEETUP_TAG_URL"].format(slug=slug) for tag, slug in tag_slugs(tags).items()}


def claims(site: Site) -> list[tuple[str, str]]:
    """Every (output path, source file) the site writes, to find two files claiming one URL."""
    out = []
    out += [(e.save_as, e.source) for e in site.events]
    out += [(t.save_as, t.source) for t in site.talks]
    out += [(p.save_as, p.source or f"(speaker named in {', '.join(sorted({t.source for t in p.talks}))})")
            for p in site.people]
    return out
