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


def _network_settings_file(settings: str | None) -> dict:
    """pelicanconf.py (or --settings) read by Pelican; the netdata library gets plain values."""
    from pelican.settings import read_settings

    path = Path(settings) if settings else ROOT / "pelicanconf.py"
    return dict(read_settings(str(path))) if path.is_file() else {}


def _network_exit(code: int) -> None:
    from invoke.exceptions import Exit

    if code:
        raise Exit(code=code)


@task(
    help={
        "settings": "settings file to read POLLS_REMOTE_SHEETS from (default: pelicanconf.py)",
        "survey": "folder to write the poll sheets into (default: survey/)",
    }
)
def fetch_polls(c, settings=None, survey=None):
    """Download the remote poll sheets listed in POLLS_REMOTE_SHEETS into survey/."""
    from netdata import commands

    site = _network_settings_file(settings)
    _network_exit(commands.fetch_polls(site, Path(survey) if survey else ROOT / "survey"))
