"""What each network task does, minus argument parsing: plain settings in, exit code out.

tasks.py reads pelicanconf.py (with Pelican) and calls these; they print a
summary line per source or file and one line per problem, and return the exit
code instead of raising, so a failure never ends in a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from problems import InputError, display_path

Echo = Callable[[str], None]


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def report_problems(exc: InputError, err: Echo = _err) -> int:
    for problem in exc.problems:
        err(str(problem))
    return 1


def fetch_polls(
    site_settings: Mapping,
    survey_dir: Path,
    *,
    echo: Echo = print,
    err: Echo = _err,
    validate=None,
) -> int:
    """`invoke fetch-polls`: download every POLLS_REMOTE_SHEETS entry into ``survey_dir``."""
    from .fetch_polls import fetch_polls as run
    from .fetch_polls import parse_sheets
    from .settings import network_settings

    try:
        settings = network_settings(site_settings)
        sheets = parse_sheets(settings.remote_sheets)
    except InputError as exc:
        return report_problems(exc, err)
    if not sheets:
        echo("POLLS_REMOTE_SHEETS is empty: no remote poll sheets to fetch")
        return 0
    results = run(sheets, survey_dir, settings.polls_policy, validate=validate)
    label = display_path(survey_dir)
    for result in results:
        (echo if result.ok else err)(result.summary(label))
        if len(result.problems) > 1:
            for problem in result.problems:
                err(f"  {problem}")
    failed = sum(not r.ok for r in results)
    echo(f"{len(results) - failed} of {len(results)} poll sheets fetched or up to date")
    return 1 if failed else 0
