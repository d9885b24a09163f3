"""Report test helpers: build a report from a content/ + survey/ pair and read its three files back.

The figures the report must show are written out in report_expected.py, not computed here.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import markdown
from bs4 import BeautifulSoup
from meetup import urls
from meetup.settings import DEFAULTS
from meetup.standalone import load_site
from polls.report import parse_options
from polls_site.sponsor_report import make_report, report_site
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 6, 1)  # after every sample meetup that has happened; before the scheduled ones


@dataclass
class Built:
    out: Path
    content: Path
    survey: Path

    @property
    def html(self) -> BeautifulSoup:
        return BeautifulSoup((self.out / "sponsor-report.html").read_text(encoding="utf-8"), "html.parser")

    @property
    def pdf_text(self) -> str:
        reader = PdfReader(io.BytesIO((self.out / "sponsor-report.pdf").read_bytes()))
        return "\n".join(page.extract_text() for page in reader.pages)

    @property
    def markdown_text(self) -> str:
        return (self.out / "sponsor-report.md").read_text(encoding="utf-8")

    @property
    def markdown_html(self) -> BeautifulSoup:
        return BeautifulSoup(markdown.markdown(self.markdown_text, extensions=["tables"]), "html.parser")


def build(content: Path, survey: Path, out: Path, today: dt.date = TODAY, **options) -> Built:
    make_report(content, survey, parse_options(out, **options), settings={"MEETUP_TIMEZONE": "Europe/Prague"},
                today=today)
    return Built(out, content, survey)


def percent(count: int, base: int) -> str:
    """docs/sponsor-report.md: whole percents, rounded half up (in integers, so 23 of 40 is 58 %)."""
    return f"{(200 * count + base) // (2 * base)} %"


def site_of(content: Path):
    site = load_site(content, {"MEETUP_TIMEZONE": "Europe/Prague"})
    urls.assign(site, DEFAULTS)
    return site


def records_of(content: Path):
    """The site as the report reads it: plain records filled from the site model."""
    return report_site(site_of(content))


