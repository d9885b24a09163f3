"""WCAG 2.x colour contrast, and the theme's palettes read from site.css.

Used by test_contrast.py (the palettes as written) and test_site_browser.py (the
colours Chromium actually computes), so the two check each other.
"""

from __future__ import annotations

import tinycss2
from tinycss2.color4 import parse_color


def relative_luminance(css_colour: str) -> float:
    """WCAG 2.x relative luminance of an opaque sRGB colour written in any CSS syntax."""
    colour = parse_color(css_colour)
    if colour is None:
        raise ValueError(f"not a CSS colour: {css_colour!r}")
    if colour.alpha != 1:
        raise ValueError(f"{css_colour!r} is translucent: its contrast depends on what is behind it")
    red, green, blue = colour.to("srgb").coordinates

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def is_colour(value: str) -> bool:
    return parse_color(value) is not None


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


def root_properties(css: str) -> dict[str, str]:
    """Custom properties set on the top-level :root (the light palette)."""
    found: dict[str, str] = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if _is_root(rule):
            found.update({k: v for k, v in _declarations(rule).items() if k.startswith("--")})
    return found


def dark_overrides(css: str) -> dict[str, str]:
    """Custom properties set on :root inside @media (prefers-color-scheme: dark)."""
    found: dict[str, str] = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if not _is_dark_media(rule):
            continue
        for inner in tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True):
            if _is_root(inner):
                found.update({k: v for k, v in _declarations(inner).items() if k.startswith("--")})
    return found


def palettes(css: str) -> dict[str, dict[str, str]]:
    """{"light": ..., "dark": ...}; dark inherits what it does not override, as in the browser."""
    light = root_properties(css)
    return {"light": light, "dark": {**light, **dark_overrides(css)}}
