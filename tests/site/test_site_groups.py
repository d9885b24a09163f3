"""Groups, example data and the calendar: what a visitor is told about each event."""

from __future__ import annotations

import datetime as dt
import re

from builtsite import NOW, SAMPLE_CONTENT, front_matter, html_pages, link_targets, page, talk_pages


def demo_groups() -> set[str]:
    return {p.stem for p in (SAMPLE_CONTENT / "groups").glob("*.md") if front_matter(p).get("demo")}


def event_groups() -> dict[str, str]:
    """Event slug -> group slug, read from the content files."""
    return {p.stem: front_matter(p)["group"] for p in sorted((SAMPLE_CONTENT / "events").glob("*.md"))}


def test_demo_group_event_pages_carry_the_demo_notice(sample_pages):
    demo = [slug for slug, group in event_groups().items() if group in demo_groups()]
    assert len(demo) == 15
    without = [slug for slug in demo if sample_pages[f"events/{slug}/index.html"].find(class_="demo-notice") is None]
    assert without == []


def test_docker_brno_event_pages_carry_no_demo_notice(sample_pages):
    real = [slug for slug, group in event_groups().items() if group not in demo_groups()]
    assert sorted(real) == ["docker-brno-1", "docker-brno-2"]
    assert [slug for slug in real if sample_pages[f"events/{slug}/index.html"].find(class_="demo-notice")] == []


def test_talk_pages_of_demo_events_carry_the_notice_and_real_talks_do_not(sample_pages):
    demo_events = {slug for slug, group in event_groups().items() if group in demo_groups()}
    flagged = {}
    for rel in talk_pages(sample_pages):
        soup = sample_pages[rel]
        given_at = soup.find("dt", string="Given at").find_next_sibling("dd").find("a")
        event = link_targets(rel, [given_at])[0].split("/")[1]
        flagged[rel] = (event in demo_events, soup.find(class_="demo-notice") is not None)
    assert {demo for demo, _ in flagged.values()} == {True, False}  # both kinds are checked
    assert [rel for rel, (demo, notice) in flagged.items() if demo != notice] == []


def section_events(soup, heading: str) -> list[str]:
    """Event links (page paths) listed under the <h2> called ``heading``, in order."""
    section = soup.find("h2", string=heading).find_parent("section")
    return [a["href"] for a in section.select(".event-card h3 a")]


def expected_split(now: dt.datetime) -> tuple[list[str], list[str]]:
    """Upcoming (soonest first) and past (latest first) event slugs, from the content's dates."""
    starts = {}
    for path in (SAMPLE_CONTENT / "events").glob("*.md"):
        data = front_matter(path)
        starts[path.stem] = data["date"]  # none of the sample events is on the day of NOW
    today = now.date()
    upcoming = sorted((s for s in starts if starts[s] >= today), key=lambda s: starts[s])
    past = sorted((s for s in starts if starts[s] < today), key=lambda s: starts[s], reverse=True)
    return upcoming, past


def slugs(rel: str, hrefs: list[str]) -> list[str]:
    # whether the links resolve is test_site_links' concern; here only which events are listed
    return [re.search(r"events/([^/]+)/index\.html$", target)[1] for target in link_targets(rel, hrefs)]


def test_events_index_splits_upcoming_and_past_at_meetup_now(sample_pages):
    soup = sample_pages["events/index.html"]
    upcoming, past = expected_split(dt.datetime.fromisoformat(NOW))
    assert upcoming == ["demo-city-15"]
    assert slugs("events/index.html", section_events(soup, "Upcoming")) == upcoming
    assert slugs("events/index.html", section_events(soup, "Past")) == past


def test_home_page_shows_the_upcoming_event_and_the_latest_past_ones_of_each_group(sample_pages):
    soup = sample_pages["index.html"]
    upcoming, past = expected_split(dt.datetime.fromisoformat(NOW))
    assert slugs("index.html", section_events(soup, "Upcoming events")) == upcoming
    groups = event_groups()
    # the real group comes first and keeps its place however many example meetups there are
    headings = [h.get_text() for h in soup.find_all("h2") if h.get_text().startswith("Recent events: ")]
    assert headings == ["Recent events: Docker Brno", "Recent events: Demo City Cloud Native (example data)"]
    for heading, group in zip(headings, ["docker-brno", "demo-city-cloud-native"], strict=True):
        assert slugs("index.html", section_events(soup, heading)) == [s for s in past if groups[s] == group][:3]


def test_an_earlier_meetup_now_moves_events_back_to_upcoming(build_site):
    now = "2015-10-15T12:00:00+02:00"  # the morning of Docker Brno #2
    result = build_site(SAMPLE_CONTENT, MEETUP_NOW=now)
    assert result.ok
    soup = page(result.output, "events/index.html")
    upcoming, past = expected_split(dt.datetime.fromisoformat(now))
    assert slugs("events/index.html", section_events(soup, "Past")) == past == ["docker-brno-1"]
    assert slugs("events/index.html", section_events(soup, "Upcoming")) == upcoming
    assert upcoming[0] == "docker-brno-2"


def test_site_with_several_groups_has_a_page_per_group(sample_site):
    pages = [rel for rel in html_pages(sample_site) if rel.startswith("groups/")]
    assert pages == [f"groups/{p.stem}/index.html" for p in sorted((SAMPLE_CONTENT / "groups").glob("*.md"))]


def test_site_with_one_group_has_no_group_pages(build_site, scenario):
    result = build_site(scenario("single-group"))
    assert result.ok
    assert not (result.output / "groups").exists()
    assert [rel for rel in html_pages(result.output) if "group" in rel] == []


def test_site_with_one_group_never_shows_the_group_name(build_site, scenario):
    content = scenario("single-group")
    name = front_matter(next((content / "groups").glob("*.md")))["name"]
    result = build_site(content)
    assert result.ok
    showing = []
    for rel in html_pages(result.output):
        soup = page(result.output, rel)
        for hidden in soup(["script", "head"]):
            hidden.decompose()
        if name in soup.get_text(" "):
            showing.append(rel)
    assert len(html_pages(result.output)) > 5
    assert showing == []
