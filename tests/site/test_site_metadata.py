"""What machines read: JSON-LD for search engines, Open Graph for link previews, the feed, the sitemap."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

from builtsite import html_pages, item_pages, noindex, resolve

EVENT = "events/docker-brno-2/index.html"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def event_jsonld(pages: dict) -> dict:
    [script] = pages[EVENT].find_all("script", type="application/ld+json")
    return json.loads(script.string)


def test_event_jsonld_is_a_schema_org_event(sample_pages):
    data = event_jsonld(sample_pages)
    assert (data["@context"], data["@type"], data["name"]) == ("https://schema.org", "Event", "Docker Brno #2")


def test_event_jsonld_start_date_carries_the_utc_offset(sample_pages):
    start = dt.datetime.fromisoformat(event_jsonld(sample_pages)["startDate"])
    assert start.utcoffset() == dt.timedelta(hours=2)
    assert start.astimezone(dt.UTC) == dt.datetime(2015, 10, 15, 16, 0, tzinfo=dt.UTC)


def test_event_jsonld_location_is_a_place_with_a_name_and_an_address(sample_pages):
    location = event_jsonld(sample_pages)["location"]
    assert location["@type"] == "Place"
    assert location["name"] == "Impact Hub Brno"
    address = location["address"]
    assert address if isinstance(address, str) else address["@type"] == "PostalAddress"


def test_event_jsonld_names_the_group_and_the_organizer(sample_pages):
    organizers = {(o["@type"], o["name"]) for o in event_jsonld(sample_pages)["organizer"]}
    assert organizers == {("Organization", "Docker Brno"), ("Person", "Jan Bleha")}


def test_event_jsonld_performers_are_the_speakers_on_the_page(sample_pages):
    soup = sample_pages[EVENT]
    talks = soup.select("ol.programme > li.talk")
    on_page = {a.get_text(strip=True) for li in talks for a in li("a", class_="speaker")}
    performers = event_jsonld(sample_pages)["performer"]
    assert {p["@type"] for p in performers} == {"Person"}
    assert {p["name"] for p in performers} == on_page
    assert len(on_page) == 4


def test_event_jsonld_has_one_sub_event_per_talk_in_programme_order(sample_pages):
    soup = sample_pages[EVENT]
    titles = [li.find("a", class_="title").get_text(strip=True) for li in soup.select("ol.programme > li.talk")]
    sub_events = event_jsonld(sample_pages)["subEvent"]
    assert [s["name"] for s in sub_events] == titles
    assert {s["@type"] for s in sub_events} == {"Event"}
    assert all(s["performer"] and s["startDate"] for s in sub_events)


def test_event_jsonld_lists_the_sponsors(sample_pages):
    sponsors = event_jsonld(sample_pages)["sponsor"]
    assert [(s["@type"], s["name"]) for s in sponsors] == [("Organization", "Red Hat"), ("Organization", "GoodData")]


def test_every_page_has_open_graph_title_type_and_site_name(sample_pages):
    missing = []
    for rel, soup in sample_pages.items():
        for prop in ("og:title", "og:type", "og:site_name"):
            tag = soup.find("meta", property=prop)
            if tag is None or not tag.get("content", "").strip():
                missing.append(f"{rel}: {prop}")
    assert missing == []


def test_open_graph_title_of_an_event_is_its_heading(sample_pages):
    soup = sample_pages[EVENT]
    assert soup.find("meta", property="og:title")["content"] == soup.h1.get_text(strip=True)
    assert soup.find("meta", property="og:description")["content"].startswith("Four talks")


def feed_entries(output):
    root = ET.parse(output / "feeds/events.atom.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def test_atom_feed_lists_every_event_newest_first(sample_site, sample_pages):
    event_pages = item_pages(sample_pages, "events")
    entries = feed_entries(sample_site)
    titles = [e.find(f"{ATOM}title").text for e in entries]
    updated = [dt.datetime.fromisoformat(e.find(f"{ATOM}updated").text) for e in entries]
    assert sorted(titles) == sorted(sample_pages[rel].h1.get_text(strip=True) for rel in event_pages)
    assert updated == sorted(updated, reverse=True)


def test_atom_feed_entry_links_lead_to_the_event_pages(sample_site):
    links = [e.find(f"{ATOM}link").get("href") for e in feed_entries(sample_site)]
    # relative links in a feed resolve against the feed's own address
    targets = [resolve("feeds/events.atom.xml", href) for href in links]
    assert "events/docker-brno-2/index.html" in targets
    assert [t for t in targets if not (sample_site / t).is_file()] == []


def test_sitemap_lists_every_html_page_once_but_the_demo(sample_site):
    root = ET.parse(sample_site / "sitemap.xml").getroot()
    locs = [url.find(f"{SITEMAP}loc").text for url in root.findall(f"{SITEMAP}url")]
    on_disk = html_pages(sample_site)
    assert {"index.html", EVENT, "talks/nulecule/index.html", "about/index.html"} <= set(on_disk)
    examples = [rel for rel in on_disk if noindex(sample_site, rel)]
    assert "events/demo-city-1/index.html" in examples
    assert sorted(locs) == [rel for rel in on_disk if rel not in examples]
