"""The finished site's pages read once each: their digest, whether they mark what to index, whether they ask
not to be indexed; a page that is the same file as one scanned before is not read again.  The pages are
tests/data/search-parts."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from kernel.listing import identity, take
from meetup import sitemap
from meetup.page_scan import Scan, scan, scan_pages

PAGES = Path(__file__).resolve().parents[1] / "data" / "search-parts"


def test_every_html_page_of_the_listing_is_scanned_and_nothing_else(tmp_path):
    shutil.copytree(PAGES, tmp_path / "site")
    (tmp_path / "site" / "style.css").write_text("p {}")
    assert sorted(scan_pages(tmp_path / "site", take(tmp_path / "site"))) == [
        "events/b/index.html", "index.html", "talks/a/index.html"]


def test_a_scan_holds_the_digest_of_the_bytes_and_the_pagefind_body_mark():
    found = scan_pages(PAGES, take(PAGES))
    talk = (PAGES / "talks" / "a" / "index.html").read_bytes()
    assert found["talks/a/index.html"] == Scan(hashlib.blake2b(talk, digest_size=16).hexdigest(), True, False)
    # the home page names the attribute in its text only
    assert found["index.html"].marks_body is False


def test_a_robots_noindex_meta_in_the_head_is_found_however_long_the_head():
    styles = "<style>" + "p { color: black; }\n" * 2000 + "</style>"
    page = f"<html><head>{styles}<meta name=\"robots\" content=\"noindex\"></head><body></body></html>"
    assert scan(page.encode()).noindex is True


def test_a_robots_meta_in_the_body_is_not_the_pages_own():
    page = b"<html><head></head><body><meta name=robots content=noindex></body></html>"
    assert scan(page).noindex is False


def test_the_sitemap_offers_every_page_but_the_themes_and_those_asking_not_to_be_indexed():
    listed = scan(b"<html><head></head><body></body></html>")
    hidden = scan(b"<html><head><meta name='robots' content='noindex, nofollow'></head></html>")
    pages = {"index.html": listed, "events/demo/index.html": hidden, "theme/base.html": listed,
             "talks/a/index.html": listed}
    assert sitemap.listed(pages) == ["index.html", "talks/a/index.html"]


def test_a_page_that_is_the_same_file_as_one_scanned_before_is_not_read_again():
    seen: dict = {}
    first = scan_pages(PAGES, take(PAGES), seen=seen)
    key = identity((PAGES / "talks" / "a" / "index.html").lstat())
    assert seen[key] == first["talks/a/index.html"]
    remembered = Scan("remembered", True, False)  # as a kept page's scan comes from the last build
    assert scan_pages(PAGES, take(PAGES), {**seen, key: remembered})["talks/a/index.html"] == remembered


def test_a_page_written_anew_is_read_whatever_was_scanned_before(tmp_path):
    shutil.copytree(PAGES, tmp_path / "site")
    seen: dict = {}
    scan_pages(tmp_path / "site", take(tmp_path / "site"), seen=seen)
    page = tmp_path / "site" / "talks" / "a" / "index.html"
    page.unlink()
    page.write_bytes((PAGES / "talks" / "a" / "index.html").read_bytes().replace(b"builds", b"tests."))
    again = scan_pages(tmp_path / "site", take(tmp_path / "site"), seen)
    assert again["talks/a/index.html"].digest == hashlib.blake2b(page.read_bytes(), digest_size=16).hexdigest()
