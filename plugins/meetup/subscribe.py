"""Links that put the site's calendars into people's calendar apps: plain URLs, no script.

A ``webcal://`` link makes phones and desktop apps subscribe to a calendar, and
fetch it again as its REFRESH-INTERVAL says, instead of importing a copy once.
It needs the file's public address, so a site without an absolute http(s)
SITEURL (a development build, a copy opened from file://) gets no webcal link,
only the download.  Google Calendar and Outlook on the web take one event as
query parameters of a link, which needs no script and no request to them until
the visitor clicks.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlencode

from .ical import event_span, location
from .model import Event
from .slides.jsonld import absolute

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK = "https://outlook.live.com/calendar/0/deeplink/compose"


def webcal_url(siteurl: str, path: str) -> str:
    """The subscribe link of the calendar file at output path ``path``; "" without an absolute SITEURL."""
    url = absolute(siteurl, path)
    return "webcal://" + url.split("://", 1)[1] if url else ""


def _query(params: dict[str, str]) -> str:
    # %20 rather than "+": both services read it, and it is what a calendar shows if one does not decode
    return urlencode({k: v for k, v in params.items() if v}, quote_via=quote)


def _details(event: Event, siteurl: str) -> str:
    page = absolute(siteurl, event.url)
    return "\n\n".join(part for part in (event.summary, page) if part)


def google_url(event: Event, siteurl: str) -> str:
    start, end = event_span(event)
    if event.has_time:
        utc = "%Y%m%dT%H%M%SZ"
        dates = f"{start.astimezone(dt.UTC):{utc}}/{end.astimezone(dt.UTC):{utc}}"
    else:
        dates = f"{start:%Y%m%d}/{end:%Y%m%d}"  # all-day: the end date is exclusive, as in iCalendar
    return GOOGLE + "?" + _query({
        "action": "TEMPLATE",
        "text": event.title,
        "dates": dates,
        "ctz": event.timezone if event.has_time else "",
        "details": _details(event, siteurl),
        "location": location(event),
    })


def outlook_url(event: Event, siteurl: str) -> str:
    start, end = event_span(event)
    return OUTLOOK + "?" + _query({
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": start.isoformat(),
        "enddt": end.isoformat(),
        "allday": "" if event.has_time else "true",
        "body": _details(event, siteurl),
        "location": location(event),
    })


def add_links(event: Event, siteurl: str) -> list[dict[str, str]]:
    """The "add to" links of one event, in the order the page shows them."""
    return [
        {"label": "Google Calendar", "url": google_url(event, siteurl)},
        {"label": "Outlook.com", "url": outlook_url(event, siteurl)},
    ]
