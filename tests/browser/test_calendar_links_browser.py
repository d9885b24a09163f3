"""The calendar buttons in a browser: on a phone and a desktop, light and dark, every link is on screen.

The sample site is served from 127.0.0.1 with relative links (pelicanconf.py), so the
pages show the downloads and the "add to" links but no webcal:// subscription, as
docs/calendars.md says; the published form is checked on the built HTML in
tests/site/test_site_subscriptions.py.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}
PAGES = {"event": "events/docker-brno-2/index.html", "events index": "events/index.html",
         "speaker": "speakers/vaclav-pavlin/index.html"}

# every calendar link and note: its text, whether it is shown, and whether it fits the viewport's width
LINKS = """() => [...document.querySelectorAll('.calendar-links a, .calendar-links .how-to-subscribe')].map(el => {
  const box = el.getBoundingClientRect();
  return {text: el.textContent.trim(), visible: box.width > 0 && box.height > 0,
          inside: box.left >= 0 && box.right <= document.documentElement.clientWidth};
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_calendar_links_and_the_note_are_visible_and_on_screen(visit, name, width, scheme):
    loaded = visit(PAGES[name], color_scheme=scheme, viewport=VIEWPORTS[width])
    links = loaded.page.evaluate(LINKS)
    assert links, "no calendar links on the page"
    assert [link["text"] for link in links if not (link["visible"] and link["inside"])] == []


def test_a_past_event_page_leads_with_its_recap_and_keeps_the_download_and_both_add_to_links(visit):
    # docker-brno-2 is over: its main action is the recap; the calendar entry and the add-to links follow
    texts = [link["text"] for link in visit(PAGES["event"]).page.evaluate(LINKS)]
    assert texts[0] == "Read the recap"
    assert [t for t in texts if "(.ics)" in t or t.startswith("Add to")] == [
        "Calendar entry (.ics)", "Add to Google Calendar", "Add to Outlook.com"]


def test_a_site_served_without_an_absolute_address_offers_no_webcal_link(visit):
    page = visit(PAGES["events index"]).page
    assert page.locator("a[href^='webcal:']").count() == 0
    assert page.locator(".calendar-links a[download]").first.is_visible()
