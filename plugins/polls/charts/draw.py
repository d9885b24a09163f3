"""One spec to image bytes: SVG for pages, PNG for feeds and Open Graph cards."""

from __future__ import annotations

import io
from collections.abc import Callable
from types import MappingProxyType

import matplotlib

from . import canvas, results_drawing, style, svg, trend_drawing
from .spec import ChartSpec

Size = Callable[[ChartSpec], tuple[float, float]]
Drawer = Callable[[canvas.Sheet, ChartSpec], None]

KINDS: MappingProxyType[str, tuple[Size, Drawer]] = MappingProxyType({
    "results": (results_drawing.size, results_drawing.draw),
    "trend": (trend_drawing.size, trend_drawing.draw),
    "attendance": (trend_drawing.size, trend_drawing.draw_attendance),
})
SVG_DPI = 72  # SVG user units are points: sizes in the file match the layout in inches


def _sheet(spec: ChartSpec, og: bool = False, dpi: float = SVG_DPI) -> canvas.Sheet:
    size, draw = KINDS[spec.kind]
    if og:
        width_px, height_px = style.OG_SIZE_PX
        # The chart keeps its usual width in inches and is scaled up to 1200 px.
        width = style.WIDTH_IN
        sheet = canvas.new_sheet(width, width * height_px / width_px, dpi=width_px / width)
    else:
        sheet = canvas.new_sheet(*size(spec), dpi=dpi)
    draw(sheet, spec)
    return sheet


def svg_text(spec: ChartSpec) -> str:
    """The chart as an accessible, deterministic ``<svg>`` element."""
    sheet = _sheet(spec)
    buffer = io.StringIO()
    # The salt makes matplotlib's hashed ids (clip paths, markers) stable per chart
    # and different between charts, so two charts can share a page.
    with matplotlib.rc_context({**style.RC, "svg.hashsalt": spec.key, "svg.id": svg.chart_id(spec)}):
        sheet.figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return svg.finish(buffer.getvalue(), spec, sheet.labels, sheet.height)


def png_bytes(spec: ChartSpec, og: bool = False) -> bytes:
    """The chart as PNG on an opaque background: 1200x630 for Open Graph when ``og``."""
    sheet = _sheet(spec, og=og, dpi=style.PNG_DPI)
    sheet.realise_labels()
    buffer = io.BytesIO()
    with matplotlib.rc_context(dict(style.RC)):
        sheet.figure.savefig(buffer, format="png", facecolor=style.PNG_BACKGROUND,
                       metadata={"Software": None})
    return buffer.getvalue()
