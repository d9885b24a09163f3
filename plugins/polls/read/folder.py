"""A survey folder (survey/) read into one ``Survey``: meetups, counts and the catalog.

Conventions (docs/poll-formats.md): ``questions.yaml`` is the catalog; a poll file
belongs to the meetup it is named after (survey/<event-slug>.yaml|.csv|.xlsx, or
any poll files in a folder survey/<event-slug>/); a tally's ``event:`` key or an
entry in ``index.yaml`` overrides the name.  Names, dates and headcounts come from
index.yaml, then the tally itself, then the site's events.  When the site's events
are given, a poll must name one of them (or be listed in index.yaml): a slug typo
must not become a made-up meetup.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from kernel import yaml_nodes as yn
from kernel.safepath import Outside, link_problems, resolve_inside

from ..approx import MARK, count_range
from ..errors import PollDataError, Problem
from .catalog import Catalog, load_catalog
from .encoding import encoding_problem
from .form_exports import Export, Options, read_export
from .formats.detect import FORMATS, POLL_SUFFIXES, TALLY_SUFFIXES
from .mapping import UNMAPPED_POLICIES
from .sheet import delimiter_problem
from .tally import Tally, read_date, read_tally
from .validate import Figure, parse_figure, resolve_count

CATALOG_FILE = "questions.yaml"
INDEX_FILE = "index.yaml"
INDEX_TOP_KEYS = ("meetups",)
INDEX_KEYS = (
    "id",
    "title",
    "date",
    "group",
    "attended",
    "file",
    "files",
    "format",
    "encoding",
    "delimiter",
    "unmapped",
)

MEETUP_COLUMNS = {
    "survey": "str",
    "title": "str",
    "date": "datetime64[ns]",
    "group": "str",
    "attended": "Int64",
    "attended_approx": "bool",
    "respondents": "Int64",
    "source": "str",
    "format": "str",
    "encoding": "str",
    "delimiter": "str",
    "demo": "bool",
}
COUNT_COLUMNS = {
    "survey": "str",
    "question": "str",
    "option": "str",
    "count": "Int64",
    "answered": "Int64",
    "ignored": "Int64",
    "attended": "Int64",
    "base": "Int64",
    "base_kind": "str",
    "approx": "bool",
    "count_approx": "bool",
    "base_approx": "bool",
    "written": "Float64",
    "method": "str",
    "asked": "str",
}
#: How a poll was taken, from its format: comparing the two is comparing different things.
TALLY_METHOD = "tally"
FORM_METHOD = "form"
TEXT_COLUMNS = {"survey": "str", "question": "str", "text": "str", "n": "Int64"}


@dataclass(frozen=True)
class Survey:
    """Everything the statistics stage needs; see docs/polls-engine-contract.md."""

    meetups: pd.DataFrame
    counts: pd.DataFrame
    catalog: Catalog
    texts: pd.DataFrame = field(default_factory=lambda: _frame([], TEXT_COLUMNS))


@dataclass
class Entry:
    """One meetup of survey/index.yaml."""

    id: str
    node: yn.Node
    title: str | None = None
    date: dt.date | None = None
    group: str | None = None
    attended: Figure | None = None
    files: list[str] = field(default_factory=list)
    #: Line and column in index.yaml of each name in ``files``.
    named_at: dict[str, tuple[int, int]] = field(default_factory=dict)
    options: Options = Options()


@dataclass
class PollFile:
    survey: str
    path: Path
    file: str
    tally: Tally | None = None
    export: Export | None = None


def load_survey(path: str | Path, events: Mapping[str, Mapping] | None = None) -> Survey:
    """Read a survey folder; raises PollDataError listing every problem of every file.

    ``events`` (the site's, by slug) is None for a standalone folder; given, every poll
    file must name one of them or a meetup of index.yaml.
    """
    root = Path(path)
    if not root.is_dir():
        raise PollDataError(Problem(str(root), 0, 0, "survey folder not found"))
    links = [Problem(str(Path(_display(found.link.parent)) / found.link.name), 0, 0, found.message)
             for found in link_problems(root)]
    if links:  # nothing is read through a link that leaves the folder, loops or is broken
        raise PollDataError(links)
    catalog = load_catalog(root / CATALOG_FILE, _display(root / CATALOG_FILE))
    entries, problems = _read_index(root)
    polls = _poll_files(root, entries)
    missing = [p for p in polls if not p.path.is_file()]
    problems += [_not_found(p, entries, root) for p in missing]
    polls = [p for p in polls if p not in missing]
    for poll in polls:
        entry = entries.get(poll.survey)
        if poll.path.suffix.lower() in TALLY_SUFFIXES:
            poll.tally = read_tally(poll.path, poll.file, catalog)
            problems += poll.tally.problems
            if poll.tally.event and poll.tally.event != poll.survey and poll.survey not in entries:
                poll.survey = poll.tally.event
        else:
            poll.export = read_export(poll.path, poll.file, catalog, entry.options if entry else Options())
            problems += poll.export.problems
    failed = {p.file for p in problems}
    meetups, counts, texts, found = _assemble(root, polls, entries, events, catalog, failed)
    problems += found
    if problems:
        raise PollDataError(sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.message)))
    return Survey(meetups, counts, catalog, texts)


def _not_found(poll: PollFile, entries: dict[str, Entry], root: Path) -> Problem:
    """A file index.yaml names that is not there, reported where index.yaml names it."""
    entry = entries[poll.survey]
    name = next(n for n in entry.files if root / n == poll.path)
    line, column = entry.named_at.get(name, (0, 0))
    return Problem(_display(root / INDEX_FILE), line, column, f"poll file {name!r} not found in the survey folder")


def _display(path: Path) -> str:
    from kernel.problems import display_path

    return display_path(path.resolve())


def _read_index(root: Path) -> tuple[dict[str, Entry], list[Problem]]:
    path = root / INDEX_FILE
    if not path.is_file():
        return {}, []
    file = _display(path)
    node, problems = yn.read_yaml(path, file)
    if node is None:
        return {}, problems
    meetups = yn.get(node, "meetups") if yn.is_mapping(node) else None
    if not yn.is_sequence(meetups):
        return {}, problems + [yn.problem(file, node, "index.yaml is a mapping with a `meetups:` list")]
    problems += yn.unknown_keys(node, INDEX_TOP_KEYS, file, "index")
    entries: dict[str, Entry] = {}
    for item in meetups.value:
        entry = _read_entry(item, file, problems, root)
        if entry is None:
            continue
        if entry.id in entries:
            problems.append(yn.problem(file, item, f"meetup {entry.id!r} is listed twice"))
            continue
        entries[entry.id] = entry
    return entries, problems


def _read_entry(node: yn.Node, file: str, problems: list[Problem], root: Path) -> Entry | None:
    sid = yn.scalar(yn.get(node, "id")) if yn.is_mapping(node) else None
    if not sid:
        problems.append(yn.problem(file, node, "each meetup in index.yaml needs an `id`"))
        return None
    entry = Entry(sid, node)
    options: dict[str, str] = {}
    problems += yn.unknown_keys(node, INDEX_KEYS, file, "index")
    for key, value in yn.items(node):
        name = yn.scalar(key)
        text = yn.scalar(value)
        if name in ("title", "group"):
            setattr(entry, name, text)
        elif name == "date":
            entry.date = read_date(value, file, problems)
        elif name == "attended":
            line, column = yn.where(value)
            entry.attended, problem = parse_figure(yn.value(value), file, line, column, "attended")
            problems += [problem] if problem else []
        elif name in ("file", "files"):
            nodes = value.value if name == "files" and yn.is_sequence(value) else [value]
            for named in nodes:
                kept = _poll_file_name(root, file, named, problems)
                if kept is not None:
                    entry.files.append(kept)
                    entry.named_at[kept] = yn.where(named)
        elif name in ("format", "encoding", "delimiter", "unmapped"):
            allowed = {"format": FORMATS[1:], "unmapped": UNMAPPED_POLICIES}.get(name)
            if allowed and text not in allowed:
                problems.append(yn.problem(file, value, f"{name}: one of {', '.join(allowed)}"))
                continue
            wrong = {"encoding": encoding_problem, "delimiter": delimiter_problem}.get(name, lambda _: None)(text or "")
            if wrong:
                problems.append(yn.problem(file, value, wrong))
                continue
            options[name] = text or ""
    entry.options = Options(**options)
    return entry


def _poll_file_name(root: Path, file: str, node: yn.Node, problems: list[Problem]) -> str | None:
    """A file index.yaml names, kept only when it lies inside the survey folder (``../x.csv`` does not)."""
    name = yn.scalar(node) or ""
    try:
        resolve_inside(root, name)
    except Outside as exc:
        problems.append(yn.problem(file, node, f"file: {exc}"))
        return None
    return name


def _poll_files(root: Path, entries: dict[str, Entry]) -> list[PollFile]:
    """Poll files by convention (named after the meetup) plus those index.yaml assigns."""
    claimed = {os.path.normpath(root / name) for e in entries.values() for name in e.files}
    polls = [
        PollFile(sid, root / name, _display(root / name))
        for sid, name in sorted((e.id, n) for e in entries.values() for n in e.files)
    ]
    for child in sorted(root.iterdir()):
        if child.name.startswith((".", "_")) or child.name in (CATALOG_FILE, INDEX_FILE):
            continue
        if child.is_dir():
            files = [
                f
                for f in sorted(child.iterdir())
                if f.suffix.lower() in POLL_SUFFIXES and not f.name.startswith((".", "_"))
            ]
            polls += [PollFile(child.name, f, _display(f)) for f in files if os.path.normpath(f) not in claimed]
        elif child.suffix.lower() in POLL_SUFFIXES and os.path.normpath(child) not in claimed:
            polls.append(PollFile(child.stem, child, _display(child)))
    return polls


def _assemble(
    root: Path,
    polls: list[PollFile],
    entries: dict[str, Entry],
    events: Mapping[str, Mapping] | None,
    catalog: Catalog,
    failed: set[str],
):
    problems: list[Problem] = []
    meetups, counts, texts = [], [], []
    by_survey: dict[str, list[PollFile]] = {}
    for poll in polls:
        by_survey.setdefault(poll.survey, []).append(poll)
    for sid, group in sorted(by_survey.items()):
        if events is not None and sid not in events and sid not in entries:
            problems += _not_an_event(sid, group, events)
            continue
        meta = _meta(sid, group, entries.get(sid), events or {}, problems)
        if meta is None:
            if all(p.file in failed for p in group):
                problems.pop()  # the file's own problems say enough; a missing date would follow
            continue
        meetup_counts = _counts(sid, group, meta, catalog, problems)
        counts += meetup_counts
        exports = [p.export for p in group if p.export]
        texts += [{"survey": sid, **t} for e in exports for t in e.texts]
        respondents = [e.respondents for e in exports if e.respondents is not None]
        meetups.append(
            {
                **meta,
                "respondents": max(respondents) if respondents else pd.NA,
                "source": ", ".join(_relative(p.path, root) for p in group),
                "format": ", ".join(dict.fromkeys(p.export.format if p.export else "tally" for p in group)),
                "encoding": ", ".join(dict.fromkeys(p.export.encoding if p.export else "utf-8" for p in group)),
                # One character each: several files' separators are simply concatenated.
                "delimiter": "".join(dict.fromkeys(p.export.delimiter for p in group if p.export)),
            }
        )
    meetup_frame = _frame(meetups, MEETUP_COLUMNS).sort_values(["date", "survey"], kind="stable")
    meetup_frame = meetup_frame.reset_index(drop=True)
    count_frame = _sort_counts(_frame(counts, COUNT_COLUMNS), meetup_frame, catalog)
    text_frame = _frame(texts, TEXT_COLUMNS)
    if not text_frame.empty:
        # Answers that differed only in what redaction blanked are one answer now.
        keys = ["survey", "question", "text"]
        merged = text_frame.groupby(keys, as_index=False, sort=True)["n"].sum()
        text_frame = _frame(merged.to_dict("records"), TEXT_COLUMNS)
    return meetup_frame, count_frame, text_frame, problems


def _not_an_event(sid: str, group: list[PollFile], events: Mapping[str, Mapping]) -> list[Problem]:
    """A poll naming a meetup the site does not have: a typo, or a meetup that would be made up.

    Reported at each file that names it: at its ``event:`` key, else at the top of the file.
    """
    message = f"no event {sid!r} on the site: name the poll file (or its `event:`) after an event's slug"
    close = difflib.get_close_matches(sid, sorted(events), n=1)
    if close:
        message += f" (did you mean the event {close[0]!r}?)"
    problems = []
    for poll in group:
        line, column = poll.tally.event_at if poll.tally and poll.tally.event == sid else (0, 0)
        problems.append(Problem(poll.file, line or 1, column or 1, message))
    return problems


def _relative(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()


def _meta(
    sid: str, group: list[PollFile], entry: Entry | None, events: Mapping[str, Mapping], problems: list[Problem]
) -> dict | None:
    tally = next((p.tally for p in group if p.tally), None) or Tally("")
    event = events.get(sid, {})
    date = (entry and entry.date) or tally.date or event.get("date")
    if date is None:
        message = (
            f"no date for meetup {sid!r}: name the file after an event of the site, "
            "or give `date:` in the tally or in survey/index.yaml"
        )
        if events:
            close = difflib.get_close_matches(sid, sorted(events), n=1)
            if close:
                message += f" (did you mean the event {close[0]!r}?)"
        problems.append(Problem(group[0].file, 0, 0, message))
        return None
    attended_figure = (entry and entry.attended) or tally.attended
    if attended_figure is not None:
        attended, approx = int(attended_figure.value), attended_figure.approx
    else:
        attended, approx = event.get("attendance"), bool(event.get("attendance_approx", False))
    return {
        "survey": sid,
        "title": (entry and entry.title) or tally.title or event.get("title") or sid,
        "date": pd.Timestamp(date),
        "group": (entry and entry.group) or tally.group or event.get("group") or "",
        "attended": attended if attended is not None else pd.NA,
        "attended_approx": approx,
        # A fictional demo group's meetups are marked wherever their figures are published.
        "demo": bool(event.get("demo", False)),
    }


def _counts(sid: str, group: list[PollFile], meta: dict, catalog: Catalog, problems: list[Problem]) -> list[dict]:
    attended = meta["attended"] if meta["attended"] is not pd.NA else None
    rows: list[dict] = []
    seen: dict[str, str] = {}
    for poll in group:
        if poll.export:
            problems += _more_answers_than_people(poll.export, attended, meta["attended_approx"])
        found = (
            _tally_rows(poll.tally, attended, meta["attended_approx"], problems)
            if poll.tally
            else (_export_rows(poll.export, attended, meta["attended_approx"], catalog, problems))
        )
        repeated = {r["question"] for r in found} & set(seen)
        for question in sorted(repeated):
            problems.append(
                Problem(
                    poll.file, 0, 0, f"question {question!r} of meetup {sid!r} is also answered in {seen[question]}"
                )
            )
        seen |= {r["question"]: poll.file for r in found if r["question"] not in repeated}
        method = TALLY_METHOD if poll.tally else FORM_METHOD
        rows += with_population(sid, [r for r in found if r["question"] not in repeated], method, catalog)
    return rows


def _more_answers_than_people(export: Export, attended: int | None, approx: bool) -> list[Problem]:
    """A form answered by more people than were in the room: a wrong headcount or a wrong file.

    Shares of everyone present would pass 100 % unnoticed on a per-question base, so the
    whole file is checked against the headcount, at the first response that does not fit.
    An approximate headcount ("~40") is held to the top of its plausible range (44).
    """
    most = count_range(attended, approx)[1] if attended is not None else None
    if most is None or not export.respondents or export.respondents <= most:
        return []
    line = export.response_line(most) if export.response_line else 0
    return [Problem(export.file, line, 1,
                    f"more answers than people present: {export.respondents} responses but a headcount of "
                    f"{MARK if approx else ''}{attended} (response {most + 1} starts here); "
                    "check the headcount or the file")]


def with_population(sid: str, rows: list[dict], method: str, catalog: Catalog) -> list[dict]:
    """Each count row gains how it was polled and who was asked; options the form did not offer go.

    An option missing from a year's form is not an answer nobody gave: a 0 there
    would be published (or suppressed as "fewer than 10") and would push other
    cells into secondary suppression.
    """
    out = []
    for row in rows:
        question = catalog.get(row["question"])
        if question is not None and not question.offered(row["option"], sid):
            continue
        asked = question.asked(sid) if question is not None else ""
        out.append({"survey": sid, **row, "method": method, "asked": asked})
    return out


def _tally_rows(tally: Tally, attended: int | None, attended_approx: bool, problems: list[Problem]) -> list[dict]:
    rows = []
    for entry in tally.entries:
        answered = int(entry.answered.value) if entry.answered else None
        if answered is not None and attended is not None and answered > attended:
            problems.append(
                Problem(
                    tally.file,
                    entry.answered.line,
                    entry.answered.column,
                    f"{entry.question.id} answered: count above base: {answered} is more than the {attended} attendees",
                )
            )
        base_kind, base = _base(entry.question.base, answered, attended)
        base_approx = attended_approx if base_kind == "attended" else bool(entry.answered and entry.answered.approx)
        what = f"{entry.question.id}" + ("" if entry.option in ("yes", "count") else f" {entry.option}")
        name = "attendees" if base_kind == "attended" else "people who answered"
        count, approx, problem = resolve_count(entry.figure, base, base_approx, name, tally.file, what)
        if problem:
            problems.append(problem)
        if count is None:
            continue
        rows.append(
            {
                "question": entry.question.id,
                "option": entry.option,
                "count": count,
                "answered": answered,
                "attended": attended,
                "base": base,
                "base_kind": base_kind,
                "approx": approx,
                # what was typed, so verdicts can try the whole plausible range and pages show "~45%" as 45 %
                "count_approx": entry.figure.approx,
                "base_approx": base_approx,
                "written": entry.figure.value / 100 if entry.figure.share else None,
            }
        )
    return rows


def _export_rows(
    export: Export, attended: int | None, attended_approx: bool, catalog: Catalog, problems: list[Problem]
) -> list[dict]:
    rows = []
    for row in export.rows:
        question = catalog.get(row["question"])
        base_kind, base = _base(question.base, row["answered"], attended)
        if base_kind == "attended" and row["count"] > attended:
            problems.append(
                Problem(
                    export.file,
                    0,
                    0,
                    f"count above base: {row['count']} people chose "
                    f"{row['question']} {row['option']} but {attended} attended",
                )
            )
        rows.append(
            {
                **row,
                "attended": attended,
                "base": base,
                "base_kind": base_kind,
                "approx": base_kind == "attended" and attended_approx,
                "count_approx": False,
                "base_approx": base_kind == "attended" and attended_approx,
                "written": None,
            }
        )
    return rows


def _base(wanted: str, answered: int | None, attended: int | None) -> tuple[str, int | None]:
    """The catalog's base when that figure is known, else the other one."""
    figures = {"answered": answered, "attended": attended}
    if figures[wanted] is not None:
        return wanted, figures[wanted]
    other = "attended" if wanted == "answered" else "answered"
    if figures[other] is not None:
        return other, figures[other]
    return wanted, None


def _frame(rows: list[dict], columns: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    for name, dtype in columns.items():
        if dtype == "bool":
            frame[name] = frame[name].astype("bool")
        elif dtype in ("Int64", "Float64"):
            frame[name] = pd.array(frame[name].tolist(), dtype=dtype) if len(frame) else frame[name].astype(dtype)
        else:
            frame[name] = frame[name].astype(dtype)
    return frame


def _sort_counts(counts: pd.DataFrame, meetups: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    if counts.empty:
        return counts
    survey_order = {s: i for i, s in enumerate(meetups["survey"])}
    question_order = catalog.order()
    option_order = {(q.id, o.id): i for q in catalog.questions for i, o in enumerate(q.options)}
    keys = pd.DataFrame(
        {
            "s": counts["survey"].map(survey_order),
            "q": counts["question"].map(question_order),
            "o": [option_order[(q, o)] for q, o in zip(counts["question"], counts["option"], strict=True)],
        }
    )
    order = keys.sort_values(["s", "q", "o"], kind="stable").index
    return counts.loc[order].reset_index(drop=True)
