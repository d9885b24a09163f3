"""A build asked to run only if something changed (`invoke build` without --force).

It leaves an output folder alone when every input (content, survey, theme,
plugins, settings, package versions) hashes as it did for the build that wrote
it, the output is as that build left it, and the clock has not passed the end of
the next upcoming event.  Anything else is a full build.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from builtsite import ROOT, SCENARIOS, SETTINGS, page
from recap_build import freshness
from recap_build.build import build

SMALL = ROOT / "tests" / "data" / "site_polls" / "small"  # a site with content/ and survey/
NOW = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A private copy of a small site with polls, so tests can edit its files."""
    shutil.copytree(SMALL, tmp_path / "site")
    return tmp_path / "site"


def run(site: Path, *, if_changed: bool = True, now: dt.datetime = NOW, **overrides):
    settings = {"PATH": str(site / "content"), "CACHE_PATH": str(site.parent / "cache"),
                "MEETUP_NOW": NOW.isoformat(), **overrides}
    return build(SETTINGS, site.parent / "output", settings, if_changed=if_changed, now=now)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), "utf-8")


def event_title(output: Path, slug: str) -> str:
    return page(output, f"events/{slug}/index.html").find("h1").get_text(strip=True)


def test_a_second_build_with_nothing_changed_leaves_the_output_alone(site):
    first = run(site)
    index = first.output / "index.html"
    written = index.stat().st_mtime_ns
    second = run(site)
    assert first.ok and not first.up_to_date
    assert second.ok and second.up_to_date
    assert index.stat().st_mtime_ns == written


def test_an_edited_content_file_is_built(site):
    run(site)
    edit(site / "content" / "events" / "small-1.md", 'title: "', 'title: "Edited ')
    result = run(site)
    assert result.ok and not result.up_to_date
    assert event_title(result.output, "small-1").startswith("Edited ")


def test_an_edited_poll_file_is_built(site):
    run(site)
    with (site / "survey" / "small-1.yaml").open("a", encoding="utf-8") as poll:
        poll.write("# a comment changes the bytes, so the folder's digest\n")
    assert not run(site).up_to_date


def test_a_changed_setting_is_built(site):
    run(site)
    result = run(site, SITENAME="Renamed Meetups")
    assert not result.up_to_date
    assert "Renamed Meetups" in page(result.output, "index.html").title.get_text()


def test_a_deleted_output_file_is_built_again(site):
    output = run(site).output
    (output / "index.html").unlink()
    result = run(site)
    assert not result.up_to_date
    assert (output / "index.html").is_file()


def test_a_hand_edited_output_file_is_built_again(site):
    output = run(site).output
    with (output / "index.html").open("a", encoding="utf-8") as html:
        html.write("<!-- edited by hand -->")
    assert not run(site).up_to_date


def test_without_if_changed_every_build_runs(site):
    run(site)
    assert not run(site, if_changed=False).up_to_date


def test_reverting_a_broken_edit_finds_the_old_output_up_to_date(site):
    event = site / "content" / "events" / "small-1.md"
    original = event.read_text("utf-8")
    run(site)
    event.write_text(original.replace("date:", "date: not-a-date #"), "utf-8")
    assert not run(site).ok  # the old output and its stamp stay
    event.write_text(original, "utf-8")
    assert run(site).up_to_date


def test_the_output_expires_when_the_next_upcoming_event_ends(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SCENARIOS / "single-group" / "content", content)
    edit(content / "events" / "meetup-1.md", "date: 2026-12-10", "date: 2999-12-10")
    settings = {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache"), "POLLS_PATH": "no-polls",
                "MEETUP_NOW": None}  # the real clock: the event is upcoming until it is over
    output = tmp_path / "output"
    assert build(SETTINGS, output, settings).ok
    stamp = freshness.read_stamp(freshness.stamp_path(tmp_path / "cache", output))
    assert stamp.valid_until == dt.datetime(2999, 12, 10, 18, 30, tzinfo=ZoneInfo("Europe/Prague"))
    before = dt.datetime(2999, 12, 10, 17, 0, tzinfo=dt.UTC)
    after = dt.datetime(2999, 12, 11, tzinfo=dt.UTC)
    assert build(SETTINGS, output, settings, if_changed=True, now=before).up_to_date
    assert not build(SETTINGS, output, settings, if_changed=True, now=after).up_to_date


def test_a_damaged_stamp_means_a_full_build():
    assert freshness.Stamp.from_json("{not json") is None
    assert freshness.Stamp.from_json('{"version": 0}') is None
    assert not freshness.up_to_date(None, "inputs", lambda: "output", NOW)


def test_a_stamp_whose_bytes_changed_on_disk_is_not_trusted(tmp_path):
    path = tmp_path / "builds" / "stamp.json"
    # a flipped digit of the expiry year would still be valid JSON, and keep a stale site "up to date"
    freshness.write_stamp(path, freshness.Stamp("a" * 32, "b" * 32, dt.datetime(2027, 1, 14, tzinfo=dt.UTC)))
    path.write_text(path.read_text("utf-8").replace("2027", "2927"), "utf-8")
    assert freshness.read_stamp(path) is None


def test_a_stamp_reads_back_as_written():
    stamp = freshness.Stamp("a" * 32, "b" * 32, dt.datetime(2027, 1, 14, 21, 30, tzinfo=dt.UTC))
    assert freshness.Stamp.from_json(stamp.to_json()) == stamp


def test_an_edited_settings_file_of_any_name_is_built(site):
    settings = site / "mysite.py"
    settings.write_text(
        "import runpy\n"
        f"globals().update({{k: v for k, v in runpy.run_path({str(SETTINGS)!r}).items() if k.isupper()}})\n"
        f"PATH = {str(site / 'content')!r}\n"
        f"CACHE_PATH = {str(site.parent / 'cache')!r}\n"
        f"MEETUP_NOW = {NOW.isoformat()!r}\n",
        "utf-8",
    )
    output = site.parent / "output"
    assert build(settings, output, if_changed=True, now=NOW).ok
    assert build(settings, output, if_changed=True, now=NOW).up_to_date
    with settings.open("a", encoding="utf-8") as handle:
        handle.write("# a comment: the value of no setting changes, the file does\n")
    assert not build(settings, output, if_changed=True, now=NOW).up_to_date


def test_a_broken_link_among_the_inputs_does_not_break_the_check(site):
    (site / "content" / "images").mkdir()
    (site / "content" / "images" / "gone.png").symlink_to(site / "nowhere.png")
    assert run(site).ok  # Pelican copies no static file it cannot read; the check must not crash on it
    assert run(site).up_to_date
