"""The look of every poll chart: palette, sizes, fonts.

Everything here is a constant; :func:`fingerprint` hashes them all into the
chart cache key, so changing any of them re-renders every chart.
"""

from __future__ import annotations

import hashlib
import json
import sys
from types import MappingProxyType

from .. import names

# The Okabe-Ito colour-blind-safe hues (Okabe & Ito 2008), without its black (black is
# the ink), each darkened or lightened into the one band of lightness that keeps
# 3:1 against the site's light and dark backgrounds alike (WCAG 1.4.11: relative
# luminance 0.14 to 0.27; the originals' orange, sky blue and yellow were near 2:1
# on white). Lightnesses were chosen so the first four stay as far apart under
# simulated deuteranopia, protanopia and tritanopia as the originals.
# Ordered so the first colours stay apart for the common 2-4 options.
PALETTE: tuple[str, ...] = (
    "#006fae",  # blue
    "#bc8200",  # orange (ochre)
    "#00986f",  # bluish green
    "#af4d00",  # vermillion (rust)
    "#1c94d8",  # sky blue
    "#c76d9f",  # reddish purple
    "#746c09",  # yellow (olive)
)

# Text, axes and whiskers are drawn in INK; the SVG post-processing turns it into
# currentColor so an inlined chart follows the page's (light or dark) text colour.
# No palette colour may equal it.
INK = "#000000"
# What currentColor resolves to when the SVG is opened on its own (not inlined).
STANDALONE_INK = "#222222"
STANDALONE_INK_DARK = "#e6e6e6"
# PNGs have no stylesheet: they get an opaque background.
PNG_BACKGROUND = "#ffffff"

FONT_FAMILY = "DejaVu Sans"  # ships with matplotlib: no font lookup ever misses
FONT_SIZE = 9.0
SMALL_FONT_SIZE = 7.5
TITLE_FONT_SIZE = 10.5
# Average glyph advance of DejaVu Sans in ems, to size margins without measuring text.
CHAR_WIDTH_EM = 0.62
LINE_HEIGHT_EM = 1.35
TITLE_WRAP_CHARS = 80
LABEL_WRAP_CHARS = 28

WIDTH_IN = 6.4
MARGIN_IN = 0.12
BAR_STEP_IN = 0.34  # vertical room per option
BAR_FILL = 0.64  # share of that room the bar covers
MAX_LABEL_FRACTION = 0.38  # option labels take at most this share of the width
TREND_PLOT_HEIGHT_IN = 2.0
CAP_HEIGHT = 0.28  # whisker caps, as a share of the bar height
GRID_ALPHA = 0.2
BAND_ALPHA = 0.22  # the fill only: each band has an opaque edge in its colour
BAND_EDGE_WIDTH = 0.8
SUPPRESSED_ALPHA = 0.55
LINE_WIDTH = 1.6
WHISKER_WIDTH = 1.0
MARKER_SIZE = 5.0
HATCH = "////"
PERCENT_TICKS: tuple[int, ...] = (0, 25, 50, 75, 100)
MAX_DATE_TICKS = 6
MONTHS = names.MONTHS

PNG_DPI = 150
OG_SIZE_PX: tuple[int, int] = (1200, 630)

# rcParams every chart is drawn with (SVG specifics included: they are harmless for Agg).
RC = MappingProxyType(
    {
        "font.family": "sans-serif",
        "font.sans-serif": [FONT_FAMILY],
        "font.size": FONT_SIZE,
        "svg.fonttype": "none",  # text stays text: searchable, selectable, small
        "hatch.linewidth": 0.6,
        "path.simplify": False,
    }
)


def colour_for(index: int) -> str:
    """The palette colour of the option at ``index`` in its question's catalog order."""
    return PALETTE[index % len(PALETTE)]


def fingerprint() -> str:
    """A hash of every constant above: part of each chart's cache key."""
    module = sys.modules[__name__]
    constants = {
        name: value if not isinstance(value, MappingProxyType) else dict(value)
        for name, value in vars(module).items()
        if name.isupper()
    }
    text = json.dumps(constants, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
