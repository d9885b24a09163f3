"""URLs: slugs are plain [a-z0-9-], confined to their section, and every URL written is percent-encoded.

tests/data/site/odd-file-names has a talk file named `a#b?c.md`, one named with spaces and
Czech diacritics, tags C++, C# and C, and a Pelican page titled "O nás";
tests/data/site/bad-slugs has `slug:` values an organizer might write.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from builtsite import link_targets, page
from icalendar import Calendar
from kernel.slugs import MAX_LENGTH, slug_problem, slugify


@pytest.fixture
def odd_site(build_site, scenario, tmp_path) -> Path:
    result = build_site(scenario("odd-file-names"), SITEURL="https://meetup.example")
    assert result.ok, [str(p) for p in result.problems] + result.errors
    return tmp_path / "output"


def programme_links(output: Path) -> list[str]:
    rel = "events/meetup-1/index.html"
    return sorted(link_targets(rel, page(output, rel).select("ol.programme a.title")))


def test_a_talk_file_named_with_url_characters_gets_a_plain_slug_and_working_links(odd_site):
    assert programme_links(odd_site) == ["talks/a-b-c/index.html", "talks/prilis-zlutoucky-kun/index.html"]
    for target in programme_links(odd_site):
        assert (odd_site / target).is_file()


def test_tags_differing_only_in_symbols_get_distinct_pages(odd_site):
    tags = page(odd_site, "talks/index.html").select("ul.tags a")
    pages = dict(zip([a.get_text() for a in tags], link_targets("talks/index.html", tags), strict=True))
    assert pages == {"C": "talks/tags/c/index.html", "C#": "talks/tags/c-sharp/index.html",
                     "C++": "talks/tags/c-plus-plus/index.html", "Rust": "talks/tags/rust/index.html"}
    listed = {tag: sorted(a.get_text() for a in page(odd_site, rel).select("li.talk-item > a:first-child"))
              for tag, rel in pages.items()}
    assert listed == {"C": ["Borrowing in Czech"], "C#": ["Borrowing in Czech"],
                      "C++": ["Borrowing in Czech", "Ownership explained"], "Rust": ["Ownership explained"]}


BAD_SLUGS = [
    # a plain page may not move into a section of the site
    "content/pages/about.md:3:7: slug 'events/about' is not a plain URL slug: use 'events-about'",
    "content/speakers/ada.md:3:7: slug 'Ada Example' is not a plain URL slug: use 'ada-example'",
    # a Cyrillic "о": the URL would look exactly like talks/ownership
    "content/talks/lookalike.md:3:7: slug 'оwnership' is not a plain URL slug: use 'ownership'",
    # a slug may not move the page out of talks/
    "content/talks/ownership.md:3:7: slug '../events/x' is not a plain URL slug: use 'events-x'",
]


def test_a_slug_that_is_not_plain_is_a_positioned_problem_saying_what_it_would_have_to_be(build_site, scenario,
                                                                                       tmp_path):
    result = build_site(scenario("bad-slugs"))
    assert not result.ok and result.errors == []
    assert [str(p) for p in result.problems] == BAD_SLUGS
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize(("text", "slug"), [
    ("Václav Pavlín", "vaclav-pavlin"),
    ("Иван Петров", "ivan-petrov"),     # a name wholly in Cyrillic is transliterated
    ("dоcker", "docker"),               # a Cyrillic "о" among Latin letters is the letter it imitates
    ("ｄｏｃｋｅｒ", "docker"),           # full-width letters (NFKC)
    ("../events/x", "events-x"),
    ("a#b?c", "a-b-c"),
])
def test_slugs_are_ascii_and_fold_look_alike_letters(text, slug):
    assert slugify(text) == slug


def test_a_very_long_title_makes_a_capped_slug_kept_distinct_by_a_digest():
    title = "Kubernetes operators " * 16  # 320 characters, as a pretalx title can be
    one, other = slugify(title), slugify(title + "II")
    assert len(one) == len(other) == MAX_LENGTH
    assert one != other
    assert one.startswith("kubernetes-operators-kubernetes")
    assert slugify(one) == one


@pytest.fixture
def spaced_site(build_site, scenario, tmp_path) -> Path:
    """odd-file-names with URL settings holding a space and non-ASCII letters, and an absolute SITEURL."""
    result = build_site(scenario("odd-file-names"), SITEURL="https://meetup.example", RELATIVE_URLS=False,
                        MEETUP_EVENT_URL="akce 2026/{slug}/index.html", MEETUP_TALK_URL="přednášky/{slug}/index.html",
                        PAGE_URL="stránky/{slug}/index.html", PAGE_SAVE_AS="stránky/{slug}/index.html")
    assert result.ok, [str(p) for p in result.problems] + result.errors
    return tmp_path / "output"


EVENT_URL = "https://meetup.example/akce%202026/meetup-1/index.html"
TALK_URLS = ["https://meetup.example/p%C5%99edn%C3%A1%C5%A1ky/a-b-c/index.html",
             "https://meetup.example/p%C5%99edn%C3%A1%C5%A1ky/prilis-zlutoucky-kun/index.html"]
PAGE_URL = "https://meetup.example/str%C3%A1nky/o-nas/index.html"


def test_the_sitemap_percent_encodes_every_page_path(spaced_site):
    locs = [e.text for e in ElementTree.parse(spaced_site / "sitemap.xml").getroot().iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert {EVENT_URL, PAGE_URL, *TALK_URLS} <= set(locs)
    assert all(loc.isascii() and " " not in loc for loc in locs)


def test_the_navigation_link_to_a_plain_page_is_percent_encoded(spaced_site):
    [link] = [a for a in page(spaced_site, "index.html").select("nav a") if a.get_text() == "O nás"]
    assert link["href"] == PAGE_URL
    assert (spaced_site / "stránky" / "o-nas" / "index.html").is_file()


def test_links_to_pages_under_such_settings_are_percent_encoded(spaced_site):
    home = page(spaced_site, "index.html")
    assert EVENT_URL in {a["href"] for a in home.select("a")}
    event = page(spaced_site, "akce 2026/meetup-1/index.html")
    assert sorted(a["href"] for a in event.select("ol.programme a.title")) == TALK_URLS


def test_the_feed_the_calendar_and_the_structured_data_use_the_encoded_urls(spaced_site):
    feed = ElementTree.parse(spaced_site / "feeds" / "events.atom.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert [link.get("href") for link in feed.iter(f"{atom}link") if link.get("rel") == "alternate"][-1] == EVENT_URL
    calendar = Calendar.from_ical((spaced_site / "events" / "calendar.ics").read_bytes())
    assert [str(e["URL"]) for e in calendar.walk("VEVENT")] == [EVENT_URL]
    [script] = page(spaced_site, "akce 2026/meetup-1/index.html").find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["url"] == EVENT_URL
    assert sorted(talk.get("url") for talk in data["subEvent"]) == TALK_URLS


@pytest.mark.parametrize(("given", "message"), [
    ("ownership", ""),
    ("Ownership", "slug 'Ownership' is not a plain URL slug: use 'ownership'"),
    ("talks/ownership", "slug 'talks/ownership' is not a plain URL slug: use 'talks-ownership'"),
    ("---", "slug '---' has no letters or digits to make a URL of"),
])
def test_a_written_slug_must_already_be_plain(given, message):
    assert slug_problem(given) == message
