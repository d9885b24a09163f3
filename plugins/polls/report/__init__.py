"""The sponsor report: what the meetups reached, from the same numbers as the site.

A plain library (no Pelican): ``invoke survey-report`` parses options and calls
:func:`make_report`; a notebook can call the steps itself::

    options = parse_options(out="report", sponsor="red-hat")
    report = build_report(site, survey, options, today, content_dir)   # plain data
    files = render(report, options)                                      # name -> bytes
    write_files(options.out, files)                                      # all or nothing

See docs/sponsor-report.md for what the report says and how each figure is made.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .data import Report, build_report
from .errors import ReportError
from .options import FILE_NAMES, FORMATS, ReportOptions, parse_options
from .output import check_out, write_files

__all__ = ["FILE_NAMES", "FORMATS", "Report", "ReportError", "ReportOptions", "build_report", "make_report",
           "parse_options", "render", "write_files"]


def render(report: Report, options: ReportOptions) -> dict[str, bytes]:
    """Every asked-for format as bytes, keyed by file name (nothing is written here)."""
    from .html import render_html
    from .markdown import render_markdown
    from .pdf import render_pdf

    renderers = {"html": render_html, "pdf": lambda r: render_pdf(r, options.paper),
                 "md": lambda r: render_markdown(r, options.siteurl)}
    return {FILE_NAMES[fmt]: renderers[fmt](report) for fmt in options.formats}


def make_report(content_dir: Path, survey_dir: Path, options: ReportOptions, *, settings: dict | None = None,
                today: dt.date | None = None) -> list[Path]:
    """Read the site and its polls, check everything, render every format, then write them in one step.

    Raises an ``InputError`` (ReportError, ContentError, PollDataError) before
    anything is written when the options, the content or the poll data do not
    allow a report.
    """
    from meetup import urls
    from meetup.settings import DEFAULTS
    from meetup.standalone import load_site, poll_events

    from ..read.folder import load_survey

    check_out(Path(options.out).absolute())
    site = load_site(Path(content_dir), settings)
    urls.assign(site, {**DEFAULTS, **(settings or {})})  # the talks' links, as the site builds them
    survey = load_survey(Path(survey_dir), events=poll_events(site))
    report = build_report(site, survey, options, today or dt.date.today(), Path(content_dir))
    return write_files(options.out, render(report, options))
