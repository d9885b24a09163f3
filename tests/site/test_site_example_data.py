"""Example data (the fictional demo group) is marked for people and kept away from machines:
demo pages ask not to be indexed, carry no structured data, and stay out of the sitemap
and the all-events calendar."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import icalendar

DEMO_EVENT = "events/demo-city-1/index.html"
REAL_EVENT = "events/docker-brno-2/index.html"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def robots(soup) -> list[str]:
    return [meta["content"] for meta in soup.find_all("meta", attrs={"name": "robots"})]


def jsonld(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def test_a_demo_event_page_asks_not_to_be_indexed(sample_pages):
    assert robots(sample_pages[DEMO_EVENT]) == ["noindex"]


def test_a_real_event_page_may_be_indexed(sample_pages):
    assert robots(sample_pages[REAL_EVENT]) == []


def test_a_demo_talk_page_asks_not_to_be_indexed(sample_pages):
    demo_talks = [rel for rel, soup in sample_pages.items()
                  if rel.startswith("talks/") and soup.select_one("article.talk.demo")]
    assert demo_talks
    assert {rel: robots(sample_pages[rel]) for rel in demo_talks} == {rel: ["noindex"] for rel in demo_talks}


def test_the_demo_group_page_asks_not_to_be_indexed(sample_pages):
    assert robots(sample_pages["groups/demo-city-cloud-native/index.html"]) == ["noindex"]


def test_a_demo_event_page_carries_no_structured_data(sample_pages):
    assert jsonld(sample_pages[DEMO_EVENT]) == []


def test_a_real_event_page_keeps_its_structured_data(sample_pages):
    assert [data["@type"] for data in jsonld(sample_pages[REAL_EVENT])] == ["Event"]


def test_no_demo_page_is_in_the_sitemap(sample_site):
    root = ET.parse(sample_site / "sitemap.xml").getroot()
    locs = {url.find(f"{SITEMAP}loc").text for url in root.findall(f"{SITEMAP}url")}
    assert REAL_EVENT in locs
    assert not [loc for loc in locs if "demo-city" in loc]


def test_the_all_events_calendar_leaves_the_demo_events_out(sample_site):
    cal = icalendar.Calendar.from_ical((sample_site / "events/calendar.ics").read_bytes())
    assert sorted(str(v["SUMMARY"]) for v in cal.walk("VEVENT")) == ["Docker Brno #1", "Docker Brno #2"]


def test_a_demo_event_keeps_its_own_calendar_file(sample_site):
    cal = icalendar.Calendar.from_ical((sample_site / "events/demo-city-1/event.ics").read_bytes())
    assert len(cal.walk("VEVENT")) == 1
