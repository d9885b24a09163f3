"""The built site in a real browser: it loads cleanly, stays local, works from the
keyboard, reads with JavaScript off, fits a phone, and follows the dark mode setting.

Expected values come from the served HTML parsed with BeautifulSoup and from the
palettes in site.css, so the browser's behaviour is checked against the source.
Screenshots of each page at phone and desktop width, light and dark, are written
to test-artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from wcag import contrast_ratio, palettes, relative_luminance

pytestmark = pytest.mark.browser

SITE_CSS = Path(__file__).resolve().parents[2] / "theme" / "static" / "css" / "site.css"
PAGES = {
    "home": "index.html",
    "event": "events/docker-brno-2/index.html",
    "talk": "talks/nulecule/index.html",
    "speaker": "speakers/vaclav-pavlin/index.html",
}
PHONE = (390, 844)
SMALL_PHONE = (360, 740)
DESKTOP = (1280, 900)
SCHEMES = ["light", "dark"]
DEMO_EVENT = "events/demo-city-14/index.html"

# Read the computed style of the focused element (or <body>) in one round trip.
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {tag: el.tagName.toLowerCase(), href: el.getAttribute("href"), text: el.textContent.trim(),
          outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
          outlineColor: style.outlineColor, boxShadow: style.boxShadow};
}"""
COLOURS = """(selector) => {
  const style = getComputedStyle(document.querySelector(selector));
  return {color: style.color, background: style.backgroundColor};
}"""
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _soup(built_site, path: str) -> BeautifulSoup:
    return BeautifulSoup((built_site / path).read_text(encoding="utf-8"), "html.parser")


def _header_links(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(href, text) of the skip link, the site name and the main navigation, in document order."""
    skip = soup.select_one("a.skip-link")
    name = soup.select_one(".site-header .site-name")
    nav = soup.select('nav[aria-label="Main"] a')
    return [(a["href"], a.get_text(strip=True)) for a in [skip, name, *nav]]


@pytest.fixture(scope="module")
def site_palettes():
    return palettes(SITE_CSS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_without_console_errors(visit, built_site, name):
    loaded = visit(PAGES[name], settle=True)
    assert loaded.console_errors == []
    assert loaded.broken == []
    expected_title = _soup(built_site, PAGES[name]).select_one("main h1").get_text(strip=True)
    assert loaded.page.locator("main h1").inner_text().strip() == expected_title


@pytest.mark.parametrize("name", PAGES)
def test_page_makes_requests_only_to_127_0_0_1(visit, name):
    loaded = visit(PAGES[name], settle=True)
    hosts = {urlsplit(url).hostname for url in loaded.requests}
    assert hosts == {"127.0.0.1"}, loaded.requests
    assert any(url.endswith("/theme/css/site.css") for url in loaded.requests)


@pytest.mark.parametrize("name", PAGES)
def test_page_reads_with_javascript_off(visit, built_site, name):
    loaded = visit(PAGES[name], javascript=False)
    soup = _soup(built_site, PAGES[name])
    main = loaded.page.locator("main")
    assert main.locator("h1").is_visible()
    # every paragraph of the page's text is on screen, none needs a script to appear
    texts = [p.get_text(" ", strip=True) for p in soup.select("main p")]
    assert any(texts), f"{name}: no paragraph to look for"
    shown = " ".join(main.inner_text().split())
    for text in filter(None, texts):
        assert " ".join(text.split()[:4]) in shown


def test_tab_reaches_skip_link_then_site_name_then_main_navigation(visit, built_site):
    expected = _header_links(_soup(built_site, PAGES["home"]))
    loaded = visit(PAGES["home"])
    reached = []
    for _ in expected:
        loaded.page.keyboard.press("Tab")
        focused = loaded.page.evaluate(FOCUSED)
        reached.append((focused["href"], focused["text"]))
    assert reached == expected
    assert expected[0] == ("#main", "Skip to content")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_keyboard_focus_is_visible_on_every_header_link(visit, built_site, site_palettes, scheme):
    count = len(_header_links(_soup(built_site, PAGES["home"])))
    loaded = visit(PAGES["home"], color_scheme=scheme)
    header_bg = loaded.page.evaluate(COLOURS, ".site-header")["background"]
    page_bg = loaded.page.evaluate(COLOURS, "body")["background"]
    for _ in range(count):
        loaded.page.keyboard.press("Tab")
        focused = loaded.page.evaluate(FOCUSED)
        assert focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2, focused
        # a ring is a non-text indicator: 3:1 against what surrounds it (WCAG 1.4.11)
        assert contrast_ratio(focused["outlineColor"], header_bg) >= 3, focused
        assert contrast_ratio(focused["outlineColor"], page_bg) >= 3, focused


def test_skip_link_is_off_screen_until_focused_and_moves_focus_to_main(visit):
    loaded = visit(PAGES["event"])
    skip = loaded.page.locator("a.skip-link")
    before = skip.bounding_box()
    assert before["y"] + before["height"] <= 0
    loaded.page.keyboard.press("Tab")
    focused = skip.bounding_box()
    assert focused["y"] >= 0 and focused["height"] > 0
    loaded.page.keyboard.press("Enter")
    assert loaded.page.evaluate("() => document.activeElement.id") == "main"


def test_navigation_marks_the_current_section_by_more_than_colour(visit):
    loaded = visit("events/index.html")
    current = loaded.page.locator('nav[aria-label="Main"] a[aria-current="page"]')
    other = loaded.page.locator('nav[aria-label="Main"] a:not([aria-current])').first
    assert current.inner_text() == "Events"
    weight = "(el) => parseInt(getComputedStyle(el).fontWeight, 10)"
    assert current.evaluate(weight) > other.evaluate(weight)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_body_follows_the_colour_scheme_with_the_palette_of_site_css(visit, site_palettes, scheme):
    loaded = visit(PAGES["event"], color_scheme=scheme)
    body = loaded.page.evaluate(COLOURS, "body")
    palette = site_palettes[scheme]
    assert relative_luminance(body["background"]) == pytest.approx(relative_luminance(palette["--bg"]))
    assert relative_luminance(body["color"]) == pytest.approx(relative_luminance(palette["--text"]))
    if scheme == "dark":
        assert relative_luminance(body["background"]) < 0.05 < 0.7 < relative_luminance(body["color"])
    else:
        assert relative_luminance(body["background"]) > 0.9 > 0.05 > relative_luminance(body["color"])


@pytest.mark.parametrize("scheme", SCHEMES)
def test_demo_notice_is_visible_and_readable(visit, scheme):
    loaded = visit(DEMO_EVENT, color_scheme=scheme)
    notice = loaded.page.locator("main .demo-notice")
    assert notice.is_visible()
    assert "Example data" in notice.inner_text()
    colours = loaded.page.evaluate(COLOURS, "main .demo-notice")
    body = loaded.page.evaluate(COLOURS, "body")
    assert contrast_ratio(colours["color"], colours["background"]) >= 4.5
    assert colours["background"] != body["background"]  # it stands apart from the page


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_small_phone_without_sideways_scrolling(visit, name):
    loaded = visit(PAGES[name], viewport=SMALL_PHONE)
    assert loaded.page.evaluate(OVERFLOW) <= 0


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("name", PAGES)
def test_screenshot(visit, screenshot_dir, name, width, scheme):
    """Full-page screenshots for review; a page wider than the viewport would widen the image."""
    viewport = PHONE if width == "phone" else DESKTOP
    loaded = visit(PAGES[name], color_scheme=scheme, viewport=viewport)
    path = screenshot_dir / f"{name}-{width}-{scheme}.png"
    loaded.page.screenshot(path=str(path), full_page=True)
    with Image.open(path) as image:
        assert image.width == viewport[0]
        assert image.height >= viewport[1]
    assert loaded.console_errors == []


def test_print_hides_navigation_and_spells_out_outside_links(visit, built_site):
    soup = _soup(built_site, PAGES["event"])
    outside = [a["href"] for a in soup.select("main a[href^='https://']")]
    assert outside, "the sample event links to its sponsors"
    loaded = visit(PAGES["event"])
    loaded.page.emulate_media(media="print")
    assert not loaded.page.locator('nav[aria-label="Main"]').is_visible()
    after = "(el) => getComputedStyle(el, '::after').content"
    printed = [loaded.page.locator(f'main a[href="{href}"]').first.evaluate(after) for href in outside]
    assert printed == [f'" ({href})"' for href in outside]  # computed content is a quoted CSS string
