"""Download remote poll sheets into survey/, keeping the last good file when anything fails.

For each sheet: a conditional GET (ETag / Last-Modified from the state file), a
content-type and CSV check, validation through the poll engine on a temporary
copy, then an atomic replace.  The old file is only replaced by a file that has
passed every check.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import requests
from kernel.problems import InputError, Problem, display_path

from . import atomic
from .errors import NetworkDataError
from .http import HttpPolicy, fetch, make_session

STATE_FILE = ".fetch-state.json"
CSV_TYPES = (
    "text/csv",
    "application/csv",
    "text/comma-separated-values",
    "text/plain",
    "application/octet-stream",
    "application/vnd.ms-excel",
)
SNIFF_BYTES = 64 * 1024

Validator = Callable[[Path], None]


@dataclass(frozen=True)
class RemoteSheet:
    """One configured source: where to download from and the file name in survey/."""

    url: str
    file: str


@dataclass(frozen=True)
class SheetResult:
    """What happened to one sheet; ``problems`` explain a failure, one line each."""

    sheet: RemoteSheet
    outcome: str  # created | updated | unchanged | failed
    detail: str
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.outcome != "failed"

    def summary(self, survey_label: str) -> str:
        return f"{survey_label}/{self.sheet.file}: {self.outcome}: {self.detail}"


def parse_sheets(raw: object, origin: str = "pelicanconf.py") -> list[RemoteSheet]:
    """Check POLLS_REMOTE_SHEETS and turn it into :class:`RemoteSheet` items."""
    if not isinstance(raw, (list, tuple)):
        raise NetworkDataError(Problem(origin, message="POLLS_REMOTE_SHEETS must be a list of {url, file} entries"))
    problems: list[Problem] = []
    sheets: list[RemoteSheet] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw, start=1):
        where = f"POLLS_REMOTE_SHEETS entry {index}"
        if not isinstance(entry, dict):
            problems.append(Problem(origin, message=f"{where} must be a mapping with url and file"))
            continue
        url, name = entry.get("url"), entry.get("file")
        if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
            problems.append(Problem(origin, message=f"{where}: url must be an http(s) URL"))
            continue
        if not isinstance(name, str) or not _plain_csv_name(name):
            problems.append(Problem(origin, message=f"{where}: file must be a plain file name ending in .csv"))
            continue
        if name in seen:
            problems.append(Problem(origin, message=f"{where}: file {name} is listed twice"))
            continue
        seen.add(name)
        sheets.append(RemoteSheet(url=url, file=name))
    if problems:
        raise NetworkDataError(problems)
    return sheets


def _plain_csv_name(name: str) -> bool:
    path = PurePosixPath(name)
    return "\\" not in name and len(path.parts) == 1 and not name.startswith(".") and path.suffix.lower() == ".csv"


def check_csv(body: bytes, label: str) -> list[Problem]:
    """Problems that show a download is not a CSV poll sheet (an HTML login page, a binary...)."""
    if not body.strip():
        return [Problem(label, message="the download is empty")]
    head = body[:SNIFF_BYTES]
    if b"\x00" in head:
        return [Problem(label, message="the download is a binary file, not CSV")]
    # Only ASCII delimiters and markup matter here, so any 8-bit encoding sniffs the same.
    sample = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if sample.startswith("<"):
        return [
            Problem(
                label,
                message="the download is an HTML page, not CSV (is the sheet published to the web as CSV?)",
            )
        ]
    if len(body) > SNIFF_BYTES and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    try:
        csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return [Problem(label, message="the download does not look like CSV (no column delimiter)")]
    return []


def engine_validator(survey_dir: Path, events: Mapping[str, Mapping] | None = None) -> Validator:
    """Validate a downloaded file as the next build would: the poll engine on the whole folder.

    The survey folder is copied to a temporary folder and read twice by the
    engine: without the file, then with the new file in its place.  Problems of
    the new file count, and so do problems it causes elsewhere (another file of
    the same meetup answering the same questions); a problem the folder already
    had without it is not a reason to refuse a good download.

    ``events`` are the site's (by slug), so a sheet named after no event is
    refused as the build refuses it.  Without a site (a standalone survey
    folder) a stand-in event lets the engine check the data itself (index.yaml
    and the file's own metadata still take precedence over it).
    """

    def validate(path: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="recap-fetch-") as tmp:
            copy = Path(tmp) / "survey"
            if survey_dir.is_dir():
                shutil.copytree(survey_dir, copy, ignore=shutil.ignore_patterns(STATE_FILE, ".*.tmp"))
            else:
                copy.mkdir()
            (copy / path.name).unlink(missing_ok=True)
            known = events if events is not None else _stand_in(path.stem)
            before = set(_engine_problems(copy, known))
            shutil.copyfile(path, copy / path.name)
            new_file = display_path((copy / path.name).resolve())
            caused = [p for p in _engine_problems(copy, known) if p.file == new_file or p not in before]
            if caused:
                raise NetworkDataError([_moved(p, display_path(copy.resolve()), survey_dir) for p in caused])

    return validate


def _stand_in(slug: str) -> dict[str, dict]:
    return {
        slug: {"title": slug, "date": dt.date(1970, 1, 1), "group": "", "attendance": None, "attendance_approx": False}
    }


def _engine_problems(folder: Path, events: Mapping[str, Mapping]) -> list[Problem]:
    # Imported here: the engine pulls in pandas, and fetching must not need it to start.
    import polls

    try:
        polls.load_survey(folder, events)
    except InputError as exc:
        return list(exc.problems)
    return []


def _moved(problem: Problem, copy: str, survey_dir: Path) -> Problem:
    """A problem found in the temporary copy, told in terms of the real survey folder."""
    real = display_path(survey_dir)
    return Problem(
        problem.file.replace(copy, real, 1), problem.line, problem.column, problem.message.replace(copy, real)
    )


def _conditional_headers(entry: dict, sheet: RemoteSheet, target: Path) -> dict[str, str]:
    # Validators only make sense for the URL they came from and while the file still exists.
    if entry.get("url") != sheet.url or not target.is_file():
        return {}
    headers = {}
    if entry.get("etag"):
        headers["If-None-Match"] = entry["etag"]
    if entry.get("last_modified"):
        headers["If-Modified-Since"] = entry["last_modified"]
    return headers


def fetch_sheet(
    sheet: RemoteSheet,
    survey_dir: Path,
    state: dict,
    session: requests.Session,
    policy: HttpPolicy,
    validate: Validator,
) -> tuple[SheetResult, dict | None]:
    """Fetch one sheet; return the result and its new state entry (None: keep the old one)."""
    target = survey_dir / sheet.file
    had_file = target.is_file()
    candidate: Path | None = None
    keep = "kept the last good file" if had_file else "no local copy yet"
    entry = state.get(sheet.file, {}) if isinstance(state.get(sheet.file), dict) else {}
    try:
        got = fetch(
            session,
            sheet.url,
            policy,
            headers=_conditional_headers(entry, sheet, target),
            content_types=CSV_TYPES,
            ok_statuses=(200, 304),
        )
        if got.status == 304:
            return SheetResult(sheet, "unchanged", "not modified since the last fetch"), None
        problems = check_csv(got.body, sheet.url)
        if problems:
            raise NetworkDataError(problems)
        with tempfile.TemporaryDirectory(prefix="recap-fetch-") as tmp:
            candidate = Path(tmp) / sheet.file
            candidate.write_bytes(got.body)
            validate(candidate)
    except InputError as exc:
        new_file = {display_path(target)} | ({str(candidate)} if candidate else set())
        problems = tuple(_point_at(p, sheet, new_file) for p in exc.problems)
        first = problems[0]
        # a problem the download causes in another local file must say which file
        reason = first.message if first.file.startswith(sheet.url) else str(first)
        return SheetResult(sheet, "failed", f"{reason}; {keep}", problems), None

    digest = hashlib.sha256(got.body).hexdigest()
    new_entry = {
        "url": sheet.url,
        "etag": got.headers.get("etag", ""),
        "last_modified": got.headers.get("last-modified", ""),
        "sha256": digest,
    }
    size = f"{len(got.body):,} bytes"
    if had_file and hashlib.sha256(target.read_bytes()).hexdigest() == digest:
        return SheetResult(sheet, "unchanged", f"same content ({size})"), new_entry
    atomic.write_bytes(target, got.body)
    outcome = "updated" if had_file else "created"
    return SheetResult(sheet, outcome, f"downloaded {size} from {sheet.url}"), new_entry


def _point_at(problem: Problem, sheet: RemoteSheet, new_file: set[str]) -> Problem:
    # Problems of the downloaded file name a temporary or future path; the user needs the
    # URL the data came from.  Problems it causes in other local files keep their path.
    if problem.file not in new_file:
        return problem
    return Problem(f"{sheet.url} ({sheet.file})", problem.line, problem.column, problem.message)


def fetch_polls(
    sheets: Iterable[RemoteSheet],
    survey_dir: str | Path,
    policy: HttpPolicy,
    *,
    validate: Validator | None = None,
    session: requests.Session | None = None,
    events: Mapping[str, Mapping] | None = None,
) -> list[SheetResult]:
    """Fetch every sheet into ``survey_dir``; one result per sheet, in the given order.

    Without ``validate``, each download is checked by :func:`engine_validator`
    against the site's ``events`` (None: a survey folder without a site).

    The state file (ETag, Last-Modified, checksum per file) is rewritten
    atomically at the end, keeping old entries of sheets that failed.
    """
    survey_dir = Path(survey_dir)
    state_path = survey_dir / STATE_FILE
    state = atomic.read_json(state_path, {})
    if not isinstance(state, dict):
        state = {}
    validate = validate or engine_validator(survey_dir, events)
    session = session or make_session(policy)
    results: list[SheetResult] = []
    new_state: dict = {}
    sheets = list(sheets)
    for sheet in sheets:
        result, entry = fetch_sheet(sheet, survey_dir, state, session, policy, validate)
        results.append(result)
        if entry is not None:
            new_state[sheet.file] = entry
        elif sheet.file in state:
            new_state[sheet.file] = state[sheet.file]
    if sheets and new_state != state:
        atomic.write_json(state_path, new_state)
    return results
