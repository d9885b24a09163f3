"""Recap's poll engine: read meetup polls, map them through a question catalog, count.

The core never imports Pelican; ``register()`` loads the Pelican adapter only when
Pelican calls it.  The contract between the stages is docs/polls-engine-contract.md.

    survey = load_survey("survey", events)   # Survey(meetups, counts, catalog, texts)
    table = aggregate(survey)                # shares, Wilson intervals, suppression
"""

from __future__ import annotations

from importlib.util import find_spec

from .catalog import Catalog, Option, Question, load_catalog
from .errors import PollDataError, Problem
from .survey_dir import Survey, load_survey

__all__ = [
    "Catalog",
    "Option",
    "PollDataError",
    "Problem",
    "Question",
    "Survey",
    "load_catalog",
    "load_survey",
    "register",
]

# The statistics stages are built alongside the readers: export each once its module
# exists (checked by name, so a real import error inside one still surfaces).
if find_spec(f"{__name__}.aggregate"):
    from .aggregate import aggregate

    __all__ += ["aggregate"]
if find_spec(f"{__name__}.trends"):
    from .trends import change, pool, trend

    __all__ += ["change", "pool", "trend"]
if find_spec(f"{__name__}.export"):
    from .export import export_csv, export_json

    __all__ += ["export_csv", "export_json"]


def register() -> None:
    """Pelican's plugin entry point; the adapter (and Pelican) load only here."""
    from . import pelican_adapter

    pelican_adapter.register()
