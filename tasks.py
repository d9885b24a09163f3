"""Invoke tasks for Recap: ``invoke --list`` shows them all.

Tasks only parse arguments and call library functions; the work happens in
plugins/ (the site) and the poll engine.  Sections below are kept apart so each
area's tasks stay together.
"""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

# --- site: build, rebuild, serve, livereload, clean, publish, test, lint ------------


# --- polls: survey-check, survey-export, bench-polls --------------------------------


# --- charts: bench -------------------------------------------------------------------


# --- report: survey-report -----------------------------------------------------------


# --- network: fetch-polls, import-schedule, import-meetup, linkcheck -----------------
