"""Recap's poll engine: read meetup polls, map them through a question catalog, count.

A plain library, laid out as the data flows (docs/polls-engine-contract.md):

    read/      survey folder -> Survey (tallies, form exports, catalog, mapping, privacy)
    stats/     Survey -> aggregates (shares, Wilson intervals, suppression, comparisons)
    publish/   aggregates -> downloads (CSV, JSON)
    charts/    aggregates -> chart specs -> SVG/PNG
    report/    the sponsor report (reads the site as plain records)

    survey = load_survey("survey", events)   # Survey(meetups, counts, catalog, texts)
    table = aggregate(survey)                # shares, Wilson intervals, suppression

Importing ``polls`` loads neither pandas nor matplotlib: the names below are
imported on first use, so a light caller (the build's up-to-date check, a task
that only reads settings) pays nothing for them.  The engine never imports
Pelican, the site plugin or its own glue; the Pelican plugin is ``polls_site``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel.lazy_exports import lazy_exports

from .errors import PollDataError, Problem

# name -> the module that defines it; no submodule of polls may share one of these names,
# or importing that submodule would replace the function with the module on the package
_EXPORTS = {
    "Catalog": "polls.read.catalog",
    "Option": "polls.read.catalog",
    "Question": "polls.read.catalog",
    "load_catalog": "polls.read.catalog",
    "Survey": "polls.read.folder",
    "load_survey": "polls.read.folder",
    "aggregate": "polls.stats.aggregate",
    "change": "polls.stats.comparisons",
    "pool": "polls.stats.comparisons",
    "trend": "polls.stats.comparisons",
    "trend_fit": "polls.stats.comparisons",
    "adjust": "polls.stats.comparisons",
    "export_csv": "polls.publish.downloads",
    "export_json": "polls.publish.downloads",
}

if TYPE_CHECKING:
    from .publish.downloads import export_csv, export_json
    from .read.catalog import Catalog, Option, Question, load_catalog
    from .read.folder import Survey, load_survey
    from .stats.aggregate import aggregate
    from .stats.comparisons import adjust, change, pool, trend, trend_fit

__all__ = ["Catalog", "Option", "PollDataError", "Problem", "Question", "Survey", "adjust", "aggregate", "change",
           "export_csv", "export_json", "load_catalog", "load_survey", "pool", "trend", "trend_fit"]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
