"""MEETUP_* settings, declared once: name, default, one-line doc (listed in README.md).

Applied on Pelican's ``initialized`` signal (:func:`apply_defaults`); the tasks
and the standalone loader read the same declarations.
"""

from __future__ import annotations

from kernel.cache import SETTINGS as CACHE_SETTINGS
from kernel.problems import InputError, Problem
from kernel.settings import SETTINGS_FILE, Setting, apply, positive_int, resolved

from .slides.settings import SETTINGS as SLIDES_SETTINGS

SETTINGS: tuple[Setting, ...] = (
    Setting("MEETUP_TIMEZONE", "UTC", "timezone of events whose file and group name none"),
    Setting("MEETUP_PATHS", {"group": "groups", "event": "events", "talk": "talks", "speaker": "speakers",
                             "sponsor": "sponsors"},
            "folders under content/ per kind", merge=True),
    # output locations; URLs end in index.html so the site also works from file://
    Setting("MEETUP_EVENT_URL", "events/{slug}/index.html", "where event pages are written"),
    Setting("MEETUP_EVENT_ICS", "events/{slug}/event.ics", "each event's iCalendar file"),
    Setting("MEETUP_EVENT_SCHEDULE_XML", "events/{slug}/schedule.xml", "each event's frab schedule (XML)"),
    Setting("MEETUP_EVENT_SCHEDULE_JSON", "events/{slug}/schedule.json", "each event's frab schedule (JSON)"),
    Setting("MEETUP_TALK_URL", "talks/{slug}/index.html", "where talk pages are written"),
    Setting("MEETUP_TALK_PYVIDEO", "talks/{slug}/pyvideo.json", "a PyVideo record per recorded talk"),
    Setting("MEETUP_SPEAKER_URL", "speakers/{slug}/index.html", "where speaker pages are written"),
    Setting("MEETUP_SPEAKER_ICS", "speakers/{slug}/talks.ics", "each speaker's talks as iCalendar"),
    Setting("MEETUP_GROUP_URL", "groups/{slug}/index.html", "where group pages are written"),
    Setting("MEETUP_GROUP_ICS", "groups/{slug}/calendar.ics", "each group's calendar (sites with several groups)"),
    # every group's schedule, one-group sites included, which have no groups/ pages
    Setting("MEETUP_GROUP_SCHEDULE_XML", "schedules/{slug}/schedule.xml", "each group's frab schedule (XML)"),
    Setting("MEETUP_GROUP_SCHEDULE_JSON", "schedules/{slug}/schedule.json", "each group's frab schedule (JSON)"),
    Setting("MEETUP_TAG_URL", "talks/tags/{slug}/index.html", "where tag pages are written"),
    Setting("MEETUP_GROUP_TALKS_URL", "talks/groups/{slug}/index.html", "the talk index filtered to one group"),
    Setting("MEETUP_EVENTS_INDEX", "events/index.html", "the event index"),
    Setting("MEETUP_TALKS_INDEX", "talks/index.html", "the talk index"),
    Setting("MEETUP_TALKS_WITH_SLIDES", "talks/with-slides/index.html", "the talk index, talks with slides"),
    Setting("MEETUP_TALKS_WITH_VIDEO", "talks/with-video/index.html", "the talk index, talks with a recording"),
    Setting("MEETUP_SPEAKERS_INDEX", "speakers/index.html", "the speaker index"),
    Setting("MEETUP_SPONSORS_INDEX", "sponsors/index.html", "the sponsor index"),
    # the header's search form sends ?q= to it (Pagefind)
    Setting("MEETUP_SEARCH_PAGE", "search/index.html", "the search page"),
    # an edit re-indexes only the parts of the index holding a page it changed (meetup/search_parts.py)
    Setting("MEETUP_SEARCH_PART_PAGES", 400, "pages per part of the search index (at most 32 parts)",
            check=positive_int),
    Setting("MEETUP_CALENDAR", "events/calendar.ics", "every event as one iCalendar file"),
    Setting("MEETUP_FEED", "feeds/events.atom.xml", "Atom feed of events"),
    Setting("MEETUP_SITEMAP", "sitemap.xml", "the sitemap"),
    # stable UIDs keep calendar subscriptions from duplicating events
    Setting("MEETUP_UID_DOMAIN", "recap.invalid", "domain part of stable iCalendar UIDs"),
    Setting("MEETUP_CALENDAR_REFRESH_HOURS", 24, "how often subscribed calendar apps fetch again (REFRESH-INTERVAL)",
            check=positive_int),
    Setting("MEETUP_SCHEDULE_SLOT_MINUTES", 30, "length of a programme item without a duration in schedule files",
            check=positive_int),
    # tests and reproducible builds pin it
    Setting("MEETUP_NOW", None, "the moment that splits upcoming from past events (None: the clock)"),
    Setting("MEETUP_HOME_RECENT", 6, "events listed per section on the home page"),
    # linked from every page's footer; "" leaves the link out
    Setting("MEETUP_REPOSITORY_URL", "", "the site's source repository (a web address)"),
    Setting("MEETUP_CONTACT_URL", "", "how to reach the organizers (a mailto: or a web address)"),
)

DEFAULTS: dict = resolved(SETTINGS, {})


# everything the plugin reads: its own settings, the slides' and the cache's
APPLIED = SETTINGS + SLIDES_SETTINGS + CACHE_SETTINGS


def check_autoescape(settings: dict) -> list[Problem]:
    """Templates must autoescape: every title, name and label comes from organizers' files or
    remote imports, and only rendered Markdown bodies are marked safe.  The switch is in the
    settings file (JINJA_ENVIRONMENT), where it can be seen, and a build without it stops."""
    if (settings.get("JINJA_ENVIRONMENT") or {}).get("autoescape") is True:
        return []
    return [Problem(SETTINGS_FILE, 0, 0, 'JINJA_ENVIRONMENT must set "autoescape": True '
                    "(titles and names from content files are escaped in templates)")]



def apply_defaults(settings: dict) -> None:
    """Fill in every MEETUP_* setting the site did not set (nested dicts merged key by key)."""
    problems = check_autoescape(settings)
    if problems:
        raise InputError(problems)
    apply(APPLIED, settings)
