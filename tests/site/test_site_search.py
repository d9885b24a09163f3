"""Search: the build writes a Pagefind index of events, talks, speakers and pages, and a search page.

What Pagefind indexes is marked in the pages (data-pagefind-body, a ``kind`` meta and filter);
example data is marked too, so the search page can list it after the real groups.  The search
page says plainly that it cannot work from file:// and links the talks and speakers indexes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from builtsite import ROOT, html_pages, item_pages, link_targets, page, talk_pages
from kernel.problems import Problem

SEARCH = "search/index.html"
PAGES = ["about/index.html", "polls-explained/index.html"]


def indexed(soup):
    return soup.find_all(attrs={"data-pagefind-body": True})


def entry(output: Path) -> dict:
    return json.loads((output / "pagefind" / "pagefind-entry.json").read_text("utf-8"))


def test_the_build_writes_a_search_index_of_every_indexed_page(sample_site, sample_pages):
    marked = [rel for rel, soup in sample_pages.items() if indexed(soup)]
    assert entry(sample_site)["languages"]["en"]["page_count"] == len(marked)
    assert (sample_site / "pagefind" / "pagefind.js").is_file()


def test_events_talks_and_speakers_are_indexed_with_their_kind(sample_pages):
    kinds = {"event": item_pages(sample_pages, "events"), "talk": talk_pages(sample_pages),
             "speaker": item_pages(sample_pages, "speakers")}
    for kind, pages in kinds.items():
        assert pages, kind
        for rel in pages:
            bodies = indexed(sample_pages[rel])
            assert len(bodies) == 1, rel
            assert bodies[0]["data-pagefind-meta"] == f"kind:{kind}", rel


def test_pages_are_indexed_as_pages(sample_pages):
    for rel in PAGES:
        (body,) = indexed(sample_pages[rel])
        assert body["data-pagefind-meta"] == "kind:page"


def test_indexes_lists_and_the_search_page_are_not_indexed(sample_pages):
    for rel in ["index.html", "events/index.html", "talks/index.html", "speakers/index.html",
                "sponsors/index.html", "polls/index.html", SEARCH]:
        assert indexed(sample_pages[rel]) == [], rel


def test_a_talk_is_indexed_with_its_speakers_tags_and_abstract(sample_pages):
    (body,) = indexed(sample_pages["talks/ceph-and-docker/index.html"])
    assert body.h1.get_text(strip=True) == "Ceph and Docker: How to get persistent storage on the cloud"
    assert [a.get_text(strip=True) for a in body.select(".byline a.speaker")] == ["Matteo Ferraroni"]
    assert body.select(".tags li")
    assert body.select_one("section.prose").get_text(strip=True)


def test_example_data_is_marked_and_weighs_less_than_the_real_groups(sample_pages):
    demo_talk = indexed(sample_pages["talks/kubernetes-in-twenty-minutes/index.html"])[0]
    assert demo_talk["data-pagefind-weight"] == "0.2"
    notice = demo_talk.find(class_="demo-notice")
    assert notice["data-pagefind-meta"] == "example:fictional group"
    assert notice.has_attr("data-pagefind-ignore")  # the notice marks the page; its words are not indexed
    real_talk = indexed(sample_pages["talks/ceph-and-docker/index.html"])[0]
    assert not real_talk.has_attr("data-pagefind-weight")
    assert real_talk.find(attrs={"data-pagefind-meta": "example:fictional group"}) is None


def test_a_speaker_known_only_from_example_data_is_marked_as_example_data(sample_pages):
    (body,) = indexed(sample_pages["speakers/sam-sample/index.html"])
    assert body["data-pagefind-weight"] == "0.2"
    assert body.find(attrs={"data-pagefind-meta": "example:fictional group"}) is not None
    assert not indexed(sample_pages["speakers/matteo-ferraroni/index.html"])[0].has_attr("data-pagefind-weight")


def test_every_page_has_a_search_form_that_sends_the_query_to_the_search_page(sample_pages):
    assert "index.html" in html_pages_with_header(sample_pages)
    for rel in html_pages_with_header(sample_pages):
        form = sample_pages[rel].select_one("header.site-header form[role=search]")
        assert form is not None, rel
        assert form["method"] == "get"
        assert link_targets(rel, [form["action"]]) == [SEARCH], rel
        field = form.find("input", attrs={"name": "q"})
        assert field["type"] == "search"
        assert form.find("label", attrs={"for": field["id"]}).get_text(strip=True) == "Search"


def html_pages_with_header(pages):
    return [rel for rel, soup in pages.items() if soup.select_one("header.site-header")]


def test_the_search_page_says_search_cannot_run_from_file_urls_and_links_the_indexes(sample_pages):
    soup = sample_pages[SEARCH]
    notice = soup.find(id="search-file-notice")
    assert notice.has_attr("hidden")  # search.js shows it when location.protocol is file:
    assert "does not work on a site opened from files on disk" in notice.get_text(" ", strip=True)
    assert link_targets(SEARCH, notice.find_all("a")) == ["talks/index.html", "speakers/index.html"]
    script = (ROOT / "theme" / "static" / "js" / "search.js").read_text("utf-8")
    assert 'location.protocol === "file:"' in script


def test_the_search_page_loads_scripts_from_the_site_only(sample_site, sample_pages):
    soup = sample_pages[SEARCH]
    sources = [s["src"] for s in soup.find_all("script", src=True)]
    assert link_targets(SEARCH, sources) == ["theme/js/search.js"]
    assert link_targets(SEARCH, [soup.find(id="search")["data-bundle"]]) == ["pagefind/index.html"]
    assert (sample_site / "pagefind" / "pagefind.js").is_file()


def test_each_page_language_gets_its_own_index(build_site, scenario, tmp_path):
    result = build_site(scenario("page-languages"))
    assert result.ok, [str(p) for p in result.problems] + result.errors
    output = tmp_path / "output"
    langs = {rel: page(output, rel).html["lang"] for rel in html_pages(output)}
    assert [rel for rel, lang in langs.items() if lang == "cs"] == ["pages/o-skupine-cs.html"]
    languages = entry(output)["languages"]
    assert sorted(languages) == ["cs", "en"]
    assert languages["cs"]["page_count"] == 1


def test_without_pagefind_the_build_fails_with_one_line_and_keeps_the_site(build_site, scenario, tmp_path,
                                                                           monkeypatch):
    output = tmp_path / "output"
    assert build_site(scenario("single-group")).ok
    before = sorted(html_pages(output))
    monkeypatch.setitem(sys.modules, "pagefind_bin", None)  # as if it were not installed
    result = build_site(scenario("single-group"), MEETUP_NOW="2026-11-29T00:00:00+00:00")
    assert not result.ok
    line = next(n for n, text in enumerate((ROOT / "requirements.txt").read_text("utf-8").splitlines(), 1)
                if text.startswith("pagefind"))
    assert result.problems == [Problem("requirements.txt", line, 1,
                                       "pagefind is not installed; the build needs it for the search index "
                                       "(pip install -r requirements.txt)")]
    assert result.errors == []
    assert sorted(html_pages(output)) == before
    assert (output / "pagefind" / "pagefind-entry.json").is_file()
