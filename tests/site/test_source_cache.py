"""Parsed content files are kept in the cache: a build after an edit parses only the edited file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from builtsite import ROOT, SETTINGS, page
from damage import aged
from meetup.reader import FrontMatterReader
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
def content(tmp_path: Path) -> Path:
    shutil.copytree(SITE, tmp_path / "site")
    return tmp_path / "site" / "content"


def run(content: Path, output: str = "out"):
    result = build(SETTINGS, content.parent.parent / output,
                   {"PATH": str(content), "CACHE_PATH": str(content.parent.parent / "cache"),
                    "MEETUP_NOW": "2026-11-28T00:00:00+00:00"}, if_changed=False)
    assert result.ok, (result.problems, result.errors)
    return result


def test_a_build_after_an_edit_parses_only_the_edited_file(content, parsed):
    run(content)
    parsed.clear()
    with (content / "talks" / "second-talk.md").open("a", encoding="utf-8") as f:
        f.write("\nA sentence added.\n")
    run(content)
    assert parsed == ["second-talk.md"]


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
