"""Report test helpers: build a report from a content/ + survey/ pair and read its three files back.

``expected_figures`` recomputes every published figure straight from the poll
engine (``aggregate`` then ``pool``) and writes it the way docs/sponsor-report.md
says, so the tests compare the report against the engine, not against itself.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import markdown
import pandas as pd
from bs4 import BeautifulSoup
from meetup import urls
from meetup.settings import DEFAULTS
from meetup.standalone import load_site, poll_events
from polls import aggregate, load_survey
from polls.report import parse_options
from polls.stats.comparisons import pool
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


def expected_figures(content: Path, survey_dir: Path, group: str, slugs: list[str] | None = None,
                     min_cell: int = 10) -> dict[tuple[str, str], dict]:
    """(question, option) -> the texts the report must show for one group's held meetups."""
    site = load_site(content, {"MEETUP_TIMEZONE": "Europe/Prague"})
    survey = load_survey(survey_dir, events=poll_events(site))
    table = aggregate(survey, min_cell=min_cell)
    held = [e.slug for e in site.events if e.group and e.group.slug == group and e.date <= TODAY]
    surveys = [s for s in (slugs or held) if s in set(survey.meetups["survey"])]
    topics = {q.id for q in survey.catalog.questions if q.topic in ("audience", "adoption")}
    rows = table[table["survey"].isin(surveys) & table["question"].isin(topics)]
    out = {}
    for (question, option), cells in rows.groupby(["question", "option"], sort=True):
        published = list(cells.loc[~cells["suppressed"], "survey"])
        if not published:
            out[(question, option)] = {"hidden": True}
            continue
        pooled = pool(survey, question, option, published, min_cell=min_cell)
        mark = "≈" if pooled.approx else ""
        shown = cells[~cells["suppressed"]]
        # a percentage typed into a tally counts as written: "~35%" of 48 is 16.8 people
        people = sum(Fraction(str(float(w))) * int(b) if pd.notna(w) else Fraction(int(c))
                     for w, b, c in zip(shown["written"], shown["base"], shown["count"], strict=True))
        share = people / int(shown["base"].sum())
        out[(question, option)] = {
            "hidden": pooled.suppressed,
            "share": f"{mark}{math.floor(share * 100 + Fraction(1, 2))} %" if not pooled.suppressed else "",
            "interval": f"{math.floor(pooled.ci_low * 100 + 0.5)}–{math.floor(pooled.ci_high * 100 + 0.5)} %"
            if not pooled.suppressed else "",
            "n": f"{mark}{pooled.base} {pooled.base_kind}",
            "published": len(published),
            "asked": len(cells),
        }
    return out


def site_of(content: Path):
    site = load_site(content, {"MEETUP_TIMEZONE": "Europe/Prague"})
    urls.assign(site, DEFAULTS)
    return site


def records_of(content: Path):
    """The site as the report reads it: plain records filled from the site model."""
    return report_site(site_of(content))


