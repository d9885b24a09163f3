"""An event's status, attendance mode, RSVP link and call for speakers, wherever the event is shown.

The scenario tests/data/site/event-status has one group and an event per case, seen at
MEETUP_NOW (28 November 2026): meetup-4 was online and is over; meetup-5 is cancelled,
meetup-6 moved online, meetup-7 rescheduled twice, meetup-8 postponed and mixed.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import icalendar
import pytest
from builtsite import SCENARIOS, build_content, page

SITEURL = "https://rust.example.org"
ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = "https://schema.org/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The event-status scenario built once, with absolute URLs as a published site has them."""
    scratch = tmp_path_factory.mktemp("event-status")
    result = build_content(SCENARIOS / "event-status" / "content", scratch / "output", scratch,
                           SITEURL=SITEURL, RELATIVE_URLS=False)
    assert result.ok, [str(p) for p in result.problems] + result.errors
    return result.output


def event_page(site, slug):
    return page(site, f"events/{slug}/index.html")


def jsonld(site, slug) -> dict:
    [script] = event_page(site, slug).find_all("script", type="application/ld+json")
    return json.loads(script.string)


def vevent(site, slug) -> icalendar.Event:
    [entry] = icalendar.Calendar.from_ical((site / f"events/{slug}/event.ics").read_bytes()).walk("VEVENT")
    return entry


def banner(soup) -> str | None:
    found = soup.select_one("main .status-banner")
    return None if found is None else found.get_text(" ", strip=True)


def where(soup):
    return soup.find("dt", string="Where").find_next_sibling("dd")


# -- the page ------------------------------------------------------------------------------


@pytest.mark.parametrize(("slug", "text"), [
    ("meetup-5", "Cancelled. This meetup does not take place."),
    ("meetup-6", "Moved online. This meetup takes place online only."),
    ("meetup-7", "Rescheduled. Moved from 11 February 2027, 18:00."),
    ("meetup-8", "Postponed. The new date will be announced."),
])
def test_an_event_page_shows_its_status_in_a_banner_under_the_title(site, slug, text):
    soup = event_page(site, slug)
    assert banner(soup) == text
    assert soup.select_one("main .status-banner").find_previous_sibling("h1") is not None


def test_a_scheduled_event_has_no_banner(site):
    assert banner(event_page(site, "meetup-4")) is None


def test_cards_carry_the_status_of_each_upcoming_event(site):
    soup = page(site, "events/index.html")
    upcoming = soup.find("h2", string="Upcoming").find_parent("section")
    cards = {card.h3.get_text(strip=True): card.select_one(".status-badge") for card in upcoming.select(".event-card")}
    assert {title: badge and badge.strong.get_text() for title, badge in cards.items()} == {
        "Meetup #5": "Cancelled", "Meetup #6": "Moved online", "Meetup #7": "Rescheduled", "Meetup #8": "Postponed"}


def test_a_past_event_leads_to_its_recap_and_offers_no_registration(site):
    actions = event_page(site, "meetup-4").select_one("main .actions")
    assert [(a.get_text(strip=True), a["href"], a.get("class")) for a in actions.find_all("a")] == [
        ("Read the recap", "#recap-heading", ["button"]),
        ("Calendar entry (.ics)", f"{SITEURL}/events/meetup-4/event.ics", ["calendar-link"]),
    ]


def test_a_cancelled_event_offers_no_registration(site):
    actions = event_page(site, "meetup-5").select_one("main .actions")
    assert [a.get_text(strip=True) for a in actions.find_all("a")] == ["Add to calendar (.ics)"]


def test_an_online_event_shows_its_join_link_before_it_starts(site):
    dd = where(event_page(site, "meetup-6"))
    assert " ".join(dd.get_text().split()) == "Online: join link"
    assert dd.find("a", string="join link")["href"] == "https://rust.example.org/live/6"


def test_a_mixed_event_shows_the_venue_and_the_join_link(site):
    dd = where(event_page(site, "meetup-8"))
    assert dd.get_text(" ", strip=True).startswith("Test Hall and online")
    assert dd.find("a", string="join link")["href"] == "https://rust.example.org/live/8"


def test_the_join_link_of_a_past_online_event_is_not_published(site):
    soup = event_page(site, "meetup-4")
    assert where(soup).get_text(" ", strip=True) == "Online"
    assert [a for a in soup.find_all("a") if "live/4" in a.get("href", "")] == []
    assert "live/4" not in json.dumps(jsonld(site, "meetup-4"))


def test_an_event_call_for_speakers_is_shown_with_its_closing_day(site):
    call = event_page(site, "meetup-7").select_one("main .call-for-speakers")
    assert call.get_text(" ", strip=True) == ("Want to give a talk? Propose it in the call for speakers "
                                              "(open until 31 January 2027) .")
    assert call.a["href"] == "https://rust.example.org/propose/7"


def test_an_event_without_a_call_of_its_own_shows_the_groups(site):
    call = event_page(site, "meetup-6").select_one("main .call-for-speakers")
    assert call.a["href"] == "https://rust.example.org/propose"


def test_a_call_for_speakers_is_gone_once_it_closes(build_site, scenario):
    result = build_site(scenario("event-status"), MEETUP_NOW="2027-02-01T00:00:00+01:00")
    assert result.ok
    # the event's own call closed at the end of 31 January; the group's call does not replace it
    assert page(result.output, "events/meetup-7/index.html").select_one("main .call-for-speakers") is None
    assert page(result.output, "events/meetup-8/index.html").select_one("main .call-for-speakers") is not None


def test_a_cancelled_event_shows_no_call_for_speakers(site):
    assert event_page(site, "meetup-5").select_one("main .call-for-speakers") is None


def test_a_venue_without_coordinates_gets_a_map_link_from_its_address(site):
    link = where(event_page(site, "meetup-5")).find("a", string="map")
    assert link["href"] == "https://www.openstreetmap.org/search?query=1+Test+Street%2C+Ostrava"


# -- JSON-LD ---------------------------------------------------------------------------------


def test_jsonld_of_a_cancelled_event_has_what_search_engines_require(site):
    data = jsonld(site, "meetup-5")
    assert data["eventStatus"] == SCHEMA + "EventCancelled"
    # a cancelled event keeps its original date and its place (Google: name, startDate, location)
    assert (data["name"], data["startDate"]) == ("Meetup #5", "2026-12-10T18:30:00+01:00")
    assert data["location"]["@type"] == "Place" and data["location"]["name"] == "Test Hall"
    assert data["eventAttendanceMode"] == SCHEMA + "OfflineEventAttendanceMode"


def test_jsonld_of_an_event_moved_online_has_a_virtual_location_with_its_url(site):
    data = jsonld(site, "meetup-6")
    assert data["eventStatus"] == SCHEMA + "EventMovedOnline"
    assert data["eventAttendanceMode"] == SCHEMA + "OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://rust.example.org/live/6"}
    assert (data["name"], data["startDate"]) == ("Meetup #6", "2027-01-14T18:30:00+01:00")


def test_jsonld_of_a_past_online_event_points_its_virtual_location_at_the_event_page(site):
    assert jsonld(site, "meetup-4")["location"] == {
        "@type": "VirtualLocation", "url": f"{SITEURL}/events/meetup-4/index.html"}


def test_jsonld_of_a_rescheduled_event_lists_every_previous_start(site):
    data = jsonld(site, "meetup-7")
    assert data["eventStatus"] == SCHEMA + "EventRescheduled"
    # a date without a time keeps the event's start time
    assert data["previousStartDate"] == ["2027-02-04T19:00:00+01:00", "2027-02-11T18:00:00+01:00"]
    assert data["startDate"] == "2027-02-18T19:00:00+01:00"


def test_jsonld_of_a_mixed_event_has_both_locations(site):
    data = jsonld(site, "meetup-8")
    assert data["eventStatus"] == SCHEMA + "EventPostponed"
    assert data["eventAttendanceMode"] == SCHEMA + "MixedEventAttendanceMode"
    assert [place["@type"] for place in data["location"]] == ["Place", "VirtualLocation"]


def test_jsonld_offers_the_rsvp_link(site):
    assert jsonld(site, "meetup-5")["offers"] == {"@type": "Offer", "url": "https://rust.example.org/rsvp/5"}


# -- iCalendar -------------------------------------------------------------------------------


@pytest.mark.parametrize(("slug", "status", "sequence", "summary"), [
    ("meetup-4", "CONFIRMED", 0, "Meetup #4"),
    ("meetup-5", "CANCELLED", 2, "Cancelled: Meetup #5"),
    ("meetup-6", "CONFIRMED", 1, "Moved online: Meetup #6"),
    ("meetup-7", "CONFIRMED", 6, "Meetup #7"),  # two earlier dates, 3 each
    ("meetup-8", "TENTATIVE", 1, "Postponed: Meetup #8"),
])
def test_calendar_entries_carry_status_and_a_sequence_derived_from_the_content(site, slug, status, sequence,
                                                                               summary):
    entry = vevent(site, slug)
    assert (str(entry["STATUS"]), entry.decoded("SEQUENCE"), str(entry["SUMMARY"])) == (status, sequence, summary)


def test_calendar_entry_of_an_online_event_is_located_online(site):
    entry = vevent(site, "meetup-6")
    assert str(entry["LOCATION"]) == "Online"
    assert "GEO" not in entry  # the venue's coordinates no longer say where it happens


def test_calendar_description_starts_with_the_status(site):
    assert str(vevent(site, "meetup-7")["DESCRIPTION"]).splitlines()[0] == \
        "Rescheduled. Moved from 11 February 2027, 18:00."


def test_sequence_rises_as_an_event_is_postponed_then_rescheduled_then_cancelled(build_site, tmp_path):
    def sequence(front_matter: str) -> int:
        content = tmp_path / f"content-{len(list(tmp_path.iterdir()))}"
        (content / "events").mkdir(parents=True)
        (content / "events" / "meetup-1.md").write_text(
            f'---\ntitle: "Meetup #1"\ndate: 2027-03-11\nstart: "18:30"\n{front_matter}---\n', "utf-8")
        result = build_site(content, content.parent / f"{content.name}-out")
        assert result.ok, [str(p) for p in result.problems]
        [entry] = icalendar.Calendar.from_ical(
            (result.output / "events/meetup-1/event.ics").read_bytes()).walk("VEVENT")
        return entry.decoded("SEQUENCE")

    history = [
        "",
        "status: postponed\n",
        "status: rescheduled\nprevious_date: 2027-03-04\n",
        "status: rescheduled\nprevious_date: [2027-03-04, 2027-03-08]\n",
        "status: cancelled\nprevious_date: [2027-03-04, 2027-03-08]\n",
    ]
    sequences = [sequence(step) for step in history]
    assert sequences == sorted(set(sequences)) and sequences[0] == 0


# -- the feed --------------------------------------------------------------------------------


def feed_entry(site, slug) -> ET.Element:
    root = ET.parse(site / "feeds/events.atom.xml").getroot()
    [entry] = [e for e in root.findall(f"{ATOM}entry") if e.find(f"{ATOM}id").text.endswith(f"/{slug}/index.html")]
    return entry


def test_feed_entry_of_a_cancelled_event_says_so_in_its_title_and_first(site):
    entry = feed_entry(site, "meetup-5")
    assert entry.find(f"{ATOM}title").text == "Cancelled: Meetup #5"
    summary = entry.find(f"{ATOM}summary").text
    assert summary.startswith("<p><strong>Cancelled. This meetup does not take place.</strong></p>")
    assert "Called off" in summary  # the recap follows


def test_feed_entry_of_a_rescheduled_event_keeps_its_title_and_names_the_old_date(site):
    entry = feed_entry(site, "meetup-7")
    assert entry.find(f"{ATOM}title").text == "Meetup #7"
    assert entry.find(f"{ATOM}summary").text == (
        "<p><strong>Rescheduled. Moved from 11 February 2027, 18:00.</strong></p>")


def test_sample_demo_event_was_rescheduled_and_its_next_one_is_mixed(sample_pages):
    soup = sample_pages["events/demo-city-14/index.html"]
    assert banner(soup) == "Rescheduled. Moved from 6 February 2025, 19:00."
    upcoming = sample_pages["events/demo-city-15/index.html"]
    assert where(upcoming).find("a", string="join link")["href"] == "https://example.org/demo-city/15/live"
    assert upcoming.select_one("main .actions a.button").get_text(strip=True) == "RSVP / register"
    # MEETUP_NOW (28 November 2026) is before the event's call closes
    assert upcoming.select_one("main .call-for-speakers").get_text(" ", strip=True) == (
        "Want to give a talk? Propose it in the call for speakers (open until 31 December 2026) .")


def test_a_talk_page_carries_its_events_status(site):
    assert banner(page(site, "talks/streams/index.html")) == "Moved online. This meetup takes place online only."


@pytest.mark.parametrize(("now", "shown"), [
    ("2026-11-12T20:00:00+01:00", True),  # meetup-4 started at 18:30 and names no end: people still join
    ("2026-11-12T21:30:00+01:00", False),  # three hours after its start it counts as over
])
def test_the_join_link_stays_while_an_event_without_an_end_is_on(build_site, scenario, now, shown):
    result = build_site(scenario("event-status"), MEETUP_NOW=now)
    assert result.ok
    links = where(page(result.output, "events/meetup-4/index.html")).find_all("a", string="join link")
    assert [a["href"] for a in links] == (["https://rust.example.org/live/4"] if shown else [])
