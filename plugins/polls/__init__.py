"""Recap's poll engine: read meetup polls, map them through a question catalog, count.

The core never imports Pelican; ``register()`` loads the Pelican adapter only when
Pelican calls it.  The contract between the stages is docs/polls-engine-contract.md.

    survey = load_survey("survey", events)   # Survey(meetups, counts, catalog, texts)
    table = aggregate(survey)                # shares, Wilson intervals, suppression
"""

from __future__ import annotations

from .aggregate import aggregate
from .catalog import Catalog, Option, Question, load_catalog
from .errors import PollDataError, Problem
from .export import export_csv, export_json
from .survey_dir import Survey, load_survey
from .trends import adjust, change, pool, trend, trend_fit

__all__ = ["Catalog", "Option", "PollDataError", "Problem", "Question", "Survey", "adjust", "aggregate", "change",
           "export_csv", "export_json", "load_catalog", "load_survey", "pool", "register", "trend", "trend_fit"]


def register() -> None:
    """Pelican's plugin entry point; the adapter (and Pelican) load only here."""
    from . import pelican_adapter

    pelican_adapter.register()
