"""The .ics files: valid iCalendar, local times with their zone, and UIDs that never change."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import icalendar
import pytest
from builtsite import ROOT, SAMPLE_CONTENT, html_pages, item_pages, noindex
from damage import flip_a_bit
from kernel import cacheentry
from meetup import ical
from recap_build import page_batch

CACHE_DATA = ROOT / "tests" / "data" / "cache"


def calendar(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def test_event_calendar_starts_at_six_pm_prague_time(sample_site):
    [vevent] = calendar(sample_site / "events/docker-brno-2/event.ics").walk("VEVENT")
    start = vevent.decoded("dtstart")
    assert vevent["dtstart"].params["TZID"] == "Europe/Prague"
    assert (start.date(), start.time()) == (dt.date(2015, 10, 15), dt.time(18, 0))
    assert start.utcoffset() == dt.timedelta(hours=2)  # summer time in October 2015
    assert start.astimezone(dt.UTC) == dt.datetime(2015, 10, 15, 16, 0, tzinfo=dt.UTC)


def test_event_calendar_carries_the_zone_definition_it_refers_to(sample_site):
    cal = calendar(sample_site / "events/docker-brno-2/event.ics")
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Prague"]


def test_event_without_a_start_time_is_an_all_day_entry(sample_site):
    [vevent] = calendar(sample_site / "events/docker-brno-1/event.ics").walk("VEVENT")
    assert vevent.decoded("dtstart") == dt.date(2015, 5, 18)
    assert not isinstance(vevent.decoded("dtstart"), dt.datetime)


def test_all_events_calendar_has_one_entry_per_event_page_but_the_example_events(sample_site):
    cal = calendar(sample_site / "events/calendar.ics")
    event_pages = item_pages(html_pages(sample_site), "events")
    real = [rel for rel in event_pages if not noindex(sample_site, rel)]
    summaries = sorted(str(v["SUMMARY"]) for v in cal.walk("VEVENT"))
    assert len(event_pages) == 17
    assert len(summaries) == len(real) == 2  # the 15 demo-city events are example data
    assert "Docker Brno #2" in summaries


def test_all_events_calendar_uids_are_unique_and_match_the_event_calendars(sample_site):
    uids = [str(v["UID"]) for v in calendar(sample_site / "events/calendar.ics").walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    per_event = sorted(str(v["UID"]) for p in (sample_site / "events").glob("*/event.ics")
                       if not noindex(sample_site, f"events/{p.parent.name}/index.html")
                       for v in calendar(p).walk("VEVENT"))
    assert sorted(uids) == per_event


def test_speaker_calendar_lists_their_talk_at_the_event_time(sample_site):
    [vevent] = calendar(sample_site / "speakers/vaclav-pavlin/talks.ics").walk("VEVENT")
    assert str(vevent["SUMMARY"]).startswith("Nulecule")
    assert vevent.decoded("dtstart") == dt.datetime(2015, 10, 15, 16, 0, tzinfo=dt.UTC)


def test_speaker_calendar_has_one_entry_per_talk_with_unique_uids(sample_site):
    # Alex Example gives several fictional talks: one entry each
    talks = [v for v in calendar(sample_site / "speakers/alex-example/talks.ics").walk("VEVENT")]
    uids = [str(v["UID"]) for v in talks]
    assert len(talks) > 1 and len(set(uids)) == len(uids)


def test_editing_an_event_keeps_its_uid(build_site, scenario, tmp_path):
    first = build_site(scenario("single-group"), tmp_path / "before")
    content = tmp_path / "content"
    shutil.copytree(scenario("single-group"), content)
    event_file = content / "events" / "meetup-1.md"
    event_file.write_text(event_file.read_text("utf-8").replace("18:30", "19:00"), "utf-8")
    second = build_site(content, tmp_path / "after")
    assert first.ok and second.ok

    def entry(output: Path):
        [vevent] = calendar(output / "events/meetup-1/event.ics").walk("VEVENT")
        return str(vevent["UID"]), vevent.decoded("dtstart").time()

    (uid_before, start_before), (uid_after, start_after) = entry(first.output), entry(second.output)
    assert (start_before, start_after) == (dt.time(18, 30), dt.time(19, 0))
    assert uid_before == uid_after


def test_every_calendar_file_is_what_icalendar_writes_for_it(sample_site):
    # the files are assembled from components serialised once per build; serialising
    # the whole parsed calendar again with icalendar must give the same bytes
    files = sorted(sample_site.rglob("*.ics"))
    assert len(files) > 3
    for path in files:
        data = path.read_bytes()
        assert icalendar.Calendar.from_ical(data).to_ical() == data, path.relative_to(sample_site)


def ics_files(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*.ics"))}


def test_calendars_from_the_entry_cache_equal_calendars_made_afresh(build_site, scenario, tmp_path):
    afresh = build_site(scenario("single-group"), tmp_path / "first")  # fills tmp_path/cache
    assert (tmp_path / "cache" / "calendars" / "entries.pickle").is_file()
    cached = build_site(scenario("single-group"), tmp_path / "second")
    assert afresh.ok and cached.ok
    assert ics_files(cached.output) == ics_files(afresh.output)


def test_a_damaged_calendar_cache_is_ignored(build_site, scenario, tmp_path):
    afresh = build_site(scenario("single-group"), tmp_path / "first")
    (tmp_path / "cache" / "calendars" / "entries.pickle").write_bytes(b"not a pickle")
    again = build_site(scenario("single-group"), tmp_path / "second")
    assert again.ok
    assert ics_files(again.output) == ics_files(afresh.output)


def test_a_bit_flipped_calendar_cache_is_serialised_again(build_site, scenario, tmp_path):
    afresh = build_site(scenario("single-group"), tmp_path / "first")
    flip_a_bit(tmp_path / "cache" / "calendars" / "entries.pickle")  # may still unpickle, into wrong text
    again = build_site(scenario("single-group"), tmp_path / "second")
    assert again.ok
    assert ics_files(again.output) == ics_files(afresh.output)


def test_a_calendar_cache_naming_code_that_no_longer_exists_is_ignored(build_site, scenario, tmp_path):
    afresh = build_site(scenario("single-group"), tmp_path / "first")
    entry = tmp_path / "cache" / "calendars" / "entries.pickle"
    cacheentry.write(entry, (CACHE_DATA / "missing-module.pickle").read_bytes())
    again = build_site(scenario("single-group"), tmp_path / "second")
    assert again.ok, again.errors
    assert ics_files(again.output) == ics_files(afresh.output)


def test_entries_serialised_in_the_batchs_children_are_cached_for_the_next_build(build_site, tmp_path, monkeypatch):
    monkeypatch.setattr(page_batch, "MIN_PAGES", 2)  # the calendars are made in three processes
    monkeypatch.setattr(page_batch, "worker_count", lambda workers=None: 3)
    afresh = build_site(SAMPLE_CONTENT, tmp_path / "first")  # events and talks in every share of the batch
    monkeypatch.setattr(ical, "_part", lambda entry: pytest.fail(f"serialised again: {entry}"))
    cached = build_site(SAMPLE_CONTENT, tmp_path / "second")  # a new folder: no calendar is kept
    assert afresh.ok and cached.ok, cached.errors
    assert ics_files(cached.output) == ics_files(afresh.output)
