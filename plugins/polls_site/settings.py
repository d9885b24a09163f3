"""POLLS_* settings of the poll pages, declared once (name, default, doc); the chart ones are
polls.charts.settings'.  Applied at ``initialized``; the tasks read the same declarations."""

from __future__ import annotations

from kernel.cache import SETTINGS as CACHE_SETTINGS
from kernel.settings import Setting, apply, resolved
from kernel.survey_path import DEFAULT_POLLS_PATH
from polls.approx import DEFAULT_APPROX_RANGE, range_problem
from polls.charts.settings import SETTINGS as CHART_SETTINGS
from polls.stats.min_cell import DEFAULT_MIN_CELL

SETTINGS: tuple[Setting, ...] = (
    Setting("POLLS_PATH", DEFAULT_POLLS_PATH, "the poll data folder (relative: beside the content folder)"),
    Setting("POLLS_MIN_CELL", DEFAULT_MIN_CELL,
            "cells with fewer people are suppressed, with any cell that would reveal them"),
    Setting("POLLS_APPROX_RANGE", DEFAULT_APPROX_RANGE,
            '(minimum, fraction): "~x" means x plus or minus max(minimum, fraction * x) in every verdict',
            check=range_problem),
    Setting("POLLS_INDEX", "polls/index.html", "the poll overview"),
    Setting("POLLS_TREND_URL", "polls/{slug}/index.html", "the per-question trend pages"),
    Setting("POLLS_CSV", "polls/aggregates.csv", "download of the published aggregates (suppression applied)"),
    Setting("POLLS_JSON", "polls/aggregates.json", "the same aggregates as JSON"),
)

# everything the glue reads: its own settings, the charts' and the cache's
APPLIED = SETTINGS + CHART_SETTINGS + CACHE_SETTINGS
DEFAULTS: dict = resolved(SETTINGS, {})


def apply_defaults(settings: dict) -> None:
    apply(APPLIED, settings)


__all__ = ["APPLIED", "DEFAULTS", "SETTINGS", "apply_defaults"]
