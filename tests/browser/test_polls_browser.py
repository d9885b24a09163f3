"""Poll charts in a real browser, light and dark: they load cleanly, show, and their words stay readable.

Trend charts are SVG (a trend page, and the directive page that shows one); a
meetup's own results are HTML tables, tested in test_poll_figure_browser.py.

The charts' text is drawn in ``currentColor``, so it must take the page's text
colour: dark on the light page, light on the dark one, with at least WCAG AA
contrast against the page background.  Screenshots of each chart page in both
schemes are saved to test-artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from wcag import contrast_ratio, relative_luminance

pytestmark = pytest.mark.browser

SCHEMES = ["light", "dark"]
DIRECTIVE_PAGE = "polls-explained/index.html"

# For every chart: its SVG's rendered size and the computed fill of each of its <text> elements.
CHART_TEXT = """() => [...document.querySelectorAll("figure.chart svg")].map(svg => {
  const box = svg.getBoundingClientRect();
  return {width: box.width, height: box.height,
          fills: [...svg.querySelectorAll("text")].map(t => getComputedStyle(t).fill)};
})"""
BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"


def _trend_page(built_site: Path) -> str:
    """The first per-question trend page the build wrote: polls/<group>/<question>/index.html."""
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.glob("polls/*/*/index.html"))
    assert pages, "the sample site has no trend pages"
    return pages[0]


def _chart_count(built_site: Path, path: str) -> int:
    soup = BeautifulSoup((built_site / path).read_text(encoding="utf-8"), "html.parser")
    return len(soup.select("figure.chart svg"))


@pytest.fixture(params=["trend", "directive"])
def chart_page(request, built_site) -> str:
    return _trend_page(built_site) if request.param == "trend" else DIRECTIVE_PAGE


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_chart_page_loads_without_console_errors(visit, chart_page, scheme):
    shown = visit(chart_page, color_scheme=scheme, settle=True)

    assert shown.console_errors == []
    assert shown.broken == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_chart_is_drawn_with_a_size(visit, built_site, chart_page, scheme, screenshot_dir):
    shown = visit(chart_page, color_scheme=scheme)
    charts = shown.page.evaluate(CHART_TEXT)
    name = chart_page.removesuffix("/index.html").replace("/", "-")
    shown.page.screenshot(path=str(screenshot_dir / f"polls-{name}-{scheme}.png"), full_page=True)

    assert len(charts) == _chart_count(built_site, chart_page) > 0
    assert all(chart["width"] > 100 and chart["height"] > 50 for chart in charts)
    assert shown.page.locator("figure.chart svg").first.is_visible()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_chart_text_follows_the_colour_scheme(visit, chart_page, scheme):
    shown = visit(chart_page, color_scheme=scheme)
    background = shown.page.evaluate(BACKGROUND)
    fills = {fill for chart in shown.page.evaluate(CHART_TEXT) for fill in chart["fills"] if fill != "none"}

    assert fills, "the charts have no text"
    for fill in fills:
        if scheme == "dark":
            assert relative_luminance(fill) > 0.5, fill
        else:
            assert relative_luminance(fill) < 0.2, fill
        assert contrast_ratio(fill, background) >= 4.5, (fill, background)


def test_the_data_table_opens_and_shows_the_numbers(visit, built_site):
    shown = visit(_trend_page(built_site))
    figure = shown.page.locator("figure.chart").first
    figure.locator("details summary").click()

    table = figure.locator("details table")
    assert table.is_visible()
    assert table.locator("tbody tr").count() >= 1
