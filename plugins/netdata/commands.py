"""What each network task does, minus argument parsing: plain settings in, exit code out.

tasks.py reads pelicanconf.py (with Pelican) and calls these; they print a
summary line per source or file and one line per problem, and return the exit
code instead of raising, so a failure never ends in a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from kernel.problems import InputError, display_path

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
    events: Mapping[str, Mapping] | None = None,
) -> int:
    """`invoke fetch-polls`: download every POLLS_REMOTE_SHEETS entry into ``survey_dir``.

    ``events`` are the site's, so a sheet is checked as the build will check it.
    """
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
    results = run(sheets, survey_dir, settings.polls_policy, validate=validate, events=events)
    label = display_path(survey_dir)
    for result in results:
        (echo if result.ok else err)(result.summary(label))
        if len(result.problems) > 1:
            for problem in result.problems:
                err(f"  {problem}")
    failed = sum(not r.ok for r in results)
    echo(f"{len(results) - failed} of {len(results)} poll sheets fetched or up to date")
    return 1 if failed else 0


def _report_files(results, content_dir: Path, echo: Echo) -> None:
    for result in results:
        echo(result.line(content_dir))
    counts = {a: sum(r.action == a for r in results) for a in ("created", "updated", "unchanged", "skipped")}
    echo(", ".join(f"{n} {action}" for action, n in counts.items()))


def import_schedule(
    site_settings: Mapping,
    source: str,
    event: str,
    content_dir: Path,
    *,
    force: bool = False,
    echo: Echo = print,
    err: Echo = _err,
) -> int:
    """`invoke import-schedule`: talk and speaker files for ``event`` from a schedule."""
    from .schedule_import import import_schedule as run
    from .settings import network_settings

    try:
        settings = network_settings(site_settings)
        results = run(
            source,
            event,
            content_dir,
            settings.import_policy,
            force=force,
            max_talks=settings.import_max_talks,
            max_speakers=settings.import_max_speakers,
        )
    except InputError as exc:
        return report_problems(exc, err)
    _report_files(results, content_dir, echo)
    if not (content_dir / "events" / f"{event}.md").is_file():
        err(
            f"note: {display_path(content_dir)}/events/{event}.md does not exist yet; "
            "the build reports these talks until it does"
        )
    return 0


def import_meetup(
    site_settings: Mapping,
    group: str,
    event_id: str,
    token: str,
    content_dir: Path,
    *,
    slug: str = "",
    endpoint: str = "",
    force: bool = False,
    echo: Echo = print,
    err: Echo = _err,
) -> int:
    """`invoke import-meetup`: create or update one event's file from Meetup.com."""
    from .meetup_import import import_meetup as run
    from .settings import network_settings

    if not token:
        err("MEETUP_TOKEN is not set: export a Meetup OAuth access token in that variable")
        return 1
    try:
        settings = network_settings(site_settings)
        results = run(
            group,
            event_id,
            token,
            content_dir,
            settings.import_policy,
            endpoint=endpoint or settings.meetup_api_url,
            slug=slug,
            force=force,
        )
    except InputError as exc:
        return report_problems(exc, err)
    _report_files(results, content_dir, echo)
    return 0


def linkcheck(
    site_settings: Mapping,
    output_dir: Path,
    cache_path: Path,
    *,
    echo: Echo = print,
    err: Echo = _err,
) -> int:
    """`invoke linkcheck`: every external link of the built site; non-zero when any is broken."""
    from .linkcheck import linkcheck as run
    from .settings import network_settings

    try:
        settings = network_settings(site_settings)
        report = run(
            output_dir,
            cache_path,
            settings.linkcheck_policy,
            workers=settings.linkcheck_workers,
            host_interval=settings.linkcheck_host_interval,
            max_age_hours=settings.linkcheck_cache_hours,
            ignore=settings.linkcheck_ignore,
        )
    except InputError as exc:
        return report_problems(exc, err)
    for problem in report.problems(display_path(output_dir)):
        err(str(problem))
    cached = sum(s.cached for s in report.statuses.values())
    echo(f"{len(report.statuses)} external links checked ({cached} from the cache), {len(report.broken)} broken")
    return 1 if report.broken else 0
