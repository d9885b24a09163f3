"""The sponsor report: what the meetups reached, from the same numbers as the site.

A plain library (no Pelican, no site plugin): it reads the site as plain records
(:mod:`polls.report.records`) that the caller fills from its own model;
``invoke survey-report`` does it through ``polls_site.sponsor_report``.  A
notebook can call the steps itself::

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
from .records import ReportEvent, ReportGroup, ReportSite, ReportSpeaker, ReportSponsor, ReportTalk

__all__ = ["FILE_NAMES", "FORMATS", "Report", "ReportError", "ReportEvent", "ReportGroup", "ReportOptions",
           "ReportSite", "ReportSpeaker", "ReportSponsor", "ReportTalk", "build_report", "make_report",
           "parse_options", "render", "write_files"]


def render(report: Report, options: ReportOptions) -> dict[str, bytes]:
    """Every asked-for format as bytes, keyed by file name (nothing is written here)."""
    from .html import render_html
    from .markdown import render_markdown
    from .pdf import render_pdf

    renderers = {"html": render_html, "pdf": lambda r: render_pdf(r, options.paper),
                 "md": lambda r: render_markdown(r, options.siteurl)}
    return {FILE_NAMES[fmt]: renderers[fmt](report) for fmt in options.formats}


def make_report(site: ReportSite, survey, options: ReportOptions, content_dir: Path,
                today: dt.date | None = None) -> list[Path]:
    """Check everything, render every format, then write them in one step.

    ``site`` holds the records the caller filled from its site model (see
    :mod:`polls.report.records`); ``content_dir`` is where sponsor logos are.
    Raises a ReportError before anything is written when the options do not
    allow a report.
    """
    check_out(Path(options.out).absolute())
    report = build_report(site, survey, options, today or dt.date.today(), Path(content_dir))
    return write_files(options.out, render(report, options))
