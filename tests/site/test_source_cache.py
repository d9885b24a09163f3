"""Parsed content files are kept in the cache: a build after an edit parses only the edited file.

So are the Markdown values of a front matter (an inline talk's abstract): a build whose
event files are unchanged renders none of them, and their problems are still reported.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from builtsite import ROOT, SETTINGS, page
from damage import aged
from kernel.cache import Cache
from meetup import reader as meetup_reader
from meetup.load import urls as load_urls
from meetup.reader import FrontMatterReader
from meetup.source_cache import Shelf
from recap_build.build import build

SITE = ROOT / "tests" / "data" / "incremental"


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The files the front matter reader parses (rather than finds in the cache), by name."""
    names: list[str] = []
    parse = FrontMatterReader._parse

    def counting(self, source_path, data):
        names.append(Path(source_path).name)
        return parse(self, source_path, data)

    monkeypatch.setattr(FrontMatterReader, "_parse", counting)
    return names


@pytest.fixture
def rendered_values(monkeypatch) -> list[str]:
    """The front matter Markdown values the site's loader renders (rather than finds in the cache)."""
    texts: list[str] = []
    render_body = load_urls.render_body

    def counting(render, data, body, *args):
        texts.append(body)
        return render_body(render, data, body, *args)

    monkeypatch.setattr(load_urls, "render_body", counting)
    return texts


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(SITE, tmp_path / "site")
    return tmp_path / "site" / "content"


def attempt(content: Path, output: str = "out"):
    return build(SETTINGS, content.parent.parent / output,
                 {"PATH": str(content), "CACHE_PATH": str(content.parent.parent / "cache"),
                  "MEETUP_NOW": "2026-11-28T00:00:00+00:00"}, if_changed=False)


def run(content: Path, output: str = "out"):
    result = attempt(content, output)
    assert result.ok, (result.problems, result.errors)
    return result


INLINE_ABSTRACT = "A talk listed inside its event's file."  # tests/data/incremental/content/events/small-1.md


def edit_inline_abstract(content: Path, abstract: str) -> None:
    event = content / "events" / "small-1.md"
    text = event.read_text(encoding="utf-8")
    assert f"abstract: {INLINE_ABSTRACT}\n" in text
    event.write_text(text.replace(f"abstract: {INLINE_ABSTRACT}\n", f"abstract: {abstract}\n"), encoding="utf-8")


def inline_writeup(result) -> str:
    return page(result.output, "talks/inline-talk/index.html").select_one("section.prose").decode_contents()


def test_a_build_after_an_edit_parses_only_the_edited_file(content, parsed):
    run(content)
    parsed.clear()
    with (content / "talks" / "second-talk.md").open("a", encoding="utf-8") as f:
        f.write("\nA sentence added.\n")
    run(content)
    assert parsed == ["second-talk.md"]


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_cold_build_parses_the_content_files_side_by_side(content, parsed, monkeypatch):
    # six files in the meetup folders; a parse-ahead from two files on, over two processes
    monkeypatch.setattr(meetup_reader, "PARSE_AHEAD_MIN", 2)
    monkeypatch.setattr(meetup_reader, "worker_count", lambda workers=None: 2)
    side_by_side = run(content, "side-by-side")
    # the other process parsed its share: this one parsed (and read from the cache) the rest
    assert 0 < len([name for name in parsed if name != "results.md"]) < 6
    monkeypatch.setattr(meetup_reader, "PARSE_AHEAD_MIN", 10_000)
    shutil.rmtree(content.parent.parent / "cache")
    one_by_one = run(content, "one-by-one")
    assert files_under(side_by_side.output) == files_under(one_by_one.output)


def test_a_file_with_problems_parsed_ahead_is_still_reported(content, monkeypatch):
    monkeypatch.setattr(meetup_reader, "PARSE_AHEAD_MIN", 2)
    monkeypatch.setattr(meetup_reader, "worker_count", lambda workers=None: 2)
    talk = content / "talks" / "first-talk.md"
    talk.write_text(talk.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    result = attempt(content)
    assert not result.ok
    assert [p.file for p in result.problems] == ["content/talks/first-talk.md"]


def test_a_damaged_entry_is_parsed_again(content, parsed):
    run(content)
    for entry in (content.parent.parent / "cache" / "sources").glob("*.pickle"):
        entry.write_bytes(b"damaged")
    parsed.clear()
    result = run(content, "again")
    assert "first-talk.md" in parsed
    title = page(result.output, "talks/first-talk/index.html").find("h1").get_text(strip=True)
    assert title == "The first talk"


def test_parsed_files_no_build_uses_are_pruned_once_old(content):
    sources = content.parent.parent / "cache" / "sources"
    stale = sources / "0123456789abcdef0123456789abcdef.pickle"
    sources.mkdir(parents=True)
    stale.write_bytes(b"parsed by a build long ago")
    run(content)
    kept = {path.name for path in sources.iterdir()}
    for path in sources.iterdir():
        aged(path, 40)
    run(content, "again")
    assert stale.name not in {path.name for path in sources.iterdir()}
    assert {path.name for path in sources.iterdir()} == kept - {stale.name}


# -- the Markdown values of a front matter --------------------------------------------


def test_an_unchanged_event_files_inline_talks_are_not_rendered_again(content, rendered_values):
    first = run(content)
    assert rendered_values == [INLINE_ABSTRACT]
    rendered_values.clear()
    again = run(content, "again")
    assert rendered_values == []
    assert inline_writeup(again) == inline_writeup(first) == f"<p>{INLINE_ABSTRACT}</p>"


def test_an_edited_inline_abstract_is_rendered_anew(content, rendered_values):
    run(content)
    rendered_values.clear()
    edit_inline_abstract(content, "A *new* abstract.")
    result = run(content, "again")
    assert rendered_values == ["A *new* abstract."]
    assert inline_writeup(result) == "<p>A <em>new</em> abstract.</p>"


def test_a_broken_link_in_an_inline_abstract_is_reported_on_every_build(content):
    edit_inline_abstract(content, '"See [the slides](javascript:alert(1))."')
    first, second = attempt(content), attempt(content, "again")
    assert not first.ok and not second.ok
    # the abstract's own line (20) and where its value starts (17), on both builds
    assert [(p.file, p.line, p.column) for p in second.problems] == [("content/events/small-1.md", 20, 17)]
    assert second.problems == first.problems


def test_a_poll_chart_directive_in_an_inline_abstract_is_reported_on_every_build(content):
    # the renderer records the directive; a kept abstract must still say it had one
    edit_inline_abstract(content, '"[[poll small-1 experimenting]]"')
    first, second = attempt(content), attempt(content, "again")
    assert [str(p) for p in second.problems] == [
        "content/events/small-1.md:20:17: poll chart directive: a front matter value cannot show a chart"]
    assert second.problems == first.problems


def test_a_broken_link_kept_from_before_is_reported_where_its_abstract_moved(content):
    edit_inline_abstract(content, '"See [the slides](javascript:alert(1))."')
    attempt(content)
    event = content / "events" / "small-1.md"
    event.write_text(event.read_text(encoding="utf-8").replace("attendance: 40\n", "attendance: 40\n\n\n"),
                     encoding="utf-8")
    moved = attempt(content, "again")
    assert [(p.file, p.line, p.column) for p in moved.problems] == [("content/events/small-1.md", 22, 17)]


def test_an_abstract_kept_from_before_the_file_was_marked_imported_is_cleaned(content, rendered_values):
    edit_inline_abstract(content, '"Hello <u onclick=\'alert(1)\'>there</u>."')
    assert inline_writeup(run(content)) == "<p>Hello <u onclick=\"alert(1)\">there</u>.</p>"
    event = content / "events" / "small-1.md"
    # appended after the programme: the abstract's text and place stay as they were
    marked = "\nimported:\n  source: https://pretalx.example/api/\n  sha256: " + "0" * 64 + "\n---\n"
    event.write_text(event.read_text(encoding="utf-8").replace("\n---\n", marked, 1), encoding="utf-8")
    rendered_values.clear()
    result = run(content, "again")
    assert rendered_values == ["Hello <u onclick='alert(1)'>there</u>."]
    assert inline_writeup(result) == "<p>Hello there.</p>"


def test_the_shelf_of_front_matter_values_keeps_only_what_the_last_build_used(tmp_path):
    cache = Cache(tmp_path)
    first = Shelf(cache, "settings", "values")
    assert [first(("old",), lambda: "<p>old</p>"), first(("kept",), lambda: "<p>kept</p>")] == ["<p>old</p>",
                                                                                                 "<p>kept</p>"]
    first.close()
    second = Shelf(cache, "settings", "values")
    assert second(("kept",), lambda: pytest.fail("a kept value was made again")) == "<p>kept</p>"
    second.close()
    made = []
    third = Shelf(cache, "settings", "values")
    assert third(("old",), lambda: made.append("old") or "<p>old again</p>") == "<p>old again</p>"
    assert made == ["old"]  # the second build did not use it: it left the shelf


def test_a_shelf_of_other_settings_holds_none_of_these_values(tmp_path):
    cache = Cache(tmp_path)
    shelf = Shelf(cache, "settings", "values")
    shelf(("text",), lambda: "<p>text</p>")
    shelf.close()
    other = Shelf(Cache(tmp_path), "other settings", "values")
    assert other(("text",), lambda: "<p>made anew</p>") == "<p>made anew</p>"
