"""Post-processing of matplotlib's SVG: accessible, dark-mode aware, inline-safe, stable.

matplotlib writes a standalone document; a chart inlined into an HTML page
also needs a role and a text alternative, ids that cannot clash with another
chart on the same page, a stylesheet that touches only this chart, and ink
that follows the page's text colour (light or dark).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from . import canvas, style
from .canvas import Label
from .spec import ChartSpec

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_REFERENCE = re.compile(r"url\(#([^)]+)\)")
_HREF = f"{{{XLINK_NS}}}href"
POINTS_PER_INCH = 72
# Where the baseline sits for each vertical alignment, in ems below the anchor
# (DejaVu Sans: cap height 0.73, descent 0.24), matching matplotlib's placement.
BASELINE_EM = {"top": 0.76, "center": 0.35, "baseline": 0.0, "bottom": -0.24}
ANCHOR = {"left": "start", "center": "middle", "right": "end"}
# Rotated 90°, the text runs upwards: its vertical alignment picks the anchor.
ROTATED_ANCHOR = {"top": "end", "center": "middle", "baseline": "start", "bottom": "start"}


def chart_id(spec: ChartSpec) -> str:
    """The root element's id: unique per chart on a page, derived from the stable key."""
    return f"chart-{canvas.safe_id(spec.key)}"


def svg_title(spec: ChartSpec) -> str:
    survey_title = spec.label("survey_title")
    return f"{spec.title} ({survey_title})" if survey_title else spec.title


def finish(document: str, spec: ChartSpec, labels: Sequence[Label] = (),
           height_in: float = 0.0) -> str:
    """The chart as an ``<svg>`` element ready to inline (no XML prolog) or save as a file.

    ``labels`` become ``<text>`` elements (the figure is ``height_in`` tall).
    """
    # Registering the two prefixes is idempotent; without it ElementTree writes ns0:.
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    root = ET.fromstring(document)
    ident = chart_id(spec)

    for metadata in root.findall(f"{{{SVG_NS}}}metadata"):
        root.remove(metadata)
    _rename_ids(root, ident)
    _use_current_colour(root)
    _scope_stylesheet(root, ident)

    if labels:
        root.append(_text_layer(labels, height_in, ident))

    root.set("id", ident)
    root.set("role", "img")
    root.set("aria-labelledby", f"{ident}-title {ident}-desc")
    title = ET.Element(f"{{{SVG_NS}}}title", {"id": f"{ident}-title"})
    title.text = svg_title(spec)
    desc = ET.Element(f"{{{SVG_NS}}}desc", {"id": f"{ident}-desc"})
    desc.text = spec.label("summary")
    root.insert(0, desc)
    root.insert(0, title)
    return ET.tostring(root, encoding="unicode") + "\n"


def _rename_ids(root: ET.Element, ident: str) -> None:
    """Keep referenced ids (hashed with the per-chart salt), prefix ours, drop the rest.

    matplotlib names every group figure_1, patch_3, text_2...: the same in every
    chart, so two charts on one page would repeat them.
    """
    referenced = set()
    for element in root.iter():
        for name, value in element.attrib.items():
            referenced.update(_REFERENCE.findall(value))
            if name in (_HREF, "href") and value.startswith("#"):
                referenced.add(value[1:])
    for element in root.iter():
        current = element.get("id")
        if current is None or current in referenced:
            continue
        if current.startswith("c-"):
            element.set("id", f"{ident}-{current[2:]}")
        else:
            del element.attrib["id"]


def _use_current_colour(root: ET.Element) -> None:
    ink = style.INK.lower()
    for element in root.iter():
        for name in ("style", "fill", "stroke"):
            value = element.get(name)
            if value and ink in value.lower():
                element.set(name, re.sub(re.escape(ink), "currentColor", value, flags=re.IGNORECASE))


def _scope_stylesheet(root: ET.Element, ident: str) -> None:
    """Rules that apply to this chart only, even once inlined into a page.

    Black text carries no fill in matplotlib's output, so text gets currentColor
    here.  ``:root`` matches only when the SVG is its own document: inlined, the
    chart takes the page's colour instead of these two.
    """
    rules = (
        f"#{ident} text{{fill:currentColor}}"
        f"#{ident}:root{{color:{style.STANDALONE_INK}}}"
        f"@media (prefers-color-scheme: dark){{#{ident}:root{{color:{style.STANDALONE_INK_DARK}}}}}"
    )
    stylesheet = root.find(f".//{{{SVG_NS}}}style")
    if stylesheet is None:
        defs = root.find(f"{{{SVG_NS}}}defs")
        if defs is None:
            defs = ET.SubElement(root, f"{{{SVG_NS}}}defs")
        stylesheet = ET.SubElement(defs, f"{{{SVG_NS}}}style", {"type": "text/css"})
        stylesheet.text = ""
    # matplotlib's own rule starts with a bare "*", which inlined would hit the whole page.
    own = re.sub(r"(^|})\s*\*", lambda m: f"{m.group(1)}#{ident} *", stylesheet.text or "")
    stylesheet.text = own + rules


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _text_layer(labels: Sequence[Label], height_in: float, ident: str) -> ET.Element:
    """Labels as SVG text, aligned by text-anchor and a baseline offset: nothing measured."""
    layer = ET.Element(f"{{{SVG_NS}}}g", {"font-family": f"'{style.FONT_FAMILY}', sans-serif"})
    for label in labels:
        x = label.x * POINTS_PER_INCH
        y = (height_in - label.y) * POINTS_PER_INCH
        attributes = {"font-size": _number(label.size)}
        if label.gid:
            attributes["id"] = f"{ident}-{label.gid.removeprefix('c-')}"
        if label.weight != "normal":
            attributes["font-weight"] = label.weight
        if label.alpha is not None:
            attributes["fill-opacity"] = _number(label.alpha)
        lines = label.words.split("\n")
        if label.rotation:
            # Centred across its width, reading bottom to top (single line only).
            attributes.update({"text-anchor": ROTATED_ANCHOR[label.va], "x": _number(x),
                               "y": _number(y + BASELINE_EM["center"] * label.size),
                               "transform": f"rotate(-90 {_number(x)} {_number(y)})"})
            text = ET.SubElement(layer, f"{{{SVG_NS}}}text", attributes)
            text.text = " ".join(lines)
            continue
        attributes["text-anchor"] = ANCHOR[label.ha]
        step = label.size * style.LINE_HEIGHT_EM
        first = y + BASELINE_EM[label.va] * label.size
        if label.va == "center":
            first -= (len(lines) - 1) * step / 2
        elif label.va in ("baseline", "bottom"):
            first -= (len(lines) - 1) * step
        text = ET.SubElement(layer, f"{{{SVG_NS}}}text", attributes)
        if len(lines) == 1:
            text.set("x", _number(x))
            text.set("y", _number(first))
            text.text = lines[0]
            continue
        for number, line in enumerate(lines):
            span = ET.SubElement(text, f"{{{SVG_NS}}}tspan",
                                 {"x": _number(x), "y": _number(first + number * step)})
            span.text = line
    return layer
