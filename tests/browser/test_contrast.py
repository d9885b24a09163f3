"""The theme's colours meet WCAG 2.x AA contrast in light and in dark mode.

site.css keeps every colour in a custom property on :root, and overrides them in
``@media (prefers-color-scheme: dark)``. These tests read both sets from the
stylesheet itself (no browser needed) and check the pairs the theme draws text
on: body text 4.5:1, and the focus ring, a non-text indicator, 3:1 (WCAG 1.4.11).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import tinycss2
from tinycss2.color4 import parse_color

CSS = Path(__file__).resolve().parents[2] / "theme" / "static" / "css" / "site.css"

# (foreground, background) custom properties that the stylesheet puts together.
TEXT_PAIRS = [
    ("--text", "--bg"),
    ("--text", "--surface"),
    ("--text", "--code-bg"),
    ("--muted", "--bg"),
    ("--muted", "--surface"),
    ("--link", "--bg"),
    ("--link", "--surface"),
    ("--link-hover", "--bg"),
    ("--link-hover", "--surface"),
    ("--badge-text", "--badge-bg"),
    ("--notice-text", "--notice-bg"),
    ("--button-text", "--button-bg"),
    ("--current-text", "--current-bg"),
]
FOCUS_PAIRS = [
    ("--focus", "--bg"),
    ("--focus", "--surface"),
    ("--focus", "--notice-bg"),
    ("--focus", "--focus-halo"),
]
AA_TEXT = 4.5
AA_NON_TEXT = 3.0


def _declarations(rule) -> dict[str, str]:
    declarations = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
    return {d.name: tinycss2.serialize(d.value).strip() for d in declarations if d.type == "declaration"}


def _is_root(rule) -> bool:
    return rule.type == "qualified-rule" and tinycss2.serialize(rule.prelude).strip() == ":root"


def _is_dark_media(rule) -> bool:
    if rule.type != "at-rule" or rule.lower_at_keyword != "media":
        return False
    query = "".join(tinycss2.serialize(rule.prelude).split()).lower()
    return "prefers-color-scheme:dark" in query


def custom_properties(css: str) -> dict[str, dict[str, str]]:
    """{"light": {...}, "dark": {...}}: the custom properties of top-level :root and of the dark-mode :root.

    Dark mode inherits whatever it does not override, as the browser would.
    """
    light: dict[str, str] = {}
    dark_overrides: dict[str, str] = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if _is_root(rule):
            light.update({k: v for k, v in _declarations(rule).items() if k.startswith("--")})
        elif _is_dark_media(rule):
            for inner in tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True):
                if _is_root(inner):
                    dark_overrides.update({k: v for k, v in _declarations(inner).items() if k.startswith("--")})
    return {"light": light, "dark": {**light, **dark_overrides}}


def relative_luminance(css_colour: str) -> float:
    """WCAG 2.x relative luminance of an opaque sRGB colour written in any CSS syntax."""
    colour = parse_color(css_colour)
    assert colour is not None, f"not a CSS colour: {css_colour!r}"
    red, green, blue = colour.to("srgb").coordinates
    assert colour.alpha == 1, f"{css_colour!r} is translucent: its contrast depends on what is behind it"

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.fixture(scope="module")
def schemes() -> dict[str, dict[str, str]]:
    return custom_properties(CSS.read_text(encoding="utf-8"))


def test_contrast_ratio_matches_published_wcag_values():
    # Black on white is the maximum, 21:1; #767676 is the lightest grey that passes
    # AA on white (4.54:1); a colour against itself is 1:1.
    assert contrast_ratio("#000", "#fff") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "white") == pytest.approx(4.54, abs=0.005)
    assert contrast_ratio("#777777", "#ffffff") < AA_TEXT
    assert contrast_ratio("rgb(18 20 23)", "#121417") == pytest.approx(1.0)


def test_the_stylesheet_defines_a_light_and_a_dark_palette(schemes):
    light_only = CSS.read_text(encoding="utf-8")
    assert "prefers-color-scheme" in light_only
    assert schemes["light"]["--bg"] != schemes["dark"]["--bg"]
    assert relative_luminance(schemes["light"]["--bg"]) > relative_luminance(schemes["light"]["--text"])
    assert relative_luminance(schemes["dark"]["--bg"]) < relative_luminance(schemes["dark"]["--text"])


def test_dark_mode_overrides_every_colour_of_the_light_palette(schemes):
    """A colour left out of the dark block would be a light-mode colour on a dark page."""
    css = CSS.read_text(encoding="utf-8")
    dark_block = {
        name
        for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        if _is_dark_media(rule)
        for inner in tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
        if _is_root(inner)
        for name in _declarations(inner)
    }
    colours = {name for name, value in schemes["light"].items() if parse_color(value) is not None}
    assert colours - dark_block == set()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("foreground", "background"), TEXT_PAIRS, ids=[f"{f} on {b}" for f, b in TEXT_PAIRS])
def test_text_colours_meet_aa(schemes, scheme, foreground, background):
    palette = schemes[scheme]
    ratio = contrast_ratio(palette[foreground], palette[background])
    assert ratio >= AA_TEXT, f"{scheme}: {foreground} {palette[foreground]} on {background} {palette[background]}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("foreground", "background"), FOCUS_PAIRS, ids=[f"{f} on {b}" for f, b in FOCUS_PAIRS])
def test_focus_ring_stands_out(schemes, scheme, foreground, background):
    palette = schemes[scheme]
    ratio = contrast_ratio(palette[foreground], palette[background])
    assert ratio >= AA_NON_TEXT, f"{scheme}: {foreground} {palette[foreground]} on {background} {palette[background]}"
