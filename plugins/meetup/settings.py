"""MEETUP_* settings and their defaults, in one place (documented in README.md)."""

from __future__ import annotations

DEFAULTS: dict = {
    # timezone for events whose group and file name none
    "MEETUP_TIMEZONE": "UTC",
    # where each kind of content lives under content/
    "MEETUP_PATHS": {
        "group": "groups",
        "event": "events",
        "talk": "talks",
        "speaker": "speakers",
        "sponsor": "sponsors",
    },
    # output locations; URLs end in index.html so the site also works from file://
    "MEETUP_EVENT_URL": "events/{slug}/index.html",
    "MEETUP_EVENT_ICS": "events/{slug}/event.ics",
    "MEETUP_TALK_URL": "talks/{slug}/index.html",
    "MEETUP_SPEAKER_URL": "speakers/{slug}/index.html",
    "MEETUP_SPEAKER_ICS": "speakers/{slug}/talks.ics",
    "MEETUP_GROUP_URL": "groups/{slug}/index.html",
    "MEETUP_TAG_URL": "talks/tags/{slug}/index.html",
    "MEETUP_EVENTS_INDEX": "events/index.html",
    "MEETUP_TALKS_INDEX": "talks/index.html",
    "MEETUP_TALKS_WITH_SLIDES": "talks/with-slides/index.html",
    "MEETUP_TALKS_WITH_VIDEO": "talks/with-video/index.html",
    "MEETUP_SPEAKERS_INDEX": "speakers/index.html",
    "MEETUP_SPONSORS_INDEX": "sponsors/index.html",
    "MEETUP_CALENDAR": "events/calendar.ics",
    "MEETUP_FEED": "feeds/events.atom.xml",
    "MEETUP_SITEMAP": "sitemap.xml",
    # domain used in iCalendar UIDs; stable UIDs keep calendar subscriptions from duplicating events
    "MEETUP_UID_DOMAIN": "recap.invalid",
    # "now" for upcoming/past; None means the build's clock. Tests and reproducible builds pin it.
    "MEETUP_NOW": None,
    # how many upcoming/recent events the home page lists
    "MEETUP_HOME_RECENT": 6,
    # the site's source repository and how to reach the organizers (a mailto: or a web
    # address), linked from every page's footer; "" leaves the link out
    "MEETUP_REPOSITORY_URL": "",
    "MEETUP_CONTACT_URL": "",
}


def apply_defaults(settings: dict) -> None:
    """Fill in every MEETUP_* setting the site did not set (nested dicts merged key by key).

    Templates always autoescape: every title, name and label comes from organizers' files
    or remote imports, and only rendered Markdown bodies are marked safe.
    """
    settings["JINJA_ENVIRONMENT"] = {**settings.get("JINJA_ENVIRONMENT", {}), "autoescape": True}
    for key, value in DEFAULTS.items():
        if isinstance(value, dict):
            settings[key] = {**value, **settings.get(key, {})}
        else:
            settings.setdefault(key, value)
