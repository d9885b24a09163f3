"""On a 390 px phone the polls pages do not scroll sideways, and every box that does scroll
sideways (a wide table, a chart kept at a legible size) is reached with Tab, named, and
scrolled with the arrow keys.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PHONE = (390, 844)
POLLS = "polls/index.html"
DIRECTIVE = "polls-explained/index.html"  # a page with [[poll-trend ...]] charts in its text
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
# Every open <details> opened, then the boxes whose content is wider than they are.
SCROLLERS = """() => {
  document.querySelectorAll("details").forEach(d => { d.open = true; });
  return [...document.querySelectorAll("main *")].filter(el => {
    const x = getComputedStyle(el).overflowX;
    return (x === "auto" || x === "scroll") && el.scrollWidth > el.clientWidth + 1;
  }).map((el, i) => { el.dataset.scroller = i; return {
    index: i, tag: el.tagName.toLowerCase(), role: el.getAttribute("role"), tabIndex: el.tabIndex,
    name: el.getAttribute("aria-label") || (el.getAttribute("aria-labelledby")
      && document.getElementById(el.getAttribute("aria-labelledby")).textContent)};
  });
}"""
FOCUSED_SCROLLER = "() => document.activeElement.dataset.scroller ?? null"


def _trend_page(built_site: Path) -> str:
    return sorted(p.relative_to(built_site).as_posix() for p in built_site.glob("polls/*/*/index.html"))[0]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_polls_overview_does_not_scroll_sideways_on_a_phone(visit, scheme):
    shown = visit(POLLS, viewport=PHONE, color_scheme=scheme)
    assert shown.page.evaluate(OVERFLOW) <= 0


@pytest.mark.parametrize("which", ["polls", "directive", "trend"])
def test_every_sideways_scroller_is_a_named_region_reached_with_tab_and_scrolled_with_arrows(visit, built_site,
                                                                                             which):
    path = {"polls": POLLS, "directive": DIRECTIVE, "trend": _trend_page(built_site)}[which]
    page = visit(path, viewport=PHONE).page
    scrollers = page.evaluate(SCROLLERS)
    assert scrollers, f"nothing scrolls sideways on {path} at 390 px: the test would prove nothing"
    for box in scrollers:
        assert box["role"] == "region", box
        assert box["tabIndex"] == 0, box
        assert box["name"] and box["name"].strip(), box

    reached = set()
    for _ in range(400):  # every tab stop of the page, once
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUSED_SCROLLER)
        if found is not None:
            reached.add(int(found))
        if len(reached) == len(scrollers):
            break
    assert reached == {box["index"] for box in scrollers}

    first = page.locator(f"[data-scroller='{scrollers[0]['index']}']")
    first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=first.element_handle())
