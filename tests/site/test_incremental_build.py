"""Incremental builds: a build that keeps the pages whose inputs did not change writes the same site as a
clean one, byte for byte, and renders only the pages an edit reaches.

The site is tests/data/incremental (two meetups, three talks, one inline, a
speaker file, a sponsor, a plain page with a poll directive, two poll files and
the catalog), copied with the theme into a temporary folder so a test may edit
any of it.
"""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from builtsite import ROOT, SETTINGS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from recap_build.build import build

SITE = ROOT / "tests" / "data" / "incremental"
NOW = "2026-11-28T00:00:00+00:00"
PART_PAGES = 2
ATOM = "{http://www.w3.org/2005/Atom}"


class Project:
    """A copy of the test site and theme, built incrementally into out/ and cleanly elsewhere."""

    def __init__(self, folder: Path):
        self.folder = folder
        shutil.copytree(SITE, folder / "site")
        shutil.copytree(ROOT / "theme", folder / "theme")
        self.content = folder / "site" / "content"
        self.survey = folder / "site" / "survey"
        self.templates = folder / "theme" / "templates"
        self.sitename = "Incremental Meetups"
        self.jinja = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}  # as pelicanconf.py
        self.now = NOW
        self.cleans = 0

    def settings(self, cache: Path) -> dict:
        # a search index in parts of about two pages, so each edit reaches some parts and not others
        return {"PATH": str(self.content), "THEME": str(self.folder / "theme"), "CACHE_PATH": str(cache),
                "MEETUP_NOW": self.now, "SITENAME": self.sitename, "MEETUP_SEARCH_PART_PAGES": PART_PAGES,
                "JINJA_ENVIRONMENT": self.jinja}

    def incremental(self):
        result = build(SETTINGS, self.folder / "out", self.settings(self.folder / "cache"))
        assert result.ok, (result.problems, result.errors)
        return result

    def clean(self) -> Path:
        """A build into a folder no build wrote before (no ledger), with a cache of its own."""
        self.cleans += 1
        output = self.folder / f"clean-{self.cleans}"
        result = build(SETTINGS, output, self.settings(self.folder / "clean-cache"))
        assert result.ok, (result.problems, result.errors)
        return output


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file with its bytes, and every folder ("name/"): a build started in an earlier site's folders
    (recap_build/swap.py) must not keep one that a clean build has not."""
    return {p.relative_to(folder).as_posix() + ("/" if p.is_dir() else ""): None if p.is_dir() else p.read_bytes()
            for p in sorted(folder.rglob("*"))}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


# -- the edits an organizer makes ----------------------------------------------------------


def talk_body(p: Project, n: int) -> None:
    with (p.content / "talks" / "first-talk.md").open("a", encoding="utf-8") as f:
        f.write(f"\nOne more sentence, number {n}.\n")


def event_date(p: Project, n: int) -> None:
    path = p.content / "events" / "small-2.md"
    text = path.read_text("utf-8")
    day = 10 + n % 15
    path.write_text(text.replace(text[text.index("date: "):text.index("\n", text.index("date: "))],
                                 f"date: 2023-06-{day:02d}"), "utf-8")


def talk_title(p: Project, n: int) -> None:
    path = p.content / "talks" / "first-talk.md"
    text = path.read_text("utf-8")
    start = text.index("title: ")
    path.write_text(text[:start] + f'title: "The first talk, take {n}"' + text[text.index("\n", start):], "utf-8")


def talk_moved(p: Project, n: int) -> None:
    """The first talk moves to the other meetup (and back): its speaker's calendar follows it."""
    talk = p.content / "talks" / "first-talk.md"
    here, there = ("small-1", "small-2") if "event: small-1" in talk.read_text("utf-8") else ("small-2", "small-1")
    edit(talk, f"event: {here}", f"event: {there}")
    edit(p.content / "events" / f"{here}.md", "  - talk: first-talk\n", "")
    edit(p.content / "events" / f"{there}.md", "programme:\n", "programme:\n  - talk: first-talk\n")


def speaker_renamed(p: Project, n: int) -> None:
    for path in [p.content / "events" / "small-1.md", p.content / "talks" / "second-talk.md"]:
        text = path.read_text("utf-8")
        for line in text.splitlines():
            if "name: Bea" in line:
                text = text.replace(line, line[: line.index("name: ")] + f"name: Bea Renamed{n}")
        path.write_text(text, "utf-8")


def sponsor_removed(p: Project, n: int) -> None:
    sponsor = p.content / "sponsors" / "test-coffee.md"
    if sponsor.exists():
        edit(p.content / "events" / "small-1.md", "sponsors: [test-coffee]\n", "")
        sponsor.unlink()


def poll_figure(p: Project, n: int) -> None:
    path = p.survey / "small-2.yaml"
    text = path.read_text("utf-8")
    start = text.index("experimenting: ")
    path.write_text(text[:start] + f'experimenting: "~{30 + n % 20}"' + text[text.index("\n", start):], "utf-8")


def catalog(p: Project, n: int) -> None:
    path = p.survey / "questions.yaml"
    text = path.read_text("utf-8")
    start = text.index("text: Actively")
    path.write_text(text[:start] + f"text: Actively experimenting with containers ({n})"
                    + text[text.index("\n", start):], "utf-8")


def template(p: Project, n: int) -> None:
    with (p.templates / "speaker.html").open("a", encoding="utf-8") as f:
        f.write(f"{{# edit {n} #}}<!-- speaker page, edit {n} -->\n")


def setting(p: Project, n: int) -> None:
    p.sitename = f"Incremental Meetups {n}"


def jinja_option(p: Project, n: int) -> None:
    p.jinja = {**p.jinja, "trim_blocks": not p.jinja["trim_blocks"]}  # compiled templates and cached markup change


def file_added(p: Project, n: int) -> None:
    (p.content / "pages" / f"added-{n}.md").write_text(f"---\ntitle: Added page {n}\n---\nA new page.\n", "utf-8")


def file_deleted(p: Project, n: int) -> None:
    added = sorted((p.content / "pages").glob("added-*.md"))
    (added[0] if added else p.content / "pages" / "results.md").unlink(missing_ok=True)


EDITS = [talk_body, talk_title, talk_moved, event_date, speaker_renamed, sponsor_removed, poll_figure, catalog,
         template, setting, jinja_option, file_added, file_deleted]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 99)), min_size=1, max_size=3))
def test_an_incremental_build_writes_what_a_clean_build_writes(tmp_path_factory, steps):
    project = Project(tmp_path_factory.mktemp("incremental"))
    project.incremental()
    for change, n in steps:
        change(project, n)
        incremental = project.incremental().output
        assert tree(incremental) == tree(project.clean()), f"after {change.__name__}({n})"


# -- what an edit renders -------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Project:
    built = Project(tmp_path)
    built.incremental()
    return built


def rendered(result) -> set[str]:
    return set(result.figures["rendered_paths"])


def test_a_jinja_option_edit_writes_what_a_clean_build_writes(project):
    # compiled templates and cached figure markup follow JINJA_ENVIRONMENT, not only the templates' source
    jinja_option(project, 1)
    assert tree(project.incremental().output) == tree(project.clean())


def test_a_second_build_of_the_same_inputs_renders_nothing(project):
    result = build(SETTINGS, project.folder / "out", project.settings(project.folder / "cache"), if_changed=False)
    assert rendered(result) == set()
    assert result.figures["files_written"] == 0
    assert made(result) == set()


def made(result) -> set[str]:
    """The files other than pages (calendars, schedules, cards, the feed) the build made anew."""
    return set(result.figures["made_paths"])


def test_a_talk_body_edit_renders_only_the_talk_page(project):
    talk_body(project, 1)  # no other page shows the writeup
    assert rendered(project.incremental()) == {"talks/first-talk/index.html"}


def test_a_talk_title_edit_renders_the_talk_its_event_its_speakers_and_the_indexes_listing_it(project):
    edit(project.content / "talks" / "first-talk.md", 'title: "The first talk"', 'title: "The first talk, renamed"')
    assert rendered(project.incremental()) == {
        "talks/first-talk/index.html", "events/small-1/index.html", "speakers/ada-speaker/index.html",
        "talks/index.html", "talks/tags/testing/index.html", "talks/tags/builds/index.html",
    }


def test_a_talk_body_edit_makes_only_its_events_schedules(project):
    talk_body(project, 1)  # the schedules carry the writeup as the abstract; no calendar or card shows it
    assert made(project.incremental()) == {"events/small-1/schedule.xml", "events/small-1/schedule.json"}


def test_a_talk_title_edit_makes_its_events_schedules_and_calendar_its_speakers_calendar_and_card(project):
    edit(project.content / "talks" / "first-talk.md", 'title: "The first talk"', 'title: "The first talk, renamed"')
    # the feed shows events and their cards, not talks: it stays
    assert made(project.incremental()) == {
        "events/small-1/schedule.xml", "events/small-1/schedule.json", "events/small-1/event.ics",
        "events/calendar.ics", "speakers/ada-speaker/talks.ics", "talks/first-talk/card.png",
    }


def test_an_event_title_edit_makes_its_card_anew_and_the_feed_carries_the_new_cards_size(project):
    edit(project.content / "events" / "small-1.md", 'title: "Small Meetup #1"',
         'title: "Small Meetup #1: a much longer title that the card has to wrap"')
    result = project.incremental()
    assert {"events/small-1/card.png", "feeds/events.atom.xml"} <= made(result)
    feed = ET.parse(project.folder / "out" / "feeds" / "events.atom.xml").getroot()
    sizes = {link.get("href").rsplit("/", 2)[-2]: int(link.get("length"))
             for link in feed.iter(f"{ATOM}link") if link.get("rel") == "enclosure"}
    assert sizes["small-1"] == (project.folder / "out" / "events" / "small-1" / "card.png").stat().st_size


def test_a_talk_moved_to_another_meetup_makes_both_meetups_files_and_its_speakers_calendar(project):
    talk_moved(project, 1)
    result = project.incremental()
    assert {"events/small-1/schedule.xml", "events/small-2/schedule.xml", "events/small-1/event.ics",
            "events/small-2/event.ics", "speakers/ada-speaker/talks.ics"} <= made(result)
    assert "speakers/bea-builder/talks.ics" not in made(result)
    assert tree(result.output) == tree(project.clean())


def test_a_kept_calendar_is_the_live_file_itself_not_a_copy(project):
    before = (project.folder / "out" / "events" / "small-2" / "event.ics").stat()
    talk_title(project, 1)
    after = (project.incremental().output / "events" / "small-2" / "event.ics").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def entries(output: Path) -> dict[str, os.stat_result]:
    """Each part of the search index by folder: its entry file's status (inode, mtime)."""
    return {p.parent.relative_to(output).as_posix(): p.stat() for p in output.glob("pagefind/**/pagefind-entry.json")}


def test_the_search_index_comes_in_parts_the_search_page_merges(project):
    output = project.folder / "out"
    listed = json.loads((output / "pagefind" / "parts.json").read_text("utf-8"))["parts"]
    assert len(listed) >= 2
    assert sorted(entries(output)) == sorted(["pagefind", *(f"pagefind/{part.rstrip('/')}" for part in listed)])


def test_a_merged_part_holds_only_its_index_not_pagefinds_scripts(project):
    part = project.folder / "out" / "pagefind" / json.loads(
        (project.folder / "out" / "pagefind" / "parts.json").read_text("utf-8"))["parts"][0]
    assert {p.name for p in part.iterdir()} <= {"pagefind-entry.json", "index", "fragment", "filter"} | {
        p.name for p in part.glob("*.pf_meta")}
    assert not list(part.glob("*.js")) and not list(part.glob("wasm.*"))


def test_the_search_index_of_the_same_pages_is_the_live_one_itself(project):
    before = entries(project.folder / "out")
    result = build(SETTINGS, project.folder / "out", project.settings(project.folder / "cache"), if_changed=False)
    after = entries(result.output)
    assert result.figures["search_parts_indexed"] == 0
    assert {k: (v.st_ino, v.st_mtime_ns) for k, v in after.items()} == {
        k: (v.st_ino, v.st_mtime_ns) for k, v in before.items()}


def test_a_talk_body_edit_indexes_again_only_the_part_holding_the_talk_page(project):
    before = entries(project.folder / "out")
    talk_body(project, 1)  # renders only the talk's page
    result = project.incremental()
    after = entries(result.output)
    assert result.figures["search_parts_indexed"] == 1
    changed = {k for k in after if after[k].st_ino != before[k].st_ino}
    assert len(changed) == 1 and len(after) == len(before) >= 2
    assert tree(result.output / "pagefind") == tree(project.clean() / "pagefind")


def test_a_poll_figure_edit_renders_its_meetups_page_and_the_page_showing_it_not_the_other_meetups(project):
    poll_figure(project, 1)  # small-2's figures; results.md shows one of them with a directive
    result = rendered(project.incremental())
    assert {"events/small-2/index.html", "results/index.html"} <= result
    assert "events/small-1/index.html" not in result


def test_a_template_edit_renders_exactly_the_pages_using_it(project):
    template(project, 1)
    assert rendered(project.incremental()) == {
        "speakers/ada-speaker/index.html", "speakers/bea-builder/index.html"}


def test_a_kept_page_is_the_live_file_itself_not_a_copy(project):
    before = (project.folder / "out" / "events" / "small-2" / "index.html").stat()
    talk_body(project, 1)
    after = (project.incremental().output / "events" / "small-2" / "index.html").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_an_edited_live_page_is_rendered_again(project):
    live = project.folder / "out" / "events" / "small-2" / "index.html"
    original = live.read_bytes()
    live.write_bytes(b"edited by hand")
    talk_body(project, 1)
    result = project.incremental()
    assert "events/small-2/index.html" in rendered(result)
    assert (result.output / "events" / "small-2" / "index.html").read_bytes() == original


def test_pages_that_show_what_is_upcoming_follow_the_clock(project):
    project.now = "2023-05-01T00:00:00+00:00"  # the second meetup is upcoming
    project.incremental()
    project.now = "2023-07-01T00:00:00+00:00"  # and now it is over
    after = project.incremental()
    assert "events/index.html" in rendered(after) and "index.html" in rendered(after)
    assert "talks/first-talk/index.html" not in rendered(after)
    assert tree(after.output) == tree(project.clean())
