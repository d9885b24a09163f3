"""Slides one tap away: the programme's badge and the talk page's first action lead to them.

On the sample site the Ceph talk has a Markdown deck (docker-brno-2) and the
demo Docker 101 talk a PDF (demo-city-3).
"""

from __future__ import annotations

import pytest
from builtsite import link_targets

CEPH = "talks/ceph-and-docker/index.html"
PDF_TALK = "talks/demo-docker-101/index.html"


def slides_badges(pages, event: str) -> dict[str, list[str]]:
    """{talk title: [where its slides badge leads]} for the talks of one programme."""
    found = {}
    for item in pages[event].select("ol.programme > li.talk"):
        badge = item.select_one("a.badge")
        if badge is not None and badge.get_text(strip=True) == "slides":
            found[item.select_one("a.title").get_text(strip=True)] = link_targets(event, [badge])
    return found


@pytest.mark.parametrize(("event", "title", "target"), [
    ("events/docker-brno-2/index.html", "Ceph and Docker: How to get persistent storage on the cloud",
     "talks/ceph-and-docker/deck/index.html"),
    ("events/demo-city-3/index.html", "Docker 101, again: images, containers and volumes",
     "talks/demo-docker-101/slides.pdf"),
])
def test_the_programmes_slides_badge_links_to_the_slides(sample_site, sample_pages, event, title, target):
    badges = slides_badges(sample_pages, event)
    assert badges[title] == [target]
    assert (sample_site / target).is_file()


def test_the_slides_badge_names_its_talk_for_screen_readers(sample_pages):
    item = sample_pages["events/docker-brno-2/index.html"].select_one("ol.programme a.badge[aria-label]")
    assert item["aria-label"] == "Slides of Ceph and Docker: How to get persistent storage on the cloud"


def test_a_talk_with_pdf_slides_opens_with_download_the_slides(sample_pages):
    header = sample_pages[PDF_TALK].select_one("article.talk > header")
    action = header.select_one(".talk-actions a.button")
    assert action.get_text(strip=True) == "Download the slides"
    assert link_targets(PDF_TALK, [action]) == ["talks/demo-docker-101/slides.pdf"]
    assert action.has_attr("download")
    # it is the page's first button-styled link, ahead of the writeup
    assert sample_pages[PDF_TALK].select("main a.button")[0] is action


def test_a_talk_with_a_deck_opens_with_open_the_slides(sample_pages):
    action = sample_pages[CEPH].select_one("article.talk > header .talk-actions a.button")
    assert action.get_text(strip=True) == "Open the slides"
    assert link_targets(CEPH, [action]) == ["talks/ceph-and-docker/deck/index.html"]


def test_a_talk_without_slides_has_no_slides_action(sample_pages):
    assert sample_pages["talks/nulecule/index.html"].select(".talk-actions") == []
