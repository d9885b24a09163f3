"""A meetup's results figures (HTML tables with CSS bars) on a 390 px phone, light and dark, and in print.

The figure is drawn by the page itself, so it must fit the phone's width (the
page never scrolls sideways), keep every word at 12 px or more, draw each bar
as long as its share with no script, and still show its bars on paper.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = (390, 844)
SCHEMES = ["light", "dark"]
# docker-brno-2: a show-of-hands tally; demo-city-14: a form export with suppressed cells
EVENTS = ["events/docker-brno-2/index.html", "events/demo-city-14/index.html"]

SCROLL = "() => ({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth})"
# Every non-blank text node inside a figure, with its element's computed font size in px.
TEXT_SIZES = """() => [...document.querySelectorAll("figure.poll-figure")].flatMap(figure => {
  const walker = document.createTreeWalker(figure, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.textContent.trim()) {
      found.push({text: node.textContent.trim(), size: parseFloat(getComputedStyle(node.parentElement).fontSize)});
    }
  }
  return found;
})"""
# Each drawn bar: its share (the custom property) and the fill's width as a share of its track.
BARS = """() => [...document.querySelectorAll("figure.poll-figure .poll-bar")].map(bar => {
  const track = bar.getBoundingClientRect(), fill = bar.querySelector(".poll-fill").getBoundingClientRect();
  return {share: parseFloat(bar.style.getPropertyValue("--share")), drawn: 100 * fill.width / track.width,
          right: track.right};
})"""


@pytest.fixture(params=EVENTS)
def event(request) -> str:
    return request.param


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_figures_fit_a_390_px_phone_without_sideways_scrolling(visit, event, scheme, screenshot_dir):
    shown = visit(event, color_scheme=scheme, viewport=PHONE)
    name = event.removesuffix("/index.html").replace("/", "-")
    shown.page.locator("section.polls").screenshot(path=str(screenshot_dir / f"poll-figures-{name}-{scheme}.png"))
    sizes = shown.page.evaluate(SCROLL)

    assert shown.page.locator("figure.poll-figure").count() >= 1
    assert sizes["scroll"] <= sizes["inner"], sizes
    assert all(bar["right"] <= PHONE[0] for bar in shown.page.evaluate(BARS))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_text_in_the_figures_is_smaller_than_12_px(visit, event, scheme):
    texts = visit(event, color_scheme=scheme, viewport=PHONE).page.evaluate(TEXT_SIZES)

    assert texts
    assert [t for t in texts if t["size"] < 12] == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_each_bar_is_as_long_as_its_share_without_javascript(visit, event, scheme):
    bars = visit(event, color_scheme=scheme, viewport=PHONE, javascript=False).page.evaluate(BARS)

    assert bars
    for bar in bars:
        assert bar["drawn"] == pytest.approx(bar["share"], abs=1.0), bar


def test_the_figures_print_with_their_bars_inside_the_page(visit, event):
    shown = visit(event, viewport=PHONE)
    shown.page.emulate_media(media="print")
    sizes = shown.page.evaluate(SCROLL)
    bars = shown.page.evaluate(BARS)

    assert sizes["scroll"] <= sizes["inner"], sizes
    assert bars and all(bar["drawn"] == pytest.approx(bar["share"], abs=1.0) for bar in bars)
    assert shown.page.locator("figure.poll-figure").first.is_visible()
