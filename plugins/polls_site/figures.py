"""Each chart's figure markup (inline SVG, caption, data table), rendered once and kept.

The theme's ``partials/chart.html`` turns a chart into a ``<figure>``.  On a big
archive that template ran thousands of times per build for markup that only
changes when the chart does, so the rendered figure is stored beside the chart
in the chart cache (kernel.cache), keyed by the chart's cache key (its data and
the charts' code), the template's source, the Jinja options it is rendered with
(JINJA_ENVIRONMENT) and the source of the charts package and of this module (the
table builder and its formatting).  A template that reads anything but
``chart``, or includes other templates, is rendered every time instead: its
output could depend on things the key does not cover.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2 import meta
from kernel.cache import Cache
from kernel.digests import compile_options
from markupsafe import Markup
from polls.charts import cache as chart_cache
from polls.charts.render import RenderedChart

SUFFIX = ".figure.html"
# the tables' words and numbers come from the chart package's code (table, formatting, ...) and this module
CODE = (*chart_cache.CODE, Path(__file__).resolve())


def _self_contained(environment: jinja2.Environment, source: str) -> bool:
    parsed = environment.parse(source)
    return meta.find_undeclared_variables(parsed) <= {"chart"} and not list(meta.find_referenced_templates(parsed))


class Figures:
    """``figures(chart)``: the figure markup of ``chart`` for this build's templates."""

    def __init__(self, template: jinja2.Template, cache_dir: Path | None):
        self.template = template
        self.cache = Cache.of(chart_cache.NAME, cache_dir, code=CODE) if cache_dir else None
        source = Path(template.filename).read_text("utf-8") if template.filename else None
        self._salt = None
        if self.cache is not None and source is not None and _self_contained(template.environment, source):
            # the markup follows the environment's options (JINJA_ENVIRONMENT) as much as the source
            self._salt = self.cache.key(source, compile_options(template.environment))[:16]

    def _name(self, chart: RenderedChart) -> str | None:
        # named after the chart's key: the chart cache prunes a figure with its chart
        return f"{chart.cache_key}.{self._salt}{SUFFIX}" if self._salt is not None else None

    def __call__(self, chart: RenderedChart) -> Markup:
        # nothing is kept in memory: a site's figures together weigh hundreds of megabytes
        name = self._name(chart)
        data = self.cache.read(name) if name is not None else None  # None: not rendered yet, or damaged
        if data is None:
            html = self.template.render(chart=chart)
            if name is not None:
                self.cache.write(name, html.encode("utf-8"))
            return Markup(html)
        return Markup(data.decode("utf-8"))


__all__ = ["Figures"]
