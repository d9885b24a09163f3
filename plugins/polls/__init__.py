"""Recap's poll engine: read meetup polls, map them through a question catalog, count.

The core never imports Pelican; ``register()`` loads the Pelican adapter only when
Pelican calls it.  The contract between the stages is docs/polls-engine-contract.md.

    survey = load_survey("survey", events)   # Survey(meetups, counts, catalog, texts)
    table = aggregate(survey)                # shares, Wilson intervals, suppression
"""

from __future__ import annotations

from .errors import PollDataError, Problem
from .publish.downloads import export_csv, export_json
from .read.catalog import Catalog, Option, Question, load_catalog
from .read.folder import Survey, load_survey
from .stats.aggregate import aggregate
from .stats.comparisons import change, pool, trend

__all__ = ["Catalog", "Option", "PollDataError", "Problem", "Question", "Survey", "aggregate", "change",
           "export_csv", "export_json", "load_catalog", "load_survey", "pool", "register", "trend"]


def register() -> None:
    """Pelican's plugin entry point; the adapter (and Pelican) load only here."""
    from polls_site import generator as pelican_adapter

    pelican_adapter.register()
