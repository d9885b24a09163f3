"""Subscribing to calendars: one per group, event, speaker and for all events, with webcal and "add to" links.

The scenario (tests/data/site/schedules/) has two groups, an event with a time, one
without, and talks by speakers shared between groups. ``published`` is built with an
absolute SITEURL as publishconf.py does; ``development`` with the relative links of
pelicanconf.py, where no webcal link can work.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from bs4 import BeautifulSoup
from builtsite import PUBLISHED, PUBLISHED_SITEURL, build_scenario, page

SITEURL = PUBLISHED_SITEURL


@pytest.fixture
def published(schedules_published: Path) -> Path:
    return schedules_published


@pytest.fixture
def development(schedules_development: Path) -> Path:
    return schedules_development


def calendar(output: Path, rel: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((output / rel).read_bytes())


def summaries(cal: icalendar.Calendar) -> list[str]:
    return [str(v["SUMMARY"]) for v in cal.walk("VEVENT")]


def query(url: str) -> dict[str, str]:
    return {key: value for key, [value] in parse_qs(urlsplit(url).query).items()}


def calendar_links(soup: BeautifulSoup) -> dict[str, str]:
    return {a.get_text(" ", strip=True): a["href"] for a in soup.select(".calendar-links a")}


# -- the calendar files ----------------------------------------------------------------


def test_each_group_has_a_calendar_of_its_events_only(published):
    gophers = calendar(published, "groups/brno-gophers/calendar.ics")
    rust = calendar(published, "groups/ostrava-rust/calendar.ics")
    assert summaries(gophers) == ["Brno Gophers #3", "Brno Gophers #4"]
    assert summaries(rust) == ["Ostrava Rustaceans #1"]


def test_group_calendar_entries_are_the_entries_of_the_event_calendars(published):
    group_uids = [str(v["UID"]) for v in calendar(published, "groups/brno-gophers/calendar.ics").walk("VEVENT")]
    event_uids = [str(v["UID"]) for slug in ("brno-gophers-3", "brno-gophers-4")
                  for v in calendar(published, f"events/{slug}/event.ics").walk("VEVENT")]
    assert group_uids == event_uids


# one calendar of each kind: (file, its NAME, the page it belongs to)
KINDS = [
    ("groups/brno-gophers/calendar.ics", "Brno Gophers", "groups/brno-gophers/index.html"),
    ("events/brno-gophers-4/event.ics", "Brno Gophers #4", "events/brno-gophers-4/index.html"),
    ("speakers/ada-example/talks.ics", "Talks by Ada Example", "speakers/ada-example/index.html"),
    ("events/calendar.ics", "Docker Brno meetup", "events/index.html"),
]


@pytest.mark.parametrize("rel, name, page_rel", KINDS)
def test_every_calendar_is_named_for_subscribing_apps(published, rel, name, page_rel):
    cal = calendar(published, rel)
    assert (str(cal["NAME"]), str(cal["X-WR-CALNAME"])) == (name, name)


def test_calendars_ask_to_be_fetched_again_daily(published):
    cal = calendar(published, "groups/brno-gophers/calendar.ics")
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert cal.decoded("REFRESH-INTERVAL") == dt.timedelta(days=1)
    assert str(cal["X-PUBLISHED-TTL"]) == "P1D"  # an X- property: icalendar leaves it text


def test_the_refresh_interval_is_a_setting(tmp_path):
    output = build_scenario("schedules", tmp_path / "output", MEETUP_CALENDAR_REFRESH_HOURS=6)
    assert calendar(output, "events/calendar.ics").decoded("REFRESH-INTERVAL") == dt.timedelta(hours=6)


@pytest.mark.parametrize("rel, name, page_rel", KINDS)
def test_published_calendars_say_where_they_live_and_which_page_they_belong_to(published, rel, name, page_rel):
    cal = calendar(published, rel)
    assert str(cal["SOURCE"]) == f"{SITEURL}/{rel}"
    assert str(cal["URL"]) == f"{SITEURL}/{page_rel}"
    assert (cal["SOURCE"].params["VALUE"], cal["URL"].params["VALUE"]) == ("URI", "URI")


def test_calendars_of_a_site_without_an_absolute_address_name_no_source_or_url(development):
    cal = calendar(development, "groups/brno-gophers/calendar.ics")
    assert cal.name == "VCALENDAR" and "PRODID" in cal  # the properties searched below are the calendar's
    assert "SOURCE" not in cal and "URL" not in cal


def test_last_modified_is_the_latest_entry_stamp_not_the_build_time(published):
    cal = calendar(published, "groups/brno-gophers/calendar.ics")
    stamps = [v.decoded("DTSTAMP") for v in cal.walk("VEVENT")]
    assert cal.decoded("LAST-MODIFIED") == max(stamps) == dt.datetime(2026, 12, 10, 17, 0, tzinfo=dt.UTC)


def test_last_modified_and_every_calendar_byte_stay_the_same_in_a_second_build(published, tmp_path):
    again = build_scenario("schedules", tmp_path / "output", **PUBLISHED)
    first = {p.relative_to(published).as_posix(): p.read_bytes() for p in sorted(published.rglob("*.ics"))}
    second = {p.relative_to(again).as_posix(): p.read_bytes() for p in sorted(again.rglob("*.ics"))}
    assert len(first) == 9 and first == second  # 3 events, 3 speakers, 2 groups, all events
    assert calendar(again, "events/calendar.ics").decoded("LAST-MODIFIED") == calendar(
        published, "events/calendar.ics").decoded("LAST-MODIFIED")


# -- the links on the pages --------------------------------------------------------------


def test_group_page_offers_a_webcal_subscription_and_the_download(published):
    links = calendar_links(page(published, "groups/brno-gophers/index.html"))
    assert links == {
        "Subscribe to the events of Brno Gophers": "webcal://meetup.example.org/groups/brno-gophers/calendar.ics",
        "Download the events of Brno Gophers (.ics)": f"{SITEURL}/groups/brno-gophers/calendar.ics",
    }


def test_events_index_offers_every_group_calendar_and_the_all_events_one(published):
    links = calendar_links(page(published, "events/index.html"))
    assert [url for text, url in links.items() if text.startswith("Subscribe")] == [
        "webcal://meetup.example.org/groups/brno-gophers/calendar.ics",
        "webcal://meetup.example.org/groups/ostrava-rust/calendar.ics",
        "webcal://meetup.example.org/events/calendar.ics",
    ]


def test_speaker_page_offers_a_subscription_to_their_talks(published):
    links = calendar_links(page(published, "speakers/ada-example/index.html"))
    assert links["Subscribe to the talks of Ada Example"] == "webcal://meetup.example.org/speakers/ada-example/talks.ics"


def test_without_an_absolute_site_address_only_the_download_is_offered(development):
    soup = page(development, "groups/brno-gophers/index.html")
    assert calendar_links(soup) == {
        "Download the events of Brno Gophers (.ics)": "../../groups/brno-gophers/calendar.ics"}
    assert not [a for a in soup.find_all("a") if a["href"].startswith("webcal:")]


def test_a_note_near_the_buttons_says_how_to_subscribe(published, development):
    published_note = page(published, "groups/brno-gophers/index.html").select_one(".calendar-links .how-to-subscribe")
    development_note = page(development, "groups/brno-gophers/index.html").select_one(
        ".calendar-links .how-to-subscribe")
    assert published_note.get_text().startswith("Subscribing keeps the events up to date in your calendar")
    assert "“From URL” (Google)" in published_note.get_text()
    assert development_note.get_text().startswith("Open the downloaded file with your calendar app")


# what both services are given besides the times: the summary and page, and the venue
DETAILS = f"Channels, generics & fuzzing.\n\n{SITEURL}/events/brno-gophers-4/index.html"
VENUE = "Impact Hub Brno, Cejl 48/50, Brno"


def test_event_page_adds_the_event_to_google_calendar_with_a_plain_link(published):
    links = calendar_links(page(published, "events/brno-gophers-4/index.html"))
    google = links["Add to Google Calendar"]
    assert google.startswith("https://calendar.google.com/calendar/render?")
    assert query(google) == {
        "action": "TEMPLATE",
        "text": "Brno Gophers #4",
        "dates": "20261210T170000Z/20261210T200000Z",
        "ctz": "Europe/Prague", "details": DETAILS, "location": VENUE,
    }


def test_event_page_adds_the_event_to_outlook_with_a_plain_link(published):
    outlook = calendar_links(page(published, "events/brno-gophers-4/index.html"))["Add to Outlook.com"]
    assert outlook.startswith("https://outlook.live.com/calendar/0/deeplink/compose?")
    assert query(outlook) == {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": "Brno Gophers #4",
        "startdt": "2026-12-10T18:00:00+01:00",
        "enddt": "2026-12-10T21:00:00+01:00", "body": DETAILS, "location": VENUE,
    }


def test_an_event_without_a_start_time_is_added_as_a_whole_day(development):
    links = calendar_links(page(development, "events/brno-gophers-3/index.html"))
    google, outlook = query(links["Add to Google Calendar"]), query(links["Add to Outlook.com"])
    assert google["dates"] == "20260611/20260612" and "ctz" not in google
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == ("2026-06-11", "2026-06-12", "true")


def test_event_page_keeps_the_ics_download_and_runs_no_script_for_the_links(published):
    soup = page(published, "events/brno-gophers-4/index.html")
    assert calendar_links(soup)["Add to calendar (.ics)"] == f"{SITEURL}/events/brno-gophers-4/event.ics"
    assert not [s for s in soup.find_all("script") if "google" in (s.get("src") or "") + s.get_text()]


def test_a_one_group_site_has_no_group_calendar_its_all_events_calendar_is_it(build_site, scenario):
    result = build_site(scenario("single-group"), **PUBLISHED)
    assert result.ok
    assert not (result.output / "groups").exists()
    links = calendar_links(page(result.output, "events/index.html"))
    assert [url for text, url in links.items() if text.startswith("Subscribe")] == [
        "webcal://meetup.example.org/events/calendar.ics"]
