"""The home page's next meetups and an event's status banner in a real browser, on a phone and a desktop.

Expected texts come from the served HTML parsed with BeautifulSoup; the browser checks
that they are on screen, within the width of the viewport, and readable in light and
dark mode. Screenshots go to test-artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

import pytest
from test_site_browser import COLOURS, OVERFLOW, _soup
from wcag import contrast_ratio

pytestmark = pytest.mark.browser

HOME = "index.html"
RESCHEDULED = "events/demo-city-14/index.html"  # the sample's example meetup that was moved by a week
UPCOMING = "events/demo-city-15/index.html"  # the sample's next example meetup: RSVP, join link, call for speakers
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}
SCHEMES = ["light", "dark"]


def _within_width(locator, width: int) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.mark.parametrize("size", VIEWPORTS)
def test_home_page_shows_the_first_groups_next_meetup_without_scrolling(visit, built_site, size):
    viewport = VIEWPORTS[size]
    first = _soup(built_site, HOME).select_one("main section.next-meetup")
    loaded = visit(HOME, viewport=viewport)
    block = loaded.page.locator("main section.next-meetup").first
    assert block.is_visible()
    assert block.locator("h2").inner_text().strip() == first.h2.get_text(strip=True)
    assert block.bounding_box()["y"] < viewport[1]  # it starts on the first screen
    announced = block.locator(".to-be-announced")
    assert announced.is_visible()
    assert " ".join(announced.inner_text().split()).startswith("Next meetup to be announced.")
    assert loaded.page.evaluate(OVERFLOW) <= 0


@pytest.mark.parametrize("size", VIEWPORTS)
def test_home_page_next_meetup_actions_are_visible_and_fit_the_screen(visit, built_site, size):
    width = VIEWPORTS[size][0]
    expected = [a.get_text(strip=True) for a in _soup(built_site, HOME).select("main section.next-meetup .actions a")]
    assert expected == ["RSVP / register", "Add to calendar (.ics)"]
    loaded = visit(HOME, viewport=VIEWPORTS[size])
    actions = loaded.page.locator("main section.next-meetup .actions a")
    assert [actions.nth(i).inner_text().strip() for i in range(actions.count())] == expected
    for i in range(actions.count()):
        assert actions.nth(i).is_visible() and _within_width(actions.nth(i), width)
    map_link = loaded.page.locator("main section.next-meetup a", has_text="map")
    assert map_link.first.is_visible()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", VIEWPORTS)
def test_status_banner_is_visible_readable_and_under_the_title(visit, built_site, size, scheme):
    width = VIEWPORTS[size][0]
    expected = _soup(built_site, RESCHEDULED).select_one("main .status-banner").get_text(" ", strip=True)
    loaded = visit(RESCHEDULED, color_scheme=scheme, viewport=VIEWPORTS[size])
    banner = loaded.page.locator("main .status-banner")
    assert banner.is_visible() and _within_width(banner, width)
    assert " ".join(banner.inner_text().split()) == expected
    title = loaded.page.locator("main h1").bounding_box()
    assert banner.bounding_box()["y"] >= title["y"] + title["height"]
    colours = loaded.page.evaluate(COLOURS, "main .status-banner")
    body = loaded.page.evaluate(COLOURS, "body")
    assert contrast_ratio(colours["color"], colours["background"]) >= 4.5
    assert colours["background"] != body["background"]  # it stands apart from the page
    assert loaded.page.evaluate(OVERFLOW) <= 0


@pytest.mark.parametrize("size", VIEWPORTS)
def test_upcoming_event_page_leads_with_the_rsvp_button_and_the_join_link(visit, size):
    loaded = visit(UPCOMING, viewport=VIEWPORTS[size])
    rsvp = loaded.page.locator("main .actions a.button").first
    assert rsvp.inner_text().strip() == "RSVP / register"
    assert rsvp.is_visible() and _within_width(rsvp, VIEWPORTS[size][0])
    assert loaded.page.locator("main a", has_text="join link").is_visible()
    assert loaded.page.locator("main .call-for-speakers").is_visible()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize("path", [HOME, RESCHEDULED, UPCOMING], ids=["home", "rescheduled", "upcoming"])
def test_screenshot_of_next_meetup_and_status(visit, screenshot_dir, path, size, scheme):
    loaded = visit(path, color_scheme=scheme, viewport=VIEWPORTS[size])
    name = {HOME: "home-next", RESCHEDULED: "event-rescheduled", UPCOMING: "event-upcoming"}[path]
    loaded.page.screenshot(path=str(screenshot_dir / f"{name}-{size}-{scheme}.png"), full_page=True)
    assert loaded.console_errors == []
