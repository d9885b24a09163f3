"""The theme's colours meet WCAG 2.x AA contrast in light and in dark mode.

site.css keeps every colour in a custom property on :root, and overrides them in
``@media (prefers-color-scheme: dark)``. These tests read both sets from the
stylesheet itself (no browser needed) and check the pairs the theme draws text
on: text 4.5:1, and the non-text indicators (the focus ring, a poll figure's bars
and whiskers) 3:1 (WCAG 1.4.11).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from wcag import contrast_ratio, dark_overrides, is_colour, palettes, relative_luminance

CSS = Path(__file__).resolve().parents[2] / "theme" / "static" / "css" / "site.css"

# (foreground, background) custom properties that the stylesheet puts together.
TEXT_PAIRS = [
    ("--text", "--bg"),
    ("--text", "--surface"),
    ("--text", "--code-bg"),
    # highlighted code's token colours (codehilite), each on the code block's background
    ("--code-comment", "--code-bg"),
    ("--code-keyword", "--code-bg"),
    ("--code-string", "--code-bg"),
    ("--code-number", "--code-bg"),
    ("--code-name", "--code-bg"),
    ("--code-error", "--code-bg"),
    ("--muted", "--code-bg"),
    ("--muted", "--bg"),
    ("--muted", "--surface"),
    ("--link", "--bg"),
    ("--link", "--surface"),
    ("--link-hover", "--bg"),
    ("--link-hover", "--surface"),
    ("--link-visited", "--bg"),
    ("--link-visited", "--surface"),
    ("--badge-text", "--badge-bg"),
    ("--notice-text", "--notice-bg"),
    ("--button-text", "--button-bg"),
    ("--current-text", "--current-bg"),
]
# The ring is drawn over a halo in --focus-halo, on any of these backgrounds.
FOCUS_PAIRS = [
    ("--focus", "--bg"),
    ("--focus", "--surface"),
    ("--focus", "--notice-bg"),
    ("--focus", "--focus-halo"),
]
# A poll figure's bar: its edge against the page and the track, its whisker (--text) across the fill.
BAR_PAIRS = [
    ("--bar-edge", "--bg"),
    ("--bar-edge", "--surface"),
    ("--text", "--bar"),
]
NON_TEXT_PAIRS = FOCUS_PAIRS + BAR_PAIRS
AA_TEXT = 4.5
AA_NON_TEXT = 3.0


@pytest.fixture(scope="module")
def css() -> str:
    return CSS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def schemes(css) -> dict[str, dict[str, str]]:
    return palettes(css)


def test_contrast_ratio_matches_published_wcag_values():
    # Black on white is the maximum, 21:1; #767676 is the lightest grey that passes
    # AA on white (4.54:1), #777777 just fails; a colour against itself is 1:1.
    assert contrast_ratio("#000", "#fff") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "white") == pytest.approx(4.54, abs=0.005)
    assert contrast_ratio("#777777", "#ffffff") < AA_TEXT
    assert contrast_ratio("rgb(18 20 23)", "#121417") == pytest.approx(1.0)


def test_light_palette_is_dark_on_light_and_dark_palette_light_on_dark(schemes):
    light, dark = schemes["light"], schemes["dark"]
    assert relative_luminance(light["--bg"]) > relative_luminance(light["--text"])
    assert relative_luminance(dark["--bg"]) < relative_luminance(dark["--text"])


def test_dark_mode_overrides_every_colour_of_the_light_palette(css, schemes):
    """A colour left out of the dark block would be a light-mode colour on a dark page."""
    colours = {name for name, value in schemes["light"].items() if is_colour(value)}
    assert colours - set(dark_overrides(css)) == set()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("foreground", "background"), TEXT_PAIRS, ids=[f"{f} on {b}" for f, b in TEXT_PAIRS])
def test_text_colours_meet_aa(schemes, scheme, foreground, background):
    palette = schemes[scheme]
    ratio = contrast_ratio(palette[foreground], palette[background])
    assert ratio >= AA_TEXT, f"{scheme}: {foreground} {palette[foreground]} on {background} {palette[background]}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("foreground", "background"), NON_TEXT_PAIRS, ids=[f"{f} on {b}" for f, b in NON_TEXT_PAIRS])
def test_focus_ring_and_poll_bars_stand_out(schemes, scheme, foreground, background):
    palette = schemes[scheme]
    ratio = contrast_ratio(palette[foreground], palette[background])
    assert ratio >= AA_NON_TEXT, f"{scheme}: {foreground} {palette[foreground]} on {background} {palette[background]}"
