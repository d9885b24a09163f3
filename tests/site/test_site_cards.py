"""Cards people share: a 1200x630 PNG per event and talk, as og:image and in the feed;
a canonical link on every page, robots.txt and absolute addresses in the publish build.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

import pytest
from builtsite import (
    ROOT,
    SAMPLE_CONTENT,
    SCENARIOS,
    build_content,
    html_pages,
    item_pages,
    link_targets,
    page,
    talk_pages,
)
from meetup import cards
from meetup.generator import MeetupGenerator
from meetup.imagesize import image_size
from recap_build.build import build

SITEURL = "https://meetup.example.org"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def og(soup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    return tag["content"] if tag else None


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The one-group scenario built with publishconf.py (absolute SITEURL)."""
    folder = tmp_path_factory.mktemp("published")
    result = build(ROOT / "publishconf.py", folder / "output", {
        "PATH": str(SCENARIOS / "with-images" / "content"), "SITEURL": SITEURL,
        "MEETUP_NOW": "2026-11-28T00:00:00+00:00", "POLLS_PATH": str(folder / "no-polls"),
        "CACHE_PATH": str(folder / "cache")})
    assert result.ok, [str(p) for p in result.problems] + result.errors
    return folder / "output"


@pytest.mark.parametrize("section", ["events", "talks"])
def test_every_event_and_talk_has_a_1200_by_630_png_card_as_its_og_image(sample_site, sample_pages, section):
    # talk pages as the programmes link them (talks/with-slides/ is an index, not a talk)
    pages = item_pages(sample_pages, "events") if section == "events" else talk_pages(sample_pages)
    assert pages
    for rel in pages:
        soup = sample_pages[rel]
        [card] = link_targets(rel, [og(soup, "og:image")])
        assert card == rel.replace("index.html", "card.png")
        assert image_size((sample_site / card).read_bytes()) == (1200, 630)
        assert (og(soup, "og:image:width"), og(soup, "og:image:height")) == ("1200", "630")
        assert og(soup, "og:image:type") == "image/png"
        assert og(soup, "og:image:alt") == soup.select_one("main h1").get_text(strip=True)
        assert og(soup, "twitter:card") == "summary_large_image"


def test_a_card_is_the_same_bytes_in_two_builds_with_separate_caches(tmp_path):
    content = SCENARIOS / "with-images" / "content"
    outputs = []
    for run in ("first", "second"):
        assert build_content(content, tmp_path / run / "output", tmp_path / run).ok
        outputs.append(tmp_path / run / "output")
    cards = sorted(p.relative_to(outputs[0]).as_posix() for p in outputs[0].rglob("card.png"))
    assert cards == ["events/meetup-1/card.png", "talks/ownership/card.png"]
    for card in cards:
        assert (outputs[0] / card).read_bytes() == (outputs[1] / card).read_bytes()


def test_a_damaged_cached_card_is_drawn_again(tmp_path):
    content = SCENARIOS / "with-images" / "content"
    assert build_content(content, tmp_path / "output", tmp_path).ok
    good = (tmp_path / "output" / "talks/ownership/card.png").read_bytes()
    [entry] = [p for p in (tmp_path / "cache" / "cards").glob("*.png") if p.read_bytes() == good]
    entry.write_bytes(good[:100])  # a truncated file

    assert build_content(content, tmp_path / "again", tmp_path).ok
    assert (tmp_path / "again" / "talks/ownership/card.png").read_bytes() == good


def test_the_feed_carries_each_events_card(sample_site):
    feed = ET.parse(sample_site / "feeds" / "events.atom.xml").getroot()
    entries = list(feed.iter(f"{ATOM}entry"))

    assert entries
    for entry in entries:
        page_url = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        card = entry.find(f"{ATOM}link[@rel='enclosure']")
        assert card.get("type") == "image/png"
        assert card.get("href") == page_url.replace("index.html", "card.png")
        target = link_targets("feeds/events.atom.xml", [card.get("href")])[0]
        assert int(card.get("length")) == (sample_site / target).stat().st_size


def test_every_page_of_the_publish_build_names_its_canonical_address(published):
    assert "index.html" in html_pages(published)
    for rel in html_pages(published):
        canonical = page(published, rel).select('head link[rel="canonical"]')
        assert [link["href"] for link in canonical] == [f"{SITEURL}/{rel}"], rel


def test_a_development_build_has_no_canonical_link_and_no_robots_txt(sample_site, sample_pages):
    assert all(soup.select('link[rel="canonical"]') == [] for soup in sample_pages.values())
    assert not (sample_site / "robots.txt").exists()


def test_the_publish_build_has_a_robots_txt_naming_the_sitemap(published):
    assert (published / "robots.txt").read_text("utf-8") == (
        f"User-agent: *\nAllow: /\n\nSitemap: {SITEURL}/sitemap.xml\n")


def test_the_publish_builds_sitemap_and_feed_ids_are_absolute(published):
    sitemap = ET.parse(published / "sitemap.xml").getroot()
    locations = [loc.text for loc in sitemap.iter(f"{SITEMAP}loc")]
    assert f"{SITEURL}/events/meetup-1/index.html" in locations
    assert all(url.startswith(f"{SITEURL}/") for url in locations)
    feed = ET.parse(published / "feeds" / "events.atom.xml").getroot()
    ids = [element.text for element in feed.iter(f"{ATOM}id")]
    assert ids == [f"{SITEURL}/", f"{SITEURL}/events/meetup-1/index.html"]
    assert og(page(published, "events/meetup-1/index.html"), "og:image") == f"{SITEURL}/events/meetup-1/card.png"


def test_a_failed_build_drawing_cards_ahead_does_not_keep_the_next_build_waiting(build_site, tmp_path, monkeypatch):
    slow = cards.render_card

    def slow_card(*args):
        time.sleep(0.1)  # 54 cards of the sample: longer than a second build waits for the lock
        return slow(*args)

    def broken(self):
        raise RuntimeError("a plugin bug after the cards began to be drawn")

    monkeypatch.setattr(cards, "AHEAD_LIMIT", 1)
    monkeypatch.setattr(cards, "render_card", slow_card)
    with monkeypatch.context() as patched:
        patched.setattr(MeetupGenerator, "_cards", broken)
        failed = build_site(SAMPLE_CONTENT, tmp_path / "output")
    assert not failed.ok
    # the process drawing ahead holds the build's lock it inherited until it stops
    again = build_site(SAMPLE_CONTENT, tmp_path / "output")
    assert again.ok, again.errors
