"""Each chart's figure markup (inline SVG, caption, data table), rendered once and kept.

The theme's ``partials/chart.html`` turns a chart into a ``<figure>``.  On a big
archive that template ran thousands of times per build for markup that only
changes when the chart does, so the rendered figure is stored beside the chart
in the chart cache, keyed by the chart's cache key (its data, style and the
plugin's version), the template's source and the source of this package (the
table builder and its formatting).  A template that reads anything but
``chart``, or includes other templates, is rendered every time instead: its
output could depend on things the key does not cover.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2
from jinja2 import meta
from kernel import cacheentry
from kernel.digests import tree_digest
from markupsafe import Markup
from polls import charts
from polls.charts.render import RenderedChart

SUFFIX = ".figure.html"
CHARTS_CODE = Path(charts.__file__).resolve().parent


def _self_contained(environment: jinja2.Environment, source: str) -> bool:
    parsed = environment.parse(source)
    return meta.find_undeclared_variables(parsed) <= {"chart"} and not list(meta.find_referenced_templates(parsed))


def _read(path: Path) -> str | None:
    data = cacheentry.read(path)  # None: not rendered yet, or damaged: render again
    return data.decode("utf-8") if data is not None else None


class Figures:
    """``figures(chart)``: the figure markup of ``chart`` for this build's templates."""

    def __init__(self, template: jinja2.Template, cache_dir: Path | None):
        self.template = template
        self.cache_dir = Path(cache_dir) if cache_dir else None
        source = Path(template.filename).read_text("utf-8") if template.filename else None
        self._salt = None
        if source is not None and _self_contained(template.environment, source):
            # the tables' words and numbers come from the chart package's code (table, formatting, ...)
            code = tree_digest(CHARTS_CODE) + tree_digest(Path(__file__).resolve())
            self._salt = hashlib.sha256(f"{source}\0{code}".encode()).hexdigest()[:16]

    def _path(self, chart: RenderedChart) -> Path | None:
        if self.cache_dir is None or self._salt is None:
            return None
        return self.cache_dir / f"{chart.cache_key}.{self._salt}{SUFFIX}"

    def __call__(self, chart: RenderedChart) -> Markup:
        # nothing is kept in memory: a site's figures together weigh hundreds of megabytes
        path = self._path(chart)
        html = _read(path) if path is not None else None
        if html is None:
            html = self.template.render(chart=chart)
            if path is not None:
                cacheentry.write(path, html.encode("utf-8"))
        return Markup(html)


__all__ = ["Figures"]
