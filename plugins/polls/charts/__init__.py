"""Poll charts: SVG (and PNG) from the poll engine's aggregates, as a plain library.

Build specs from the aggregates, render them in one batch (cached, parallel),
then inline ``chart.svg`` with its ``chart.table`` (see docs/charts.md)::

    specs = [results_spec(aggregates, "docker-brno-2", "experimenting", survey.catalog)]
    report = render_charts(specs, ".cache/charts")
    chart = report.charts["results/docker-brno-2/experimenting"]

Importing the package loads neither pandas nor matplotlib: a build whose charts
all come from the cache (specs from the plan cache, files from the chart cache)
never loads the drawing code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel.lazy_exports import lazy_exports

# name -> the module that defines it, imported on first use: building specs (results_data,
# trend_data) must not load matplotlib, which only the drawing modules import.  No submodule
# may share one of these names, or importing it would replace the name on the package.
_EXPORTS = {
    "cache_key": "polls.charts.cache",
    "chart_cache": "polls.charts.cache",
    "png_bytes": "polls.charts.draw",
    "svg_text": "polls.charts.draw",
    "RenderedChart": "polls.charts.render",
    "RenderReport": "polls.charts.render",
    "render_charts": "polls.charts.render",
    "results_spec": "polls.charts.results_data",
    "results_specs": "polls.charts.results_data",
    "DEFAULTS": "polls.charts.settings",
    "ChartSettings": "polls.charts.settings",
    "chart_settings": "polls.charts.settings",
    "Bar": "polls.charts.spec",
    "ChartSpec": "polls.charts.spec",
    "Headcount": "polls.charts.spec",
    "Point": "polls.charts.spec",
    "ChartTable": "polls.charts.table",
    "chart_table": "polls.charts.table",
    "attendance_spec": "polls.charts.trend_data",
    "trend_spec": "polls.charts.trend_data",
}

if TYPE_CHECKING:
    from .cache import cache_key, chart_cache
    from .draw import png_bytes, svg_text
    from .render import RenderedChart, RenderReport, render_charts
    from .results_data import results_spec, results_specs
    from .settings import DEFAULTS, ChartSettings, chart_settings
    from .spec import Bar, ChartSpec, Headcount, Point
    from .table import ChartTable, chart_table
    from .trend_data import attendance_spec, trend_spec

__all__ = [
    "DEFAULTS", "Bar", "ChartSettings", "ChartSpec", "ChartTable", "Headcount",
    "Point", "RenderReport", "RenderedChart", "attendance_spec", "cache_key", "chart_cache", "chart_settings",
    "chart_table", "png_bytes", "render_charts", "results_spec", "results_specs", "svg_text", "trend_spec",
]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
