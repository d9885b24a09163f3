"""The poll engine is a plain library: importing it (and the site model it reads events from) loads no Pelican."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_engine_charts_report_and_site_model_import_without_pelican():
    code = (
        "import sys, polls, polls.charts, polls.report, polls_site.page_plan, meetup.standalone, netdata\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pelican'))"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={"PYTHONPATH": str(ROOT / "plugins")},
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
