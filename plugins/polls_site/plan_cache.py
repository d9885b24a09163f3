"""The survey, its aggregates and the site's chart plan, kept between builds.

Reading every poll file, aggregating and planning thousands of charts takes
seconds on a large archive, and most builds change no poll at all (a talk
edited, a typo fixed).  The three results are a pure function of the survey
folder's files, the site's events as the engine sees them, the minimum cell,
the trend URL pattern, the plausible range of "~" figures, the poll engine's own code and the pandas and Python
versions; all of those make the key, so any change to any of them recomputes.
Only successful results are kept: bad poll data is read and reported every time.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import polls
from kernel import positioned_yaml
from kernel.cacheentry import read_pickle, write_pickle
from kernel.digests import tree_digest
from polls.approx import DEFAULT_APPROX_RANGE
from polls.read.folder import Survey, load_survey
from polls.stats.aggregate import aggregate

from . import page_plan as site_plan

CACHE_FORMAT = 1
# the plan is made by the engine and by this package: a change to either makes a new plan
PACKAGES = (Path(polls.__file__).resolve().parent, Path(__file__).resolve().parent)


@dataclass(frozen=True)
class Planned:
    survey: Survey
    aggregates: pd.DataFrame
    plan: site_plan.Plan


def plan_key(folder: Path, events: Mapping | None, min_cell: int, trend_url: str,
             approx_range=DEFAULT_APPROX_RANGE) -> str:
    parts = {
        "format": CACHE_FORMAT,
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "code": [tree_digest(package) for package in PACKAGES],
        # the kernel (its YAML reader decides what a poll file holds: limits, encodings) is code read too
        "yaml_reader": tree_digest(Path(positioned_yaml.__file__).resolve().parent),
        "survey": tree_digest(folder),
        "events": events,
        "min_cell": min_cell,
        "trend_url": trend_url,
        "approx_range": list(approx_range),
    }
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def load_planned(folder: Path, events: Mapping | None, min_cell: int, trend_url: str,
                 cache_file: Path | None, approx_range=DEFAULT_APPROX_RANGE) -> Planned:
    """Survey, aggregates and plan for ``folder``: from ``cache_file`` when its key matches."""
    key = plan_key(folder, events, min_cell, trend_url, approx_range) if cache_file else ""
    cached = _read(cache_file, key) if cache_file else None
    if cached is not None:
        return cached
    survey = load_survey(folder, events=events)  # raises PollDataError: nothing is stored
    aggregates = aggregate(survey, min_cell=min_cell)
    planned = Planned(survey, aggregates, site_plan.plan(survey, aggregates, min_cell, trend_url, approx_range))
    if cache_file:
        for spec in planned.plan.specs:
            spec.canonical()  # stored with the spec: the chart cache keys of the next build cost nothing
        _write(cache_file, key, planned)
    return planned


def _read(cache_file: Path, key: str) -> Planned | None:
    stored = read_pickle(cache_file)  # None: none yet, damaged, or written by other code: plan afresh
    if not isinstance(stored, dict) or stored.get("key") != key or not isinstance(stored.get("planned"), Planned):
        return None
    return stored["planned"]


def _write(cache_file: Path, key: str, planned: Planned) -> None:
    write_pickle(cache_file, {"key": key, "planned": planned})


__all__ = ["Planned", "load_planned", "plan_key"]
