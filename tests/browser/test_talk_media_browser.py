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


PDF_TALK = "talks/demo-docker-101/index.html"
VIEWER = "Show the PDF here"


def test_the_pdf_viewer_button_shows_where_it_works(visit):
    seen = visit(PDF_TALK)
    assert seen.page.get_by_role("button", name=VIEWER).is_visible()


def test_the_pdf_viewer_button_stays_hidden_with_javascript_off(visit):
    seen = visit(PDF_TALK, javascript=False)
    button = seen.page.locator(".slides-viewer button")
    # the button is in the page; a rule like button { display: inline-block } must not show it dead
    assert button.count() == 1
    assert not button.is_visible()
    assert seen.page.get_by_role("link", name="Download the slides").first.is_visible()


def test_the_pdf_viewer_button_stays_hidden_from_file_urls(browser, built_site):
    """embed.js refuses non-http addresses, so from file:// the button would do nothing."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((built_site / PDF_TALK).as_uri())
        page.wait_for_load_state("load")
        assert page.evaluate("location.protocol") == "file:"
        assert page.locator(".slides-viewer button").count() == 1
        assert not page.locator(".slides-viewer button").is_visible()
    finally:
        context.close()
