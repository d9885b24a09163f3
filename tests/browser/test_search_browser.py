"""Search in a real browser: the header form finds the Ceph talk on the served site, results say
what they are, real groups come before example data, nothing is requested from another host,
and from file:// the page says search cannot run there and links the talks and speakers indexes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from recap_build.build import build

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "data" / "site" / "hostile-text" / "content"
NOW = "2026-11-28T00:00:00+00:00"

PHONE = (390, 844)
DESKTOP = (1280, 900)
CEPH_TALK = "/talks/ceph-and-docker/index.html"
CEPH_TITLE = "Ceph and Docker: How to get persistent storage on the cloud"


def search_from_header(visit, query: str, viewport=DESKTOP, color_scheme="light"):
    """Type ``query`` into the header's search box of the talks index and press Enter."""
    seen = visit("talks/index.html", viewport=viewport, color_scheme=color_scheme)
    seen.page.fill("header.site-header input[name=q]", query)
    seen.page.press("header.site-header input[name=q]", "Enter")
    seen.page.wait_for_function("document.getElementById('search-status').textContent.includes('for')")
    return seen


def results(page) -> list[dict]:
    soup = BeautifulSoup(page.content(), "html.parser")
    return [{"title": li.h2.get_text(strip=True), "href": urlsplit(li.h2.a["href"]).path,
             "badges": [b.get_text(strip=True) for b in li.select(".badge")]}
            for li in soup.select("#search-results > li")]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_searching_ceph_from_the_header_finds_the_ceph_talk(visit, site_url, viewport, color_scheme):
    seen = search_from_header(visit, "Ceph", viewport, color_scheme)
    assert urlsplit(seen.page.url).path == "/search/index.html"
    assert urlsplit(seen.page.url).query == "q=Ceph"
    found = results(seen.page)
    assert found[0] == {"title": CEPH_TITLE, "href": CEPH_TALK, "badges": ["Talk"]}
    assert seen.page.inner_text("#search-status") == f"{len(found)} results for “Ceph”"
    overflow = seen.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert seen.console_errors == []
    assert seen.broken == []


def test_the_search_page_makes_no_request_outside_the_site(visit, site_url):
    seen = search_from_header(visit, "Ceph")
    seen.page.wait_for_load_state("networkidle")
    site = urlsplit(site_url).netloc
    assert seen.requests, "the page made no requests at all"
    assert [url for url in seen.requests if urlsplit(url).netloc != site] == []
    assert any(urlsplit(url).path.startswith("/pagefind/") for url in seen.requests)


def test_results_say_what_kind_of_thing_each_is(visit, site_url):
    found = results(search_from_header(visit, "Ceph").page)
    assert [r["badges"] for r in found] == [["Talk"], ["Speaker"], ["Event"]]
    assert [r["href"] for r in found] == [CEPH_TALK, "/speakers/matteo-ferraroni/index.html",
                                          "/events/docker-brno-2/index.html"]


def test_example_data_comes_after_every_result_of_the_real_groups(visit, site_url):
    found = results(search_from_header(visit, "containers").page)
    example = ["example data" in r["badges"] for r in found]
    assert True in example and False in example  # both kinds are found for this word
    assert example == sorted(example), [r["title"] for r in found]


def test_a_search_with_no_match_says_so(visit, site_url):
    seen = visit("search/index.html?q=zzyzxq")
    seen.page.wait_for_function("document.getElementById('search-status').textContent.includes('for')")
    assert seen.page.inner_text("#search-status") == "No results for “zzyzxq”."
    assert results(seen.page) == []


def test_from_file_urls_the_page_says_search_cannot_run_and_links_the_indexes(browser, built_site):
    context = browser.new_context()
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((built_site / "search" / "index.html").as_uri())
        notice = page.locator("#search-file-notice")
        assert notice.is_visible()
        assert "Search does not work on a site opened from files on disk" in notice.inner_text()
        links = [notice.locator("a").nth(i) for i in range(notice.locator("a").count())]
        assert [a.inner_text() for a in links] == ["all talks", "all speakers"]
        assert [a.evaluate("a => a.href") for a in links] == [
            (built_site / "talks" / "index.html").as_uri(), (built_site / "speakers" / "index.html").as_uri()]
        assert errors == []
    finally:
        context.close()


def test_without_javascript_the_header_search_is_a_link_to_the_search_page(visit, site_url):
    seen = visit("talks/index.html", javascript=False)
    seen.page.fill("header.site-header input[name=q]", "Ceph")
    seen.page.press("header.site-header input[name=q]", "Enter")
    seen.page.wait_for_url("**/search/index.html?q=Ceph")
    noscript = BeautifulSoup(seen.page.content(), "html.parser").find("noscript")
    assert noscript is not None and "Search needs JavaScript" in noscript.get_text()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` served on 127.0.0.1 while the block runs: its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, name=f"search-site-{folder.parent.name}", daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def hostile_site_url(tmp_path_factory) -> Iterator[str]:
    """A site whose titles, names and tags are HTML and script, built and served on 127.0.0.1."""
    scratch = tmp_path_factory.mktemp("hostile-search")
    result = build(ROOT / "pelicanconf.py", scratch / "output", {
        "PATH": str(HOSTILE), "MEETUP_NOW": NOW, "POLLS_PATH": str(scratch / "no-polls"),
        "CACHE_PATH": str(scratch / "cache")})
    assert result.ok, [str(p) for p in result.problems] + result.errors
    with served(scratch / "output") as url:
        yield url


@pytest.fixture(scope="module")
def parted_site_url(tmp_path_factory) -> Iterator[str]:
    """The sample site with its search index in parts of about five pages, served on 127.0.0.1."""
    scratch = tmp_path_factory.mktemp("parted-search")
    result = build(ROOT / "pelicanconf.py", scratch / "output", {
        "MEETUP_NOW": NOW, "MEETUP_SEARCH_PART_PAGES": 5, "CACHE_PATH": str(scratch / "cache")})
    assert result.ok, [str(p) for p in result.problems] + result.errors
    assert result.figures["search_parts"] > 2
    with served(scratch / "output") as url:
        yield url


def search_page(browser, site: str, query: str) -> tuple[list[dict], list[str]]:
    """The results of ``query`` on the search page of ``site``, and the paths the page requested."""
    context = browser.new_context()
    try:
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(urlsplit(request.url).path))
        page.goto(f"{site}search/index.html?q={query}")
        page.wait_for_function("document.getElementById('search-status').textContent.includes('for')")
        return results(page), requested
    finally:
        context.close()


@pytest.mark.parametrize("query", ["Ceph", "Brno", "kubernetes", "containers"])
def test_an_index_in_parts_finds_what_one_index_finds(browser, site_url, parted_site_url, query):
    whole, _ = search_page(browser, site_url, query)
    parted, requested = search_page(browser, parted_site_url, query)
    assert sorted(r["href"] for r in parted) == sorted(r["href"] for r in whole) != []
    merged = {path for path in requested if path.startswith("/pagefind/parts/") and path.endswith("entry.json")}
    assert len(merged) > 1  # results were searched in the merged parts, not the primary alone


def test_in_parts_the_best_match_comes_first_whichever_part_holds_it(browser, parted_site_url):
    found, _ = search_page(browser, parted_site_url, "Ceph")
    assert found[0] == {"title": CEPH_TITLE, "href": CEPH_TALK, "badges": ["Talk"]}


def test_titles_and_excerpts_from_the_data_are_shown_as_text_never_run(browser, hostile_site_url):
    context = browser.new_context()
    try:
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(hostile_site_url + "search/index.html?q=ownership")
        page.wait_for_function("document.getElementById('search-status').textContent.includes('for')")
        found = results(page)
        assert found[0]["title"] == "Ownership <script>alert('talk')</script>"
        assert found[0]["badges"] == ["Talk"]
        listed = page.locator("#search-results")
        assert listed.locator("script, svg, img, i, iframe").count() == 0
        assert listed.locator("[onmouseover], [onload], [onerror]").count() == 0
        assert dialogs == []
    finally:
        context.close()
