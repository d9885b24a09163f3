"""The home page opens with what people come for: each group's next meetup, real groups first.

The scenario tests/data/site/next-meetups has two real groups, one with its next meetup
announced (Ostrava Rustaceans, Rust #3 on 10 December 2026) and one without (Brno
Gophers), and an example-data group whose name sorts first and whose meetup is sooner.
"""

from __future__ import annotations

import pytest
from builtsite import SCENARIOS, build_content, link_targets, page

NEXT = SCENARIOS / "next-meetups" / "content"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("next-meetups")
    result = build_content(NEXT, scratch / "output", scratch)
    assert result.ok, [str(p) for p in result.problems] + result.errors
    return result.output


@pytest.fixture(scope="module")
def home(site):
    return page(site, "index.html")


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def blocks(soup) -> dict:
    return {block.h2.get_text(strip=True): block for block in soup.select("main section.next-meetup")}


def test_home_page_opens_with_one_block_per_group_real_groups_first(home):
    assert list(blocks(home)) == ["Brno Gophers", "Ostrava Rustaceans", "Aardvark Demo Group"]
    first_section = home.main.find("section")
    assert "next-meetup" in first_section["class"]
    assert home.main.h1.get_text() == "Next meetups"


def test_next_meetup_block_has_date_time_venue_map_rsvp_and_calendar(home):
    block = blocks(home)["Ostrava Rustaceans"]
    title = block.select_one(".next-title a")
    assert (title.get_text(), link_targets("index.html", [title])) == ("Rust #3", ["events/rust-3/index.html"])
    facts = {dt.get_text(): dd for dt, dd in zip(block.select("dt"), block.select("dd"), strict=True)}
    assert facts["When"].time["datetime"] == "2026-12-10T18:30:00+01:00"
    assert text(facts["When"]) == "10 December 2026, 18:30 (Europe/Prague)"
    assert text(facts["Where"]) == "Test Hall, 1 Test Street, Ostrava ( map )"
    assert facts["Where"].find("a", string="map")["href"] == (
        "https://www.openstreetmap.org/?mlat=49.83470&mlon=18.28200#map=17/49.83470/18.28200")
    actions = block.select_one(".actions")
    assert [(a.get_text(strip=True), a["href"]) for a in actions.find_all("a")] == [
        ("RSVP / register", "https://rust.example.org/rsvp/3"),
        ("Add to calendar (.ics)", "./events/rust-3/event.ics"),
    ]


def test_a_group_without_an_announced_meetup_says_so_and_how_to_follow_it(home):
    block = blocks(home)["Brno Gophers"]
    assert text(block.select_one(".to-be-announced")) == (
        "Next meetup to be announced. Follow the group to hear first: the group's page , "
        "the events feed (Atom) or the calendar of all events (.ics) .")
    assert [a["href"] for a in block.select(".to-be-announced a")] == [
        "https://go.example.org/brno", "./feeds/events.atom.xml", "./events/calendar.ics"]


def test_a_group_call_for_speakers_shows_on_its_block_until_it_closes(home, build_site):
    call = blocks(home)["Brno Gophers"].select_one(".call-for-speakers")
    assert text(call) == (
        "Want to give a talk? Propose it in the call for speakers (open until 15 December 2026, 18:00) .")
    assert call.a["href"] == "https://go.example.org/brno/talks"
    later = build_site(NEXT, MEETUP_NOW="2026-12-15T18:00:00+01:00")
    assert later.ok
    assert blocks(page(later.output, "index.html"))["Brno Gophers"].select_one(".call-for-speakers") is None


def test_example_group_block_is_labelled_as_example_data(home):
    block = blocks(home)["Aardvark Demo Group"]
    assert "demo" in block["class"]
    assert block.select_one(".badge").get_text() == "example data"


def test_upcoming_events_list_real_groups_before_example_data(home):
    section = home.find("h2", string="Upcoming events").find_parent("section")
    # Demo #1 (3 December) is sooner than Rust #3 (10 December) but comes second
    assert [h3.get_text(strip=True) for h3 in section.select(".event-card h3")] == ["Rust #3", "Demo #1"]


def test_single_group_home_names_its_next_meetup_and_skips_a_cancelled_one(build_site, scenario):
    result = build_site(scenario("event-status"))
    assert result.ok
    soup = page(result.output, "index.html")
    [block] = soup.select("main section.next-meetup")
    assert soup.main.h1.get_text() == "Next meetup"
    # meetup-5 (10 December) is cancelled: the next one that takes place is meetup-6
    assert block.select_one(".next-title").get_text(strip=True) == "Meetup #6"
    assert block.select_one(".status-banner").get_text(" ", strip=True) == (
        "Moved online. This meetup takes place online only.")


def test_home_heading_does_not_repeat_the_site_name(sample_pages):
    soup = sample_pages["index.html"]
    site_name = soup.select_one(".site-header .site-name").get_text(strip=True)
    assert soup.main.h1.get_text(strip=True) == "Next meetups"
    assert site_name not in soup.main.h1.get_text()


def test_sample_home_says_docker_brno_next_meetup_is_to_be_announced(sample_pages):
    found = blocks(sample_pages["index.html"])
    assert list(found) == ["Docker Brno", "Demo City Cloud Native (example data)"]
    assert found["Docker Brno"].select_one(".to-be-announced strong").get_text() == "Next meetup to be announced."
    assert found["Demo City Cloud Native (example data)"].select_one(".next-title").get_text(strip=True) == (
        "Demo City Cloud Native #15")


# -- the talks and speakers indexes ------------------------------------------------------------


def talk_titles(soup) -> list[str]:
    return [li.a.get_text(strip=True) for li in soup.select("ul.talk-list li")]


def test_talks_index_lists_real_groups_talks_newest_first_then_example_data(site):
    assert talk_titles(page(site, "talks/index.html")) == [
        "Lifetimes in practice", "Ownership explained", "Goroutines from scratch", "An invented talk"]


def test_talks_index_has_a_group_filter_of_plain_links(site):
    nav = page(site, "talks/index.html").find("nav", attrs={"aria-label": "Talks by group"})
    links = nav.find_all("a")
    assert [a.get_text() for a in links] == ["All groups", "Brno Gophers", "Ostrava Rustaceans", "Aardvark Demo Group"]
    assert link_targets("talks/index.html", links) == [
        "talks/index.html", "talks/groups/brno-go/index.html", "talks/groups/ostrava-rust/index.html",
        "talks/groups/aaa-demo/index.html"]
    assert [a.get("aria-current") for a in links] == ["page", None, None, None]


def test_a_group_talks_page_lists_only_that_groups_talks(site):
    soup = page(site, "talks/groups/ostrava-rust/index.html")
    assert soup.main.h1.get_text() == "Talks: Ostrava Rustaceans"
    assert talk_titles(soup) == ["Lifetimes in practice", "Ownership explained"]
    current = soup.find("nav", attrs={"aria-label": "Talks by group"}).find("a", attrs={"aria-current": "page"})
    assert current.get_text() == "Ostrava Rustaceans"


def test_a_site_with_one_group_has_no_group_filter(build_site, scenario):
    result = build_site(scenario("single-group"))
    assert result.ok
    assert page(result.output, "talks/index.html").find("nav", attrs={"aria-label": "Talks by group"}) is None
    assert not (result.output / "talks" / "groups").exists()


def test_speakers_index_lists_people_of_real_groups_first(site):
    names = [li.a.get_text() for li in page(site, "speakers/index.html").select("ul.people li")]
    assert names == ["Ada Example", "Zora Tester", "Abe Aardvark"]


def test_sample_speakers_index_lists_example_people_last(sample_pages):
    names = [li.a.get_text() for li in sample_pages["speakers/index.html"].select("ul.people li")]
    first_demo = names.index("Alex Example")
    assert "Václav Pavlín" in names[:first_demo] and "Yury Tsarev" in names[:first_demo]
    assert "Jamie Demo" in names[first_demo:]


# -- what an event page leads to --------------------------------------------------------------


def test_a_past_event_leads_to_its_recap_and_slides_not_to_the_calendar(site):
    actions = page(site, "events/rust-2/index.html").select_one("main .actions")
    buttons = [(a.get_text(strip=True), a["href"]) for a in actions.select("a.button")]
    assert buttons == [("Read the recap", "#recap-heading"), ("Slides and recordings", "#programme-heading")]
    assert actions.find("a", string="Add to calendar (.ics)") is None


def test_an_upcoming_event_leads_to_registration_first(site):
    actions = page(site, "events/rust-3/index.html").select_one("main .actions")
    assert [a.get_text(strip=True) for a in actions.select("a")] == ["RSVP / register", "Add to calendar (.ics)"]
    assert actions.a["class"] == ["button"]
