"""Event, talk and speaker pages link to each other the way the content says they should."""

from __future__ import annotations

import json

from builtsite import SAMPLE_CONTENT, front_matter, link_targets, page, talk_pages
from kernel.slugs import slugify

EVENT = "events/docker-brno-2/index.html"


def programme_items(pages: dict):
    return pages[EVENT].select("ol.programme > li")


def test_event_page_lists_the_programme_in_the_order_of_the_event_file(sample_site, sample_pages):
    items = programme_items(sample_pages)
    summary = []
    for li in items:
        link = li.find("a", class_="title")
        if link is not None:
            summary.append(("talk", link_targets(EVENT, [link])[0]))
        else:
            summary.append((li.find(class_="badge").get_text(strip=True), li.find(class_="title").get_text(strip=True)))
    assert summary == [
        ("workshop", "Docker 101 workshop"),
        ("talk", "talks/nulecule/index.html"),
        ("talk", "talks/test-driven-infrastructure/index.html"),
        ("break", "Break with networking and beer from the sponsors"),
        ("talk", "talks/ceph-and-docker/index.html"),
        ("talk", "talks/docker-for-advanced-testing/index.html"),
    ]


def test_programme_shows_each_talks_title_and_speakers(sample_pages):
    talks = [li for li in programme_items(sample_pages) if "talk" in li["class"]]
    shown = [(li.find("a", class_="title").get_text(strip=True),
              [a.get_text(strip=True) for a in li.find_all("a", class_="speaker")]) for li in talks]
    expected = []
    for slug in ("nulecule", "test-driven-infrastructure", "ceph-and-docker"):
        data = front_matter(SAMPLE_CONTENT / "talks" / f"{slug}.md")
        expected.append((data["title"], [s["name"] for s in data["speakers"]]))
    inline = front_matter(SAMPLE_CONTENT / "events" / "docker-brno-2.md")["programme"][-1]["talk"]
    expected.append((inline["title"], [s["name"] for s in inline["speakers"]]))
    assert shown == expected


def test_workshop_names_its_leaders_with_links_to_their_pages(sample_site, sample_pages):
    workshop = programme_items(sample_pages)[0]
    leaders = workshop.find_all("a", class_="speaker")
    assert [a.get_text(strip=True) for a in leaders] == ["Peter Schiffer", "Josef Karasek"]
    assert link_targets(EVENT, leaders) == [
        "speakers/peter-schiffer/index.html", "speakers/josef-karasek/index.html"]


def test_each_talk_file_page_links_its_speakers_and_its_event(sample_site, sample_pages):
    assert sorted((SAMPLE_CONTENT / "talks").glob("*.md"))
    for path in sorted((SAMPLE_CONTENT / "talks").glob("*.md")):
        data = front_matter(path)
        rel = f"talks/{path.stem}/index.html"
        byline = sample_pages[rel].select(".byline a.speaker")
        speakers = [s["name"] if isinstance(s, dict) else s for s in data["speakers"]]
        assert link_targets(rel, byline) == [
            f"speakers/{slugify(name)}/index.html" for name in speakers], rel
        given_at = sample_pages[rel].find("dt", string="Given at").find_next_sibling("dd").find("a")
        assert link_targets(rel, [given_at]) == [f"events/{data['event']}/index.html"], rel


def test_talk_links_lead_to_pages_that_exist(sample_site, sample_pages):
    for rel in talk_pages(sample_pages):
        soup = sample_pages[rel]
        targets = link_targets(rel, soup.select(".byline a.speaker"))
        targets += link_targets(rel, soup.find("dt", string="Given at").find_next_sibling("dd")("a"))
        missing = [t for t in targets if not (sample_site / t).is_file()]
        assert targets and missing == [], rel


def test_each_speaker_page_lists_exactly_the_talks_that_name_them(sample_site, sample_pages):
    # who spoke where, read from the talk pages' bylines...
    expected: dict[str, set[str]] = {}
    for rel in talk_pages(sample_pages):
        for speaker in link_targets(rel, sample_pages[rel].select(".byline a.speaker")):
            expected.setdefault(speaker, set()).add(rel)
    # ...must be what the speaker pages say
    assert expected
    for speaker, talks in sorted(expected.items()):
        section = sample_pages[speaker].find("section", attrs={"aria-labelledby": "talks-heading"})
        listed = [t for t in link_targets(speaker, section.select("li.talk-item > a"))]
        assert sorted(listed) == sorted(talks), speaker


def test_speaker_page_lists_the_talk_with_its_event(sample_site, sample_pages):
    rel = "speakers/vaclav-pavlin/index.html"
    item = sample_pages[rel].select_one("li.talk-item")
    assert link_targets(rel, item("a")) == [
        "talks/nulecule/index.html", "speakers/vaclav-pavlin/index.html", "events/docker-brno-2/index.html"]


def test_workshop_leaders_pages_list_the_workshop_with_its_event(sample_site, sample_pages):
    rel = "speakers/josef-karasek/index.html"
    section = sample_pages[rel].find("section", attrs={"aria-labelledby": "sessions-heading"})
    [item] = section("li")
    assert item.get_text(" ", strip=True).startswith("Docker 101 workshop")
    assert link_targets(rel, item("a")) == [EVENT]


def facts(soup) -> dict[str, str]:
    """The talk page's facts list: {term: description}."""
    return {div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True) for div in soup.select("dl.facts > div")}


def test_a_talk_page_names_the_language_the_talk_was_given_in(build_site, scenario):
    result = build_site(scenario("talk-language"))
    assert result.ok, result.problems
    talk = page(result.output, "talks/ownership/index.html")
    assert facts(talk)["Language"] == "Portuguese (Brazil)"


def test_the_event_data_gives_each_talks_language_as_a_bcp47_tag(build_site, scenario):
    result = build_site(scenario("talk-language"))
    event = page(result.output, "events/meetup-1/index.html")
    data = json.loads(event.find("script", type="application/ld+json").string)
    assert [sub.get("inLanguage") for sub in data["subEvent"]] == ["pt-BR"]


def test_the_about_page_links_the_repository_and_a_way_to_contact_the_organizers(sample_pages):
    about = sample_pages["about/index.html"].select_one("main article")
    links = {a["href"] for a in about.find_all("a")}
    assert "https://git.example.org/docker-brno/site" in links
    assert "mailto:organizers@docker-brno.example.org" in links


def test_every_page_footer_links_the_contact_and_the_source_from_the_settings(sample_pages):
    expected = [("Contact the organizers", "mailto:organizers@docker-brno.example.org"),
                ("Source of this site", "https://git.example.org/docker-brno/site")]
    for rel, soup in sample_pages.items():
        footer = [(a.get_text(strip=True), a["href"]) for a in soup.select(".site-footer a")]
        assert footer[-2:] == expected, rel


def test_without_the_settings_the_footer_leaves_both_links_out(build_site, scenario, tmp_path):
    assert build_site(scenario("with-images"), MEETUP_CONTACT_URL="", MEETUP_REPOSITORY_URL="").ok
    footer = page(tmp_path / "output", "index.html").select(".site-footer a")
    assert [a.get_text(strip=True) for a in footer] == ["Events feed", "Calendar (.ics)", "Sitemap"]
