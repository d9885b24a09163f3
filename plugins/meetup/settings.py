"""MEETUP_* settings and their defaults, in one place (documented in README.md)."""

from __future__ import annotations

from problems import Problem

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
    "MEETUP_EVENT_SCHEDULE_XML": "events/{slug}/schedule.xml",
    "MEETUP_EVENT_SCHEDULE_JSON": "events/{slug}/schedule.json",
    "MEETUP_TALK_URL": "talks/{slug}/index.html",
    "MEETUP_TALK_PYVIDEO": "talks/{slug}/pyvideo.json",
    "MEETUP_SPEAKER_URL": "speakers/{slug}/index.html",
    "MEETUP_SPEAKER_ICS": "speakers/{slug}/talks.ics",
    "MEETUP_GROUP_URL": "groups/{slug}/index.html",
    "MEETUP_GROUP_ICS": "groups/{slug}/calendar.ics",
    # every group's schedule, one-group sites included, which have no groups/ pages
    "MEETUP_GROUP_SCHEDULE_XML": "schedules/{slug}/schedule.xml",
    "MEETUP_GROUP_SCHEDULE_JSON": "schedules/{slug}/schedule.json",
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
    # how often subscribed calendar apps fetch a calendar again (REFRESH-INTERVAL), in hours
    "MEETUP_CALENDAR_REFRESH_HOURS": 24,
    # "now" for upcoming/past; None means the build's clock. Tests and reproducible builds pin it.
    "MEETUP_NOW": None,
    # length of a programme item in schedule.xml/json when a talk gives no duration, in minutes
    "MEETUP_SCHEDULE_SLOT_MINUTES": 30,
    # how many upcoming/recent events the home page lists
    "MEETUP_HOME_RECENT": 6,
}


# settings that count something: a positive whole number, or the build stops with a problem line
WHOLE_NUMBERS = ("MEETUP_CALENDAR_REFRESH_HOURS", "MEETUP_SCHEDULE_SLOT_MINUTES")


def check(settings: dict) -> list[Problem]:
    """Problems with the values of MEETUP_* settings, reported like any bad input."""
    return [
        Problem("pelicanconf.py", 0, 0, f"{name} must be a positive whole number, not {settings[name]!r}")
        for name in WHOLE_NUMBERS
        if isinstance(settings[name], bool) or not isinstance(settings[name], int) or settings[name] <= 0
    ]


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
