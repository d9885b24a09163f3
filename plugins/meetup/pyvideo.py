"""A PyVideo-style JSON record per recorded talk, so the recordings can be listed on pyvideo.org.

The fields are those of the pyvideo/data video schema: title, speakers, recorded,
videos (type and URL), description, slug, related_urls (the talk page, the event,
the slides), tags.  pyvideo.org needs absolute addresses, which a site has when its
SITEURL is an absolute http(s) one (publishconf.py); otherwise local files are linked
relative to the record, like everything else the site writes.
"""

from __future__ import annotations

import json
import posixpath

from markupsafe import Markup

from .addresses import address, slides_target
from .model import Talk

# the names pyvideo/data gives video hosts; a file is named by its extension, anything else is a "url"
VIDEO_TYPES = {"youtube": "youtube", "vimeo": "vimeo", "peertube": "peertube"}


def _video_type(provider_id: str, url: str) -> str:
    if provider_id == "file":
        return posixpath.splitext(url.split("?", 1)[0])[1].lstrip(".").lower() or "url"
    return VIDEO_TYPES.get(provider_id, "url")


def record(talk: Talk, siteurl: str, here: str) -> dict | None:
    """The record of ``talk``, written at output path ``here``; None for a talk without a recording."""
    media = talk.media
    if not (media and media.video):
        return None

    def link(target: str) -> str:
        return address(siteurl, here, target)

    related = [{"label": "Talk page", "url": link(talk.url)},
               {"label": talk.event.title, "url": link(talk.event.url)}]
    if slides := slides_target(media):
        related.append({"label": "Slides", "url": link(slides)})
    data = {
        "title": talk.title,
        "speakers": list(dict.fromkeys(role.person.name for role in talk.speakers)),
        "recorded": talk.event.date.isoformat(),
        "videos": [{"type": _video_type(media.video.provider_id, media.video.url), "url": link(media.video.url)}],
        "description": " ".join(Markup(talk.body_html).striptags().split()),
        "slug": talk.slug,
        "related_urls": related,
        "tags": list(dict.fromkeys(talk.tags)),
    }
    if talk.language:
        data["language"] = talk.language_name or talk.language
    return data


def to_json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
