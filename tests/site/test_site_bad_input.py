"""Bad content stops the build with one line per problem (file:line:column) and keeps the old site.

Each scenario is a tiny content folder in tests/data/site/<scenario>/content with one
mistake in it; paths in the messages are relative to the content folder's parent,
as an organizer sees them from the project root.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from builtsite import NOW, SETTINGS, beside, invoke_build, page, settings_file
from recap_build.build import build

BAD = {
    "unknown-event": "content/talks/ownership.md:3:8: unknown event 'meetup-2' (no content/events/meetup-2.md)",
    "duplicate-speaker": "content/speakers/ada.md:2:7: speaker page speakers/ada-example is also claimed by "
                         "content/speakers/ada-example.md",
    "duplicate-talk-slug": "content/events/meetup-1.md:7:7: talk page talks/ownership is also claimed by "
                           "content/talks/ownership.md",
    # a date Pelican's own metadata reader refuses: still one positioned line, no follow-up errors
    "impossible-date": "content/events/meetup-1.md:3:7: invalid date: '2026-13-45' is not a valid date",
    "malformed-date": "content/events/meetup-1.md:3:7: malformed date '10.12.2026' (expected YYYY-MM-DD)",
    "unknown-timezone": "content/events/meetup-1.md:5:11: unknown timezone 'Europe/Ostrava' "
                        "(use an IANA name such as Europe/Prague)",
    "speaker-without-name": "content/speakers/ada.md:2:1: speaker has no name (add `name: Full Name`)",
    "talk-speaker-without-name": "content/talks/ownership.md:5:5: speaker has no name",
    "unknown-language": "content/talks/ownership.md:5:11: unknown language 'Czech': use a code such as en, cs or pt-BR",
    "invalid-yaml": "content/talks/ownership.md:2:12: invalid YAML: mapping values are not allowed in this context",
    # plain pages are read by Pelican's own page generator, with the same reader
    "invalid-yaml-page": "content/pages/about.md:2:13: invalid YAML: mapping values are not allowed in this context",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_content_is_reported_as_one_line_with_its_position(build_site, scenario, name):
    result = build_site(scenario(name))
    assert not result.ok
    assert result.errors == []
    assert [str(problem) for problem in result.problems] == [BAD[name]]


def test_an_unknown_language_is_reported_by_every_build_not_only_the_first(build_site, scenario):
    # a language's name is kept between builds with the front matter's values; its problem is not
    site = scenario("unknown-language")
    first, second = build_site(site), build_site(site)
    assert [str(p) for p in first.problems] == [str(p) for p in second.problems] == [BAD["unknown-language"]]


@pytest.mark.parametrize(("name", "file", "url"), [
    # a talk file whose slug is the URL of a site index
    ("talk-claims-an-index", "content/talks/with-slides.md", "talks/with-slides/index.html"),
    # a plain page titled "Events" gets the slug "events", the events index's URL
    ("page-claims-an-index", "content/pages/events.md", "events/index.html"),
], ids=["talk-claims-an-index", "page-claims-an-index"])
def test_a_file_claiming_the_url_of_an_index_page_is_reported_against_that_file(build_site, scenario, name, file, url):
    result = build_site(scenario(name))
    assert not result.ok
    assert result.errors == []  # not a raw "could not overwrite" error from the writer
    [problem] = result.problems
    assert problem.file == file
    assert url in problem.message


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_failed_build_leaves_the_previous_output_untouched(build_site, scenario, tmp_path):
    output = tmp_path / "site" / "output"
    assert build_site(scenario("single-group"), output).ok
    before, beside = snapshot(output), sorted(output.parent.iterdir())
    assert "index.html" in before

    assert not build_site(scenario("unknown-event"), output).ok
    assert snapshot(output) == before
    assert sorted(output.parent.iterdir()) == beside  # no staging or half-swapped folders left


def test_failed_first_build_leaves_nothing_behind(build_site, scenario, tmp_path):
    output = tmp_path / "site" / "output"
    assert not build_site(scenario("invalid-yaml"), output).ok
    assert list(output.parent.iterdir()) == []


def test_successful_rebuild_replaces_the_output_and_cleans_up(build_site, scenario, tmp_path):
    output = tmp_path / "site" / "output"
    (output / "stale").mkdir(parents=True)
    (output / "stale" / "old.html").write_text("<p>from an earlier build</p>", "utf-8")
    assert build_site(scenario("single-group"), output).ok
    assert not (output / "stale").exists()
    assert (output / "events" / "meetup-1" / "index.html").is_file()
    assert beside(output) == ["frame", "output"]  # the replaced output, emptied, is where the next build starts


def test_invoke_build_prints_the_problem_and_exits_1_without_a_traceback(scenario, tmp_path):
    output = tmp_path / "output"
    settings = settings_file(tmp_path, scenario("unknown-event"))
    run = invoke_build(settings, output)
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    lines = run.stderr.splitlines()
    assert lines[0] == BAD["unknown-event"]
    assert lines[-1].startswith("Build failed;") and lines[-1].endswith("was left as it was.")
    assert len(lines) == 2
    assert not output.exists()


def test_invoke_build_with_good_content_exits_0(scenario, tmp_path):
    output = tmp_path / "output"
    settings = settings_file(tmp_path, scenario("single-group"))
    run = invoke_build(settings, output)
    assert run.returncode == 0, run.stderr
    assert (output / "events" / "meetup-1" / "index.html").is_file()


def test_invoke_build_with_a_broken_settings_file_exits_1_without_a_traceback(tmp_path):
    settings = tmp_path / "brokenconf.py"
    settings.write_text('SITENAME = "Docker Brno meetup"\nPATH = "content\n', "utf-8")  # unclosed string
    run = invoke_build(settings, tmp_path / "output")
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert "brokenconf.py" in run.stderr.splitlines()[0]


def test_a_detached_cleanup_empties_the_replaced_output_in_the_background(scenario, tmp_path):
    output = tmp_path / "site" / "output"
    settings = {"PATH": str(scenario("single-group")), "MEETUP_NOW": NOW, "CACHE_PATH": str(tmp_path / "cache"),
                "POLLS_PATH": str(tmp_path / "no-polls")}
    assert build(SETTINGS, output, settings).ok
    assert build(SETTINGS, output, settings, detach_cleanup=True).ok
    assert (output / "events" / "meetup-1" / "index.html").is_file()  # the new output is whole at once
    deadline = time.monotonic() + 30
    while list(output.parent.glob(".output-old-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert beside(output) == ["frame", "output"]


def test_an_old_output_left_by_an_interrupted_cleanup_is_swept_by_the_next_build(build_site, scenario, tmp_path):
    output = tmp_path / "site" / "output"
    left = output.parent / ".output-old-.output-building-interrupted"
    (left / "events").mkdir(parents=True)
    (left / "events" / "index.html").write_text("<p>an old page</p>", "utf-8")
    assert build_site(scenario("single-group"), output).ok
    assert beside(output) == ["frame", "output"]


def test_bad_event_status_fields_are_each_reported_with_the_allowed_values(build_site, scenario):
    # status, attendance mode, links, earlier dates and calls for speakers, all found in one round
    result = build_site(scenario("bad-event-status"))
    assert not result.ok
    assert result.errors == []
    assert [str(problem) for problem in result.problems] == [
        "content/events/meetup-1.md:5:9: unknown status 'canceld' "
        "(one of scheduled, cancelled, postponed, rescheduled, moved-online)",
        "content/events/meetup-1.md:6:18: unknown attendance_mode 'hybrid' (one of in-person, online, mixed)",
        "content/events/meetup-1.md:7:7: 'javascript:alert(1)' is not an http(s) URL",
        "content/events/meetup-1.md:8:16: malformed previous_date '10.12.2026' "
        "(expected YYYY-MM-DD or YYYY-MM-DD HH:MM)",
        "content/events/meetup-2.md:4:9: status rescheduled needs previous_date (the date it was moved from)",
        "content/events/meetup-3.md:6:18: attendance_mode in-person contradicts status moved-online "
        "(leave it out or use online)",
        "content/events/meetup-3.md:8:29: previous_date '2027-02-11' is the event's current date",
        "content/events/meetup-4.md:4:11: join_url needs attendance_mode online or mixed",
        "content/events/meetup-4.md:5:20: call_for_speakers needs a URL (`url:`)",
        "content/groups/ostrava-rust.md:5:8: 'ftp://rust.example.org/propose' is not an http(s) URL",
        "content/groups/ostrava-rust.md:6:11: malformed closing date 'end of January' "
        "(expected YYYY-MM-DD or YYYY-MM-DD HH:MM)",
    ]


def test_status_and_attendance_mode_read_spaces_and_the_us_spelling(build_site, tmp_path):
    content = tmp_path / "content"
    (content / "events").mkdir(parents=True)
    (content / "events" / "meetup-1.md").write_text(
        '---\ntitle: "Meetup #1"\ndate: 2027-03-11\nstatus: Canceled\nattendance_mode: In person\n---\n', "utf-8")
    result = build_site(content)
    assert result.ok, [str(p) for p in result.problems]
    soup = page(result.output, "events/meetup-1/index.html")
    assert soup.select_one(".status-banner strong").get_text() == "Cancelled."
