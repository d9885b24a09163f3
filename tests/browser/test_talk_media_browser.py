"""The real talk pages of the sample site: recordings load only on a click, decks page with the keyboard.

These drive the built sample site (not stand-in templates): the demo talk with a YouTube
recording and the Ceph and Docker talk with a Markdown deck.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

RECORDED = "talks/demo-recorded-talk/index.html"
DECK = "talks/ceph-and-docker/deck/index.html"


def hosts(urls: list[str]) -> set[str]:
    return {urlsplit(url).hostname for url in urls}


def test_a_recording_makes_no_third_party_request_before_the_click(visit):
    seen = visit(RECORDED, settle=True)
    assert hosts(seen.requests) == {"127.0.0.1"}
    assert seen.page.locator("iframe").count() == 0


def test_clicking_play_embeds_the_player_from_its_host(visit):
    seen = visit(RECORDED, settle=True)
    seen.page.get_by_role("button", name="Play the recording here").click()
    frame = seen.page.locator("iframe")
    frame.wait_for(state="attached")
    assert urlsplit(frame.get_attribute("src")).hostname == "www.youtube-nocookie.com"
    # the route in conftest blocks the request itself, but the page did ask for it after the click
    seen.page.wait_for_timeout(200)
    assert "www.youtube-nocookie.com" in hosts(seen.requests)


def test_a_recording_is_a_plain_link_with_javascript_off(visit):
    seen = visit(RECORDED, javascript=False)
    link = seen.page.get_by_role("link", name="Watch on YouTube")
    assert urlsplit(link.get_attribute("href")).hostname in {"www.youtube.com", "youtube.com"}


def test_the_deck_moves_with_arrow_keys_and_keeps_the_slide_in_the_url(visit):
    seen = visit(DECK)
    page = seen.page
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("location.hash === '#3'")
    page.keyboard.press("End")
    total = page.locator(".deck-slide").count()
    page.wait_for_function(f"location.hash === '#{total}'")
    page.keyboard.press("Home")
    page.wait_for_function("location.hash === '#1'")
    assert seen.console_errors == []


def test_the_deck_reads_as_one_long_page_with_javascript_off(visit):
    seen = visit(DECK, javascript=False)
    slides = seen.page.locator(".deck-slide")
    assert slides.count() > 1
    assert all(slides.nth(i).is_visible() for i in range(slides.count()))
    assert not seen.page.locator(".deck-notes").first.is_visible()
