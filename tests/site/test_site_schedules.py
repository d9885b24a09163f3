"""Schedules for conference apps: frab-compatible schedule.xml and schedule.json per event and per group.

Giggity, EventFahrplan and ConfClerk read these files. They are validated against the
XSD and JSON schema of the c3voc schedule tools (tests/data/schedules/, with why the
package itself is not used). The scenario (tests/data/site/schedules/) has a programme
with talk durations, a session with its own start time, a talk without a duration, an
event without a start time and two groups.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from builtsite import PUBLISHED, PUBLISHED_SITEURL, SCENARIOS, build_content, build_scenario, page, resolve
from lxml import etree

SITEURL = PUBLISHED_SITEURL
SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schedules"


@pytest.fixture(scope="module")
def xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))


@pytest.fixture(scope="module")
def json_schema() -> dict:
    return json.loads((SCHEMAS / "schedule.schema.json").read_text("utf-8"))


def schedule_files(output: Path, suffix: str) -> list[str]:
    return sorted(p.relative_to(output).as_posix() for p in output.rglob(f"schedule.{suffix}"))


def xml(output: Path, rel: str) -> etree._Element:
    return etree.parse(str(output / rel)).getroot()


def data(output: Path, rel: str) -> dict:
    return json.loads((output / rel).read_text("utf-8"))


def json_events(schedule: dict) -> list[dict]:
    return [event for day in schedule["schedule"]["conference"]["days"]
            for events in day["rooms"].values() for event in events]


def by_title(schedule: dict) -> dict[str, dict]:
    return {event["title"]: event for event in json_events(schedule)}


def xsd_errors(xsd: etree.XMLSchema, path: Path) -> list[str]:
    xsd.validate(etree.parse(str(path)))
    return [f"{path.name}:{e.line}: {e.message}" for e in xsd.error_log]


def json_errors(schema: dict, document: dict, formats: bool = True) -> list[str]:
    checker = jsonschema.FormatChecker() if formats else None
    validator = jsonschema.Draft6Validator(schema, format_checker=checker)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


# -- valid files, where the site says they are -------------------------------------------


def test_every_event_and_every_group_has_both_schedule_files(schedules_published):
    expected = ["events/brno-gophers-3/schedule.{}", "events/brno-gophers-4/schedule.{}",
                "events/ostrava-rust-1/schedule.{}", "schedules/brno-gophers/schedule.{}",
                "schedules/ostrava-rust/schedule.{}"]
    for suffix in ("xml", "json"):
        assert schedule_files(schedules_published, suffix) == [rel.format(suffix) for rel in expected]


@pytest.mark.parametrize("site", ["schedules_published", "schedules_development"])
def test_every_schedule_xml_is_valid_against_the_frab_xsd(site, xsd, request):
    output = request.getfixturevalue(site)
    assert [error for rel in schedule_files(output, "xml") for error in xsd_errors(xsd, output / rel)] == []


def test_every_published_schedule_json_is_valid_against_the_c3voc_schema_formats_included(
        schedules_published, json_schema):
    errors = {rel: json_errors(json_schema, data(schedules_published, rel))
              for rel in schedule_files(schedules_published, "json")}
    assert errors == {rel: [] for rel in errors}


def test_development_schedule_json_is_valid_and_its_links_are_relative_to_the_file(
        schedules_development, json_schema):
    # without a site address there are no absolute URLs, which the schema's "uri" format wants
    rel = "events/brno-gophers-4/schedule.json"
    schedule = data(schedules_development, rel)
    assert json_errors(json_schema, schedule, formats=False) == []
    talk = by_title(schedule)["Fuzzing in the standard library"]
    assert talk["url"] == "../../talks/fuzzing/index.html"
    assert (schedules_development / resolve(rel, talk["url"])).is_file()


def test_the_sample_site_schedules_are_all_valid(sample_site, xsd, json_schema):
    # many events, inline talks, workshops and breaks: the general case, not the scenario
    xml_files, json_files = schedule_files(sample_site, "xml"), schedule_files(sample_site, "json")
    assert len(xml_files) == len(json_files) > 17
    assert [error for rel in xml_files for error in xsd_errors(xsd, sample_site / rel)] == []
    assert [error for rel in json_files
            for error in json_errors(json_schema, data(sample_site, rel), formats=False)] == []


# -- what the schedule says ----------------------------------------------------------------


def test_the_programme_is_laid_out_from_the_event_start_in_order(schedules_published):
    talks = by_title(data(schedules_published, "events/brno-gophers-4/schedule.json"))
    times = [(title, talks[title]["date"], talks[title]["duration"]) for title in talks]
    assert times == [
        ("Channels <in> depth & select", "2026-12-10T18:00:00+01:00", "00:40"),  # duration: 40
        ("Generics one year on", "2026-12-10T18:40:00+01:00", "00:20"),  # inline, duration: 20
        ("Pizza and beer", "2026-12-10T19:15:00+01:00", "00:30"),  # a session's own start: "19:15"
        ("Fuzzing in the standard library", "2026-12-10T19:45:00+01:00", "00:30"),  # no duration: the slot
    ]


def test_the_xml_says_the_same_as_the_json(schedules_published):
    schedule = data(schedules_published, "events/brno-gophers-4/schedule.json")
    root = xml(schedules_published, "events/brno-gophers-4/schedule.xml")
    from_xml = [(e.get("guid"), int(e.get("id")), e.findtext("title"), e.findtext("date"), e.findtext("start"),
                 e.findtext("duration"), e.findtext("type"), e.findtext("slug"))
                for e in root.iterfind("day/room/event")]
    from_json = [(e["guid"], e["id"], e["title"], e["date"], e["start"], e["duration"], e["type"], e["slug"])
                 for e in json_events(schedule)]
    assert from_xml == from_json
    assert root.findtext("version") == schedule["schedule"]["version"]


def test_a_talk_links_its_page_its_slides_and_its_recording(schedules_published):
    root = xml(schedules_published, "events/brno-gophers-4/schedule.xml")
    [event] = [e for e in root.iterfind("day/room/event") if e.findtext("slug").endswith("-channels-in-depth")]
    links = [(link.get("type"), link.text, link.get("href")) for link in event.iterfind("links/link")]
    assert links == [
        ("web", "Talk page", f"{SITEURL}/talks/channels-in-depth/index.html"),
        ("slides", "Slides", "https://speakerdeck.com/player/0123456789abcdef0123456789abcdef"),
        ("media", "Recording", "https://www.youtube.com/watch?v=aqz-KE-bpKQ"),
    ]
    assert event.findtext("url") == f"{SITEURL}/talks/channels-in-depth/index.html"
    json_links = by_title(data(schedules_published, "events/brno-gophers-4/schedule.json"))[
        "Channels <in> depth & select"]["links"]
    assert [(link["type"], link["url"]) for link in json_links] == [(t, href) for t, _, href in links]


def test_talk_details_speakers_language_track_and_abstract(schedules_published):
    talks = by_title(data(schedules_published, "events/brno-gophers-4/schedule.json"))
    channels, generics = talks["Channels <in> depth & select"], talks["Generics one year on"]
    assert [p["name"] for p in generics["persons"]] == ["Ada Example", "Bob Example"]
    assert generics["persons"][0]["url"] == f"{SITEURL}/speakers/ada-example/index.html"
    assert (channels["language"], generics["language"]) == ("en", "cs")
    assert (channels["track"], generics["track"]) == ("concurrency", "Brno Gophers")  # first tag, else the group
    assert channels["abstract"] == "How channels work inside the runtime, and when select picks which case."
    assert (channels["room"], channels["type"], talks["Pizza and beer"]["type"]) == ("Impact Hub Brno", "talk", "break")


def test_titles_with_markup_characters_come_back_as_written(schedules_published):
    root = xml(schedules_published, "events/brno-gophers-4/schedule.xml")
    assert root.findtext("day/room/event/title") == "Channels <in> depth & select"
    assert b"Channels &lt;in&gt; depth &amp; select" in (
        schedules_published / "events/brno-gophers-4/schedule.xml").read_bytes()


def test_conference_block_names_the_event_its_day_and_zone(schedules_published):
    conference = data(schedules_published, "events/brno-gophers-4/schedule.json")["schedule"]["conference"]
    assert {k: conference[k] for k in ("title", "acronym", "start", "end", "daysCount", "time_zone_name", "url")} == {
        "title": "Brno Gophers #4", "acronym": "brno_gophers_4", "start": "2026-12-10", "end": "2026-12-10",
        "daysCount": 1, "time_zone_name": "Europe/Prague", "url": f"{SITEURL}/events/brno-gophers-4/index.html"}
    [day] = conference["days"]
    assert (day["day_start"], day["day_end"]) == ("2026-12-10T18:00:00+01:00", "2026-12-10T21:00:00+01:00")
    assert conference["rooms"][0]["name"] == "Impact Hub Brno"


def test_an_event_without_a_start_time_is_laid_out_from_midnight(schedules_published):
    [talk] = json_events(data(schedules_published, "events/brno-gophers-3/schedule.json"))
    assert (talk["date"], talk["start"], talk["duration"]) == ("2026-06-11T00:00:00+02:00", "00:00", "00:30")


def test_a_group_schedule_has_a_day_per_event_and_only_its_events(schedules_published):
    schedule = data(schedules_published, "schedules/brno-gophers/schedule.json")
    conference = schedule["schedule"]["conference"]
    assert [day["date"] for day in conference["days"]] == ["2026-06-11", "2026-12-10"]
    assert (conference["title"], conference["daysCount"]) == ("Brno Gophers", 2)
    assert conference["url"] == f"{SITEURL}/groups/brno-gophers/index.html"
    assert "Ownership explained" not in by_title(schedule)


def test_a_group_schedule_uses_the_same_identifiers_as_the_event_schedules(schedules_published):
    group = json_events(data(schedules_published, "schedules/brno-gophers/schedule.json"))
    events = [e for slug in ("brno-gophers-3", "brno-gophers-4")
              for e in json_events(data(schedules_published, f"events/{slug}/schedule.json"))]
    assert [(e["guid"], e["id"], e["slug"]) for e in group] == [(e["guid"], e["id"], e["slug"]) for e in events]


def test_identifiers_survive_a_new_programme_item_before_them(schedules_published, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SCENARIOS / "schedules" / "content", content)
    event_file = content / "events" / "brno-gophers-4.md"
    event_file.write_text(event_file.read_text("utf-8").replace(
        "programme:\n", "programme:\n  - session: Welcome\n    kind: other\n"), "utf-8")
    result = build_content(content, tmp_path / "output", tmp_path, **PUBLISHED)
    assert result.ok
    before = by_title(data(schedules_published, "events/brno-gophers-4/schedule.json"))
    after = by_title(data(result.output, "events/brno-gophers-4/schedule.json"))
    assert list(after) == ["Welcome", *before]
    assert {t: (after[t]["guid"], after[t]["id"]) for t in before} == {
        t: (e["guid"], e["id"]) for t, e in before.items()}
    # the talks move by the new item's 30 minutes; the session with its own start time stays put
    assert [after[t]["start"] for t in after] == ["18:00", "18:30", "19:10", "19:15", "19:45"]
    assert data(result.output, "events/brno-gophers-4/schedule.json")["schedule"]["version"] != data(
        schedules_published, "events/brno-gophers-4/schedule.json")["schedule"]["version"]


def test_the_default_length_of_an_item_is_a_setting(tmp_path):
    output = build_scenario("schedules", tmp_path / "output", MEETUP_SCHEDULE_SLOT_MINUTES=45)
    talks = by_title(data(output, "events/brno-gophers-4/schedule.json"))
    assert (talks["Pizza and beer"]["duration"], talks["Fuzzing in the standard library"]["duration"]) == (
        "00:45", "00:45")


def test_a_one_group_site_writes_its_group_schedule_outside_groups(build_site, scenario, xsd):
    result = build_site(scenario("single-group"), **PUBLISHED)
    assert result.ok
    assert not (result.output / "groups").exists()
    assert xsd_errors(xsd, result.output / "schedules/ostrava-rust/schedule.xml") == []
    links = page(result.output, "events/index.html").select(".schedule-links a")
    assert [a["href"] for a in links] == [f"{SITEURL}/schedules/ostrava-rust/schedule.xml",
                                          f"{SITEURL}/schedules/ostrava-rust/schedule.json"]


def test_event_and_group_pages_link_their_schedules(schedules_development):
    event = page(schedules_development, "events/brno-gophers-4/index.html").select(".schedule-links a")
    group = page(schedules_development, "groups/brno-gophers/index.html").select(".schedule-links a")
    assert [(a.get_text(), a["href"]) for a in event] == [
        ("schedule.xml", "../../events/brno-gophers-4/schedule.xml"),
        ("schedule.json", "../../events/brno-gophers-4/schedule.json")]
    assert [resolve("groups/brno-gophers/index.html", a["href"]) for a in group] == [
        "schedules/brno-gophers/schedule.xml", "schedules/brno-gophers/schedule.json"]


def test_two_builds_write_the_same_schedule_and_pyvideo_bytes(schedules_published, tmp_path):
    again = build_scenario("schedules", tmp_path / "output", **PUBLISHED)

    def files(output: Path) -> dict[str, bytes]:
        return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*"))
                if p.name in ("schedule.xml", "schedule.json", "pyvideo.json")}

    first = files(schedules_published)
    assert len(first) == 12 and files(again) == first


def test_a_session_after_midnight_is_on_the_next_day_of_an_evening_that_runs_past_it(build_site, scenario, xsd):
    result = build_site(scenario("past-midnight"))
    assert result.ok
    items = by_title(data(result.output, "events/night-owls-1/schedule.json"))
    assert [items[t]["date"] for t in items] == [
        "2026-12-31T22:00:00+01:00", "2027-01-01T00:00:00+01:00", "2027-01-01T01:00:00+01:00"]
    [day] = data(result.output, "events/night-owls-1/schedule.json")["schedule"]["conference"]["days"]
    assert (day["date"], day["day_end"]) == ("2026-12-31", "2027-01-01T02:00:00+01:00")
    assert xsd_errors(xsd, result.output / "events/night-owls-1/schedule.xml") == []


@pytest.mark.parametrize("event, talk, slides", [
    ("demo-city-3", "demo-docker-101", "talks/demo-docker-101/slides.pdf"),  # a PDF the site serves
    ("docker-brno-2", "ceph-and-docker", "talks/ceph-and-docker/deck/index.html"),  # a Markdown deck
])
def test_slides_the_site_serves_are_linked_where_they_are_written(sample_site, event, talk, slides):
    rel = f"events/{event}/schedule.xml"
    [entry] = [e for e in xml(sample_site, rel).iterfind("day/room/event") if e.findtext("slug").endswith(talk)]
    [href] = [link.get("href") for link in entry.iterfind("links/link") if link.get("type") == "slides"]
    assert resolve(rel, href) == slides
    assert (sample_site / slides).is_file()


@pytest.mark.parametrize("name, value", [
    ("MEETUP_SCHEDULE_SLOT_MINUTES", 0), ("MEETUP_SCHEDULE_SLOT_MINUTES", "30"),
    ("MEETUP_CALENDAR_REFRESH_HOURS", -1), ("MEETUP_CALENDAR_REFRESH_HOURS", 1.5),
])
def test_a_bad_count_setting_is_one_problem_line_and_no_output(build_site, scenario, tmp_path, name, value):
    result = build_site(scenario("single-group"), tmp_path / "site" / "output", **{name: value})
    assert not result.ok and result.errors == []
    assert [str(p) for p in result.problems] == [
        f"pelicanconf.py: {name} must be a positive whole number, not {value!r}"]  # a setting has no line
    assert not (tmp_path / "site" / "output").exists()


def test_paths_with_spaces_and_accents_are_written_as_given_and_linked_percent_encoded(tmp_path, xsd):
    output = build_scenario("schedules", tmp_path / "output", **PUBLISHED,
                            MEETUP_EVENT_SCHEDULE_XML="akce 2026/{slug}/program.xml",
                            MEETUP_TALK_URL="přednášky/{slug}/index.html",
                            MEETUP_GROUP_ICS="skupiny/{slug}/kalendář.ics")
    written = output / "akce 2026" / "brno-gophers-4" / "program.xml"
    assert xsd_errors(xsd, written) == []
    [event] = [e for e in xml(output, "akce 2026/brno-gophers-4/program.xml").iterfind("day/room/event")
               if e.findtext("slug").endswith("-fuzzing")]
    assert event.findtext("url") == f"{SITEURL}/p%C5%99edn%C3%A1%C5%A1ky/fuzzing/index.html"
    links = page(output, "events/brno-gophers-4/index.html").select(".schedule-links a")
    assert links[0]["href"] == f"{SITEURL}/akce%202026/brno-gophers-4/program.xml"
    group = page(output, "groups/brno-gophers/index.html").select_one("a.subscribe")
    assert group["href"] == "webcal://meetup.example.org/skupiny/brno-gophers/kalend%C3%A1%C5%99.ics"
