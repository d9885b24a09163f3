"""The poll engine is a plain library: importing it (and the site model it reads events from) loads no Pelican."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _loaded(imports: str, packages: set[str]) -> str:
    """Which of ``packages`` a fresh interpreter has loaded after ``import <imports>``."""
    code = f"import sys, {imports}\nprint(sorted({{m.split('.')[0] for m in sys.modules}} & {packages!r}))"
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={"PYTHONPATH": str(ROOT / "plugins")},
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def test_the_engine_charts_report_and_site_model_import_without_pelican():
    assert _loaded("polls, polls.charts, polls.report, polls_site.page_plan, meetup.standalone, netdata",
                   {"pelican"}) == "[]"


def test_statsmodels_is_imported_only_when_a_trend_is_fitted():
    # statsmodels and scipy take a second to import: the engine, its stats and the site plan
    # load them only inside the trend fit
    assert _loaded("polls, polls.stats.intervals, polls.stats.comparisons, polls_site.page_plan, polls.report",
                   {"statsmodels", "scipy"}) == "[]"
