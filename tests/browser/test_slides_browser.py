"""Slides in a real browser: deck keyboard navigation and click-to-load embeds.

A small site is built in a temporary folder (deck.html and the talk partials
rendered through a Jinja environment with a stand-in base.html, plus the
theme's static files) and served from 127.0.0.1. Every request the page makes
is intercepted: local ones go through, anything else is answered with a stub
and recorded, so the tests can say exactly when a third party was contacted.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader
from meetup.slides import prepare_slides, write_media

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
STAND_IN_BASE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{% block title %}{% endblock %}</title>{% block head %}{% endblock %}</head>
<body><main>{% block content %}{% endblock %}</main>{% block scripts %}{% endblock %}</body></html>"""
TALK_PAGE = """{% extends "base.html" %}
{% block head %}<link rel="stylesheet" href="{{ SITEURL }}/theme/css/slides.css">{% endblock %}
{% block content %}<h1>{{ talk.title }}</h1>
{% include "partials/slides.html" %}{% include "partials/recording.html" %}{% endblock %}
{% block scripts %}<script src="{{ SITEURL }}/theme/js/embed.js" defer></script>{% endblock %}"""
YOUTUBE = "https://youtu.be/dQw4w9WgXcQ"
BUILT_DECK = "talks/ceph-and-docker/deck/index.html"  # the sample deck in the full site build
SPEAKERDECK = "https://speakerdeck.com/player/aaaa9966971e4118b69b6717ed0f4034"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """deck/index.html (the sample Ceph deck) and talk/index.html (PDF + hosted embeds)."""
    root = tmp_path_factory.mktemp("site")
    cache = tmp_path_factory.mktemp("cache")
    content = ROOT / "content"
    env = Environment(
        loader=ChoiceLoader(
            [
                DictLoader({"base.html": STAND_IN_BASE, "talk_page.html": TALK_PAGE}),
                FileSystemLoader(ROOT / "theme" / "templates"),
            ]
        ),
        autoescape=True,
    )
    shutil.copytree(ROOT / "theme" / "static", root / "theme")
    common = {"SITEURL": "", "SITENAME": "Docker Brno", "THEME_STATIC_DIR": "theme"}

    deck_media = prepare_slides(
        "ceph", "Ceph and Docker", "slides/ceph-and-docker.md", None, content, cache, {}
    )
    talk = SimpleNamespace(title="Ceph and Docker", url="talk/index.html")
    (root / "deck").mkdir()
    (root / "deck" / "index.html").write_text(
        env.get_template("deck.html").render(deck=deck_media.deck, talk=talk, **common),
        encoding="utf-8",
    )

    talk_media = prepare_slides(
        "docker-101", "Docker 101", "slides/docker-101.pdf", YOUTUBE, content, cache, {}
    )
    write_media(talk_media, content, root, cache)
    hosted = prepare_slides("docker-101", "Docker 101", SPEAKERDECK, None, content, cache, {})
    (root / "talk").mkdir()
    page = env.get_template("talk_page.html")
    (root / "talk" / "index.html").write_text(
        page.render(media=talk_media, talk=talk, **common), encoding="utf-8"
    )
    (root / "hosted").mkdir()
    (root / "hosted" / "index.html").write_text(
        page.render(media=hosted, talk=talk, **common), encoding="utf-8"
    )
    return root


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def page(browser):  # `browser`: the shared headless Chromium of tests/browser/conftest.py
    context = browser.new_context()
    page = context.new_page()
    page.foreign_requests = []  # every http(s) request that would have left 127.0.0.1

    def route(route):
        url = route.request.url
        # chrome:// and data: requests (e.g. the built-in PDF viewer's own files) never
        # leave the machine; only http(s) to another host would reach a third party.
        parts = urlsplit(url)
        if parts.hostname == "127.0.0.1" or parts.scheme not in ("http", "https"):
            route.continue_()
        else:
            page.foreign_requests.append(url)
            route.fulfill(status=200, content_type="text/html", body="<p>stub player</p>")

    context.route("**/*", route)
    yield page
    context.close()


def current_slide(page) -> int:
    visible = [
        int(slide.get_attribute("id"))
        for slide in page.locator(".deck-slide").all()
        if slide.is_visible()
    ]
    assert len(visible) == 1, f"expected one visible slide, saw {visible}"
    return visible[0]


def fragment(page) -> str:
    return urlsplit(page.url).fragment


def test_the_deck_shows_one_slide_and_leaves_the_url_alone_on_load(page, base_url):
    page.goto(f"{base_url}/deck/index.html")

    assert "deck-js" in page.locator("html").get_attribute("class")
    assert current_slide(page) == 1
    # a fragment written on load would start keyboard focus at slide 1, past the skip link
    assert fragment(page) == ""
    assert page.locator("[data-deck-current]").text_content() == "1"


def test_moving_to_another_slide_writes_its_number_in_the_url(page, base_url):
    page.goto(f"{base_url}/deck/index.html")
    history = page.evaluate("history.length")

    page.keyboard.press("ArrowRight")

    assert (current_slide(page), fragment(page)) == (2, "2")
    assert page.evaluate("history.length") == history  # replaced, not a new Back step


@pytest.mark.parametrize(("address", "shown"), [("", 1), ("#4", 4)])
def test_before_the_script_runs_only_the_first_or_linked_slide_shows(browser, base_url, address, shown):
    """The layout the script will make is already there: nothing moves when it starts."""
    context = browser.new_context()
    try:
        context.route("**/deck.js", lambda route: route.abort())  # the script never arrives
        page = context.new_page()
        page.goto(f"{base_url}/deck/index.html{address}")
        assert "deck-js" not in (page.locator("html").get_attribute("class") or "")
        assert current_slide(page) == shown
        assert page.locator(".deck-help").is_visible()
    finally:
        context.close()


def test_the_deck_does_not_shift_when_its_script_starts(page, base_url):
    page.add_init_script(
        """window.__shifts = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries()) window.__shifts += e.value; })
          .observe({type: "layout-shift", buffered: true});"""
    )
    page.goto(f"{base_url}/deck/index.html")
    page.wait_for_load_state("networkidle")

    assert page.evaluate("window.__shifts") == 0


def test_slide_titles_are_larger_than_the_slide_text(page, base_url):
    page.goto(f"{base_url}/deck/index.html#2")
    size = "(el) => parseFloat(getComputedStyle(el).fontSize)"

    title = page.locator(".deck-slide.is-current :is(h2, h3)").first.evaluate(size)  # "## The problem"
    text = page.locator(".deck-slide.is-current li").first.evaluate(size)

    assert title >= text * 1.4, (title, text)


def test_on_the_built_site_the_first_tab_reaches_the_skip_link(visit):
    loaded = visit(BUILT_DECK)

    loaded.page.keyboard.press("Tab")

    focused = loaded.page.evaluate("() => [document.activeElement.className, document.activeElement.hash]")
    assert focused == ["skip-link", "#main"]
    assert fragment(loaded.page) == ""


def test_arrow_keys_space_and_page_keys_move_through_the_deck(page, base_url):
    page.goto(f"{base_url}/deck/index.html")
    steps = [
        ("ArrowRight", 2),
        ("Space", 3),
        ("ArrowDown", 4),
        ("PageDown", 5),
        ("ArrowLeft", 4),
        ("PageUp", 3),
        ("ArrowUp", 2),
        ("Shift+Space", 1),
    ]
    seen = []
    for key, _ in steps:
        page.keyboard.press(key)
        seen.append((key, current_slide(page)))
        assert fragment(page) == str(seen[-1][1])

    assert seen == steps


def test_home_and_end_jump_to_the_first_and_last_slide(page, base_url):
    page.goto(f"{base_url}/deck/index.html")
    total = page.locator(".deck-slide").count()

    page.keyboard.press("End")
    at_end = current_slide(page)
    page.keyboard.press("ArrowRight")  # there is nothing after the last slide
    still_at_end = current_slide(page)
    page.keyboard.press("Home")

    assert (at_end, still_at_end, current_slide(page)) == (total, total, 1)
    assert fragment(page) == "1"


def test_a_slide_number_in_the_url_opens_that_slide(page, base_url):
    page.goto(f"{base_url}/deck/index.html#3")

    assert current_slide(page) == 3
    page.evaluate("window.location.hash = '#5'")
    page.wait_for_function("document.getElementById('5').classList.contains('is-current')")
    assert current_slide(page) == 5


def test_n_toggles_the_speaker_notes(page, base_url):
    page.goto(f"{base_url}/deck/index.html")
    notes = page.locator(".deck-slide.is-current .deck-notes")

    hidden_before = notes.is_visible()
    page.keyboard.press("n")

    assert (hidden_before, notes.is_visible()) == (False, True)


def test_without_javascript_the_deck_is_one_long_page(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/deck/index.html")
        slides = page.locator(".deck-slide")
        assert slides.count() == 6
        assert all(slide.is_visible() for slide in slides.all())
        assert not page.locator(".deck-notes").first.is_visible()
        assert not page.locator(".deck-controls").is_visible()
        assert not page.locator(".deck-help").is_visible()  # it names keys that do nothing here
    finally:
        context.close()


def test_print_puts_every_slide_on_its_own_page(page, base_url):
    page.goto(f"{base_url}/deck/index.html#2")
    page.emulate_media(media="print")

    slides = page.locator(".deck-slide")
    breaks = slides.evaluate_all("els => els.map(e => getComputedStyle(e).breakAfter)")

    assert all(slide.is_visible() for slide in slides.all())
    assert breaks[:-1] == ["page"] * (len(breaks) - 1)


def test_the_video_loads_only_after_the_click(page, base_url):
    page.goto(f"{base_url}/talk/index.html")
    page.wait_for_load_state("load")

    assert page.locator("iframe").count() == 0
    assert page.foreign_requests == []
    button = page.get_by_role("button", name="Play the recording here")
    button.click()

    frame = page.locator(".talk-recording iframe")
    assert frame.get_attribute("src") == (
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    )
    page.wait_for_function("document.querySelector('.talk-recording iframe').contentDocument === null")
    assert [urlsplit(u).hostname for u in page.foreign_requests] == ["www.youtube-nocookie.com"]


def test_hosted_slides_load_only_after_the_click(page, base_url):
    page.goto(f"{base_url}/hosted/index.html")
    page.wait_for_load_state("load")

    assert page.foreign_requests == []
    page.get_by_role("button", name="Show the slides here").click()

    assert page.locator(".talk-slides iframe").get_attribute("src") == SPEAKERDECK


def test_the_pdf_strip_and_viewer_stay_on_this_site(page, base_url):
    page.goto(f"{base_url}/talk/index.html")
    page.locator(".slides-strip img").last.scroll_into_view_if_needed()
    page.get_by_role("button", name="Show the PDF here").click()
    page.wait_for_function(
        "[...document.querySelectorAll('.slides-strip img')].every(i => i.complete)"
    )

    assert page.locator(".slides-viewer object").get_attribute("type") == "application/pdf"
    widths = page.locator(".slides-strip img").evaluate_all("els => els.map(e => e.naturalWidth)")
    assert widths == [320] * 5
    assert page.foreign_requests == []
