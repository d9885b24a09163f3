"""Chart colours stand out from every background a chart is drawn on (WCAG 1.4.11, 3:1).

A bar, a trend line or an interval band is a graphical object needed to read the
chart, so its colour needs 3:1 against what is behind it: the site's page and
card backgrounds in light and in dark mode (a fixed palette serves both), and
the white of the PNG exports. The backgrounds are read from site.css.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tinycss2
from chart_helpers import SVG, element_by_id, parse_svg
from polls.charts import svg_text, trend_spec
from polls.charts.style import BAND_ALPHA, PALETTE, PNG_BACKGROUND

SITE_CSS = Path(__file__).resolve().parents[2] / "theme" / "static" / "css" / "site.css"
NON_TEXT = 3.0


def luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of #rrggbb."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _root_colours(rules) -> dict[str, str]:
    found = {}
    for rule in rules:
        if rule.type == "qualified-rule" and tinycss2.serialize(rule.prelude).strip() == ":root":
            for item in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True):
                if item.type == "declaration" and item.name in ("--bg", "--surface"):
                    found[item.name] = tinycss2.serialize(item.value).strip().lower()
    return found


def site_backgrounds() -> dict[str, str]:
    """{"light --bg": "#ffffff", "dark --surface": ..., ...} from site.css."""
    rules = tinycss2.parse_stylesheet(SITE_CSS.read_text(encoding="utf-8"), skip_comments=True,
                                      skip_whitespace=True)
    light = _root_colours(rules)
    dark = {}
    for rule in rules:
        if rule.type == "at-rule" and "prefers-color-scheme:dark" in "".join(
            tinycss2.serialize(rule.prelude).split()
        ):
            dark.update(_root_colours(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                               skip_whitespace=True)))
    return {**{f"light {k}": v for k, v in light.items()}, **{f"dark {k}": v for k, v in dark.items()}}


BACKGROUNDS = {**site_backgrounds(), "PNG": PNG_BACKGROUND}


def test_the_formula_gives_the_published_ratios():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.005)
    assert contrast("#e69f00", "#ffffff") == pytest.approx(2.25, abs=0.005)  # Okabe-Ito orange: too light


def test_the_site_has_a_light_and_a_dark_page_and_card_background():
    assert set(BACKGROUNDS) == {"light --bg", "light --surface", "dark --bg", "dark --surface", "PNG"}
    assert all(re.fullmatch(r"#[0-9a-f]{6}", colour) for colour in BACKGROUNDS.values()), BACKGROUNDS


@pytest.mark.parametrize("background", sorted(BACKGROUNDS))
@pytest.mark.parametrize("colour", PALETTE)
def test_every_palette_colour_reaches_3_to_1(colour, background):
    ratio = contrast(colour, BACKGROUNDS[background])
    assert ratio >= NON_TEXT, f"{colour} on {background} {BACKGROUNDS[background]}: {ratio:.2f}:1"


def test_the_palette_colours_are_all_different():
    assert len(set(PALETTE)) == len(PALETTE)


def test_an_interval_band_has_an_opaque_edge_in_its_colour(aggregates, catalog):
    """The translucent fill alone reached 1.2 to 1.4:1; the band's outline carries its extent."""
    spec = trend_spec(aggregates, "experimenting", "yes", catalog=catalog)
    root = parse_svg(svg_text(spec))
    band = next(element_by_id(root, f"{root.get('id')}-band-0").iter(f"{SVG}path"))
    style = dict(
        part.split(":", 1) for part in (p.strip() for p in band.get("style").split(";")) if part
    )
    colour = spec.label("colour")

    assert style["stroke"].strip() == colour
    assert float(style.get("stroke-opacity", "1")) == 1
    assert float(style["fill-opacity"]) == pytest.approx(BAND_ALPHA)
