"""Sponsor logos carry their width and height, read from the image file at build time.

With both attributes the browser reserves the logo's box before the image
arrives, so nothing moves on load. The logos are shown 48 pixels high; the
width keeps each image's own ratio. Scenario tests/data/site/logo-sizes has an
SVG with only a viewBox (240x60), a PNG (400x100) and a progressive JPEG (300x150).
"""

from __future__ import annotations

import pytest
from builtsite import build_scenario, page


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    return build_scenario("logo-sizes", tmp_path_factory.mktemp("logos") / "output")


EXPECTED = {
    "Test Hall": ("192", "48"),  # SVG viewBox 240x60
    "Brick Works": ("192", "48"),  # PNG 400x100
    "Wave Radio": ("96", "48"),  # JPEG 300x150
}


def sizes(soup) -> dict[str, tuple[str, str]]:
    return {img["alt"].removesuffix(" logo"): (img.get("width"), img.get("height")) for img in soup}


def test_logos_on_the_event_page_have_width_and_height(output):
    logos = page(output, "events/meetup-1/index.html").select(".sponsors img")
    assert sizes(logos) == EXPECTED


def test_logos_on_the_sponsors_page_have_width_and_height(output):
    logos = page(output, "sponsors/index.html").select(".sponsor img")
    assert sizes(logos) == EXPECTED


def test_a_logo_that_is_not_an_image_is_a_positioned_problem(build_site, scenario, tmp_path):
    result = build_site(scenario("logo-unreadable"))
    assert not result.ok
    assert [str(p) for p in result.problems] == [
        "content/sponsors/test-hall.md:3:7: 'images/sponsors/hall.svg': cannot read the image's width "
        "and height: not an SVG, PNG, GIF, JPEG or WebP image"
    ]
    assert not (tmp_path / "output").exists()
