"""The options of ``invoke survey-report``, parsed and checked before anything is read or written.

Every option is checked and every problem reported at once, as ``--option: message``
lines, so a user fixes a command in one round.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..approx import DEFAULT_APPROX_RANGE, check_range
from ..errors import PollDataError
from ..stats.suppression import DEFAULT_MIN_CELL, published_min_cell
from .errors import Problem, ReportError

FORMATS = ("html", "pdf", "md")
PAPERS = ("a4", "letter")  # PDF page sizes; the tables fit the narrower A4's printable width
DEFAULT_FORMATS = FORMATS
#: File names inside the --out folder, one per format.
FILE_NAMES = {"html": "sponsor-report.html", "pdf": "sponsor-report.pdf", "md": "sponsor-report.md"}


@dataclass(frozen=True)
class ReportOptions:
    """What to report on and where: the period, the group, the sponsor and the formats."""

    out: Path
    since: dt.date | None = None
    until: dt.date | None = None
    last: int | None = None
    group: str | None = None
    sponsor: str | None = None
    formats: tuple[str, ...] = DEFAULT_FORMATS
    min_cell: int = DEFAULT_MIN_CELL
    siteurl: str = ""
    paper: str = "a4"
    #: the site's POLLS_APPROX_RANGE: what a "~" figure may have been, in every verdict
    approx_range: tuple[float, float] = DEFAULT_APPROX_RANGE


def _date(name: str, value: str | None, problems: list[Problem]) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.append(Problem(name, 0, 0, f"expected an ISO date such as 2015-10-15, got {value!r}"))
        return None


def _positive(name: str, value, problems: list[Problem], allow_zero: bool = False) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value))
    except ValueError:
        number = None
    if number is None or number < (0 if allow_zero else 1):
        least = "0 or more" if allow_zero else "1 or more"
        problems.append(Problem(name, 0, 0, f"expected a whole number, {least}; got {value!r}"))
        return None
    return number


def _formats(value, problems: list[Problem]) -> tuple[str, ...]:
    if value in (None, ""):
        return DEFAULT_FORMATS
    asked = [part.strip().lower() for part in str(value).split(",") if part.strip()]
    unknown = [part for part in asked if part not in FORMATS]
    if unknown or not asked:
        problems.append(Problem("--formats", 0, 0, f"unknown format {', '.join(map(repr, unknown)) or repr(value)}; "
                                f"choose from {','.join(FORMATS)}"))
        return DEFAULT_FORMATS
    # Canonical order, duplicates dropped: the same request always writes the same files.
    return tuple(fmt for fmt in FORMATS if fmt in asked)


def _paper(value: str | None, problems: list[Problem]) -> str:
    paper = (value or "a4").strip().lower()
    if paper not in PAPERS:
        problems.append(Problem("--paper", 0, 0, f"unknown paper size {value!r}; choose from {', '.join(PAPERS)}"))
        return "a4"
    return paper


def _siteurl(value: str | None, problems: list[Problem]) -> str:
    url = (value or "").strip().rstrip("/")
    if url and not url.startswith(("http://", "https://")):
        problems.append(Problem("--siteurl", 0, 0, f"expected an absolute http(s) address, got {value!r}"))
        return ""
    return url


def parse_options(
    out,
    since: str | None = None,
    until: str | None = None,
    last=None,
    group: str | None = None,
    sponsor: str | None = None,
    formats: str | None = None,
    min_cell=None,
    siteurl: str | None = None,
    site_min_cell: int = DEFAULT_MIN_CELL,
    paper: str | None = None,
    approx_range=DEFAULT_APPROX_RANGE,
) -> ReportOptions:
    """Options as typed on the command line; raises ReportError listing every problem.

    ``site_min_cell`` is the site's ``POLLS_MIN_CELL``: the default threshold, and the
    lowest ``--min-cell`` accepted (the report must not show what the site hides).
    """
    problems: list[Problem] = []
    if out in (None, ""):
        problems.append(Problem("--out", 0, 0, "name the folder to write the report into"))
    start = _date("--since", since, problems)
    end = _date("--until", until, problems)
    if start and end and start > end:
        problems.append(Problem("--since", 0, 0, f"{start} is after --until {end}"))
    count = _positive("--last", last, problems)
    if count is not None and start is not None:
        problems.append(Problem("--last", 0, 0, "use either --last or --since, not both"))
    cell = _positive("--min-cell", min_cell, problems, allow_zero=False)
    try:
        cell = published_min_cell(cell, site_min_cell)
    except PollDataError as error:
        problems += error.problems
    chosen = _formats(formats, problems)
    url = _siteurl(siteurl, problems)
    size = _paper(paper, problems)
    try:
        approx_range = check_range(approx_range)
    except PollDataError as error:
        problems += error.problems
    if problems:
        raise ReportError(problems)
    return ReportOptions(
        out=Path(out), since=start, until=end, last=count, group=(group or None), sponsor=(sponsor or None),
        formats=chosen, min_cell=cell, siteurl=url, paper=size, approx_range=approx_range,
    )
