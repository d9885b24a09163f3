"""Poll charts: SVG (and PNG) from the poll engine's aggregates, as a plain library.

Build specs from the aggregates, render them in one batch (cached, parallel),
then inline ``chart.svg`` with its ``chart.table`` (see docs/charts.md)::

    specs = [results_spec(aggregates, "docker-brno-2", "experimenting", survey.catalog)]
    report = render_charts(specs, ".cache/charts")
    chart = report.charts["results/docker-brno-2/experimenting"]
"""

from __future__ import annotations

from .cache import CHARTS_VERSION, cache_key
from .draw import png_bytes, svg_text
from .render import RenderedChart, RenderReport, render_charts
from .results import results_spec, results_specs
from .settings import DEFAULTS, ChartSettings, chart_settings
from .spec import Bar, ChartSpec, Headcount, Point
from .table import ChartTable, chart_table
from .trend import attendance_spec, trend_spec

__all__ = [
    "CHARTS_VERSION", "DEFAULTS", "Bar", "ChartSettings", "ChartSpec", "ChartTable", "Headcount",
    "Point", "RenderReport", "RenderedChart", "attendance_spec", "cache_key", "chart_settings",
    "chart_table", "png_bytes", "render_charts", "results_spec", "results_specs", "svg_text", "trend_spec",
]
