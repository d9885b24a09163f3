"""The search index in parts: which pages Pagefind indexes, how many parts they make, which part a page is
in, and what the search page is told to merge.  The pages are tests/data/search-parts (two marked for
indexing, a home page that only mentions the attribute in its text)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
from pathlib import Path

from kernel.listing import take
from meetup.page_scan import scan_pages
from meetup.search_parts import MAX_PARTS, indexed_pages, manifest, own_files, part_count, plan

PAGES = Path(__file__).resolve().parents[1] / "data" / "search-parts"


def indexed(site: Path) -> dict[str, str]:
    """What the build indexes of the finished site in ``site``: its pages scanned, then chosen."""
    return indexed_pages(scan_pages(site, take(site)), "pagefind")


def digests(count: int) -> dict[str, str]:
    return {f"talks/t{n}/index.html": hashlib.md5(str(n).encode()).hexdigest() for n in range(count)}


def test_only_pages_that_mark_what_to_index_are_indexed(tmp_path):
    assert sorted(indexed(PAGES)) == ["events/b/index.html", "talks/a/index.html"]


def test_when_no_page_marks_what_to_index_every_page_is_indexed(tmp_path):
    shutil.copy(PAGES / "index.html", tmp_path / "index.html")
    (tmp_path / "about").mkdir()
    shutil.copy(PAGES / "index.html", tmp_path / "about" / "index.html")
    assert sorted(indexed(tmp_path)) == ["about/index.html", "index.html"]


def test_the_index_folder_and_dot_folders_are_not_pages(tmp_path):
    shutil.copytree(PAGES, tmp_path / "site")
    for folder in ("pagefind", ".search-part-x"):
        shutil.copytree(PAGES / "talks", tmp_path / "site" / folder)
    assert sorted(indexed(tmp_path / "site")) == ["events/b/index.html", "talks/a/index.html"]


def test_a_page_is_digested_by_its_bytes():
    found = indexed(PAGES)
    assert found["talks/a/index.html"] == hashlib.blake2b(
        (PAGES / "talks" / "a" / "index.html").read_bytes(), digest_size=16).hexdigest()


def test_the_number_of_parts_follows_the_pages_up_to_a_limit():
    assert [part_count(n, 400) for n in (0, 1, 400, 401, 6300)] == [1, 1, 1, 2, 16]
    assert part_count(10**6, 400) == MAX_PARTS == 32


def test_every_page_is_in_exactly_one_part():
    pages = digests(50)
    parts = plan(pages, "pagefind", 10)
    assert sorted(rel for part in parts for rel in part.pages) == sorted(pages)


def test_a_changed_page_changes_the_key_of_its_own_part_only():
    pages = digests(50)
    before = {part.folder: part.key for part in plan(pages, "pagefind", 10)}
    edited = {**pages, "talks/t7/index.html": "edited"}
    after = {part.folder: part for part in plan(edited, "pagefind", 10)}
    changed = [folder for folder, part in after.items() if part.key != before[folder]]
    assert changed == [next(f for f, part in after.items() if "talks/t7/index.html" in part.pages)]


def test_the_first_part_with_pages_is_the_primary_in_the_bundle_folder():
    parts = plan(digests(50), "pagefind", 10)
    assert [part.primary for part in parts] == [True] + [False] * (len(parts) - 1)
    assert parts[0].folder == "pagefind"
    assert all(part.folder == f"pagefind/parts/{part.number}" for part in parts[1:])


def test_the_manifest_lists_every_part_but_the_primary_relative_to_the_bundle():
    parts = plan(digests(50), "pagefind", 10)
    assert json.loads(manifest(parts, "pagefind")) == {"parts": [f"parts/{p.number}/" for p in parts[1:]]}


def test_a_small_site_is_one_index_with_nothing_to_merge():
    parts = plan(digests(5), "pagefind", 400)
    assert [(part.folder, len(part.pages)) for part in parts] == [("pagefind", 5)]
    assert json.loads(manifest(parts, "pagefind")) == {"parts": []}


def test_no_page_makes_no_part():
    assert plan({}, "pagefind", 400) == []


def test_the_primarys_files_are_its_own_not_the_parts_inside_it():
    primary = plan(digests(50), "pagefind", 10)[0]
    assert own_files(primary, "pagefind.js") and own_files(primary, "index/en_1.pf_index")
    assert not own_files(primary, "parts/3/pagefind-entry.json") and not own_files(primary, "parts.json")


# -- the parts indexed by Pagefind -----------------------------------------------------------------------------

# page folders whose names Pagefind's glob syntax must escape (a comma, braces, brackets, a star), one with a
# backslash it cannot say at all, and a plain one
ODD_NAMES = ["plain", "a,b", "{x}", "[1]*?", "c:d$(e)<f>", "back\\slash", "český"]


def odd_site(root: Path, names: list[str] = ODD_NAMES) -> Path:
    """A site of one marked page per name, under talks/<name>/, each with a word of its own."""
    page = (PAGES / "talks" / "a" / "index.html").read_text(encoding="utf-8")
    for number, name in enumerate(names):
        (root / "talks" / name).mkdir(parents=True)
        (root / "talks" / name / "index.html").write_text(
            page.replace("</article>", f"<p>uniqueword{number}</p></article>"), encoding="utf-8")
    return root


def indexed_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def files(folder: Path) -> dict[Path, bytes]:
    return {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_each_part_indexes_exactly_its_own_pages_whatever_their_names(tmp_path):
    from meetup.search import index_parts

    site = odd_site(tmp_path / "site")
    parts = plan(indexed(site), "pagefind", 2)
    assert sum(len(part.pages) for part in parts) == len(ODD_NAMES) and len(parts) > 1
    index_parts(site, parts)
    assert [indexed_count(site / part.folder) for part in parts] == [len(part.pages) for part in parts]


def test_a_part_picked_out_of_the_site_is_the_index_of_a_folder_of_just_its_pages(tmp_path):
    # Pagefind run over the whole site with a glob naming the part's pages, against Pagefind over a copy of them
    from meetup.search import _run, index_parts, pagefind_command

    site = odd_site(tmp_path / "site", [name for name in ODD_NAMES if "\\" not in name])
    [part] = plan(indexed(site), "pagefind", 400)
    index_parts(site, [part])
    alone = tmp_path / "alone"
    for rel in part.pages:
        (alone / rel).parent.mkdir(parents=True)
        shutil.copy(site / rel, alone / rel)
    _run(pagefind_command(alone, tmp_path / "bundle"))
    assert files(site / part.folder) == files(tmp_path / "bundle")


def test_a_part_whose_page_list_is_longer_than_a_command_line_allows_is_indexed_whole(tmp_path):
    # 700 pages of 200-character names: a glob of about 150 KB, beyond Linux's 128 KiB for one argument
    names = [f"{number:03d}-" + "x" * 196 for number in range(700)]
    site = odd_site(tmp_path / "site", names)
    [whole] = plan(indexed(site), "pagefind", 1000)
    part = dataclasses.replace(whole, pages=whole.pages[1:])  # one page of the site left out, so the list counts
    from meetup.search import index_parts

    index_parts(site, [part])
    assert indexed_count(site / part.folder) == len(names) - 1


def test_a_pagefind_config_in_the_folder_the_build_runs_from_does_not_change_the_index(tmp_path, monkeypatch):
    from meetup.search import index_parts

    site = odd_site(tmp_path / "site", ["one", "two", "three"])
    [part] = plan(indexed(site), "pagefind", 400)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pagefind.yml").write_text('glob: "talks/one/*.html"\nexclude_selectors: ["p"]\n', encoding="utf-8")
    index_parts(site, [part])
    assert indexed_count(site / part.folder) == 3
