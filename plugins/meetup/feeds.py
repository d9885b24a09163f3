"""Atom feed of events, newest first."""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from feedgenerator import Atom1Feed, Enclosure
from markupsafe import Markup, escape

from .model import Event


def _description(event: Event, body_html: str) -> str:
    """The entry's HTML: the status sentence first (readers show the start of it), then the recap."""
    body = Markup(body_html) if body_html else escape(event.summary)
    if event.status_note:
        body = Markup("<p><strong>{}</strong></p>").format(event.status_note) + body
    return str(body)


def events_feed(events: list[Event], site_name: str, siteurl: str, feed_url: str,
                card_sizes: dict[str, int] | None = None,
                body: Callable[[Event], str] = lambda event: event.body_html) -> str:
    """The Atom feed; an event with a link card (``card_sizes``: {path: bytes}) carries it as an enclosure.

    ``body(event)`` is the recap's HTML as its page shows it (with its poll charts).
    """
    # without SITEURL, links are relative to the feed file itself (RFC 4287 resolves them against it)
    base = siteurl or posixpath.relpath(".", posixpath.dirname(feed_url) or ".")
    feed = Atom1Feed(
        title=f"{site_name}: events",
        link=f"{base}/",
        feed_url=f"{base}/{feed_url}",
        description="",
        language=None,
    )
    for event in sorted(events, key=lambda e: (e.start, e.slug), reverse=True):
        feed.add_item(
            title=event.headline(event.title),
            link=f"{base}/{event.url}",
            unique_id=f"{base}/{event.url}",
            description=_description(event, body(event)),
            pubdate=event.start,
            updateddate=event.start,
            enclosures=[Enclosure(f"{base}/{event.card}", str(card_sizes[event.card]), "image/png")]
            if card_sizes and event.card in card_sizes else [],
        )
    return feed.writeString("utf-8")
