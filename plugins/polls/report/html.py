"""The report as one self-contained HTML file: charts inline as SVG, logos as data URIs, print CSS."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..charts import svg_text
from .data import Report
from .logos import data_uri

TEMPLATE = "report.html.j2"


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(Path(__file__).parent), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True)


def render_html(report: Report) -> bytes:
    # The chart library writes the SVG (escaped text, ids scoped per chart): safe to inline as is.
    charts = [[(spec, Markup(svg_text(spec))) for spec in group.charts] for group in report.groups]
    logos = {s.slug: data_uri(s.logo) if s.logo else "" for s in report.sponsors}
    html = _environment().get_template(TEMPLATE).render(report=report, charts=charts, logos=logos)
    return html.encode("utf-8")
