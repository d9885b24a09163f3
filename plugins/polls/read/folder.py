"""A survey folder (survey/) read into one ``Survey``: meetups, counts and the catalog.

The entry point, ``load_survey``, reads the catalog, finds the poll files
(``discovery``), reads each, settles each meetup's title, date and headcount
(``precedence``), turns figures into count rows (``counts``) and assembles the frames.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from kernel.safepath import link_problems

from ..errors import PollDataError, Problem
from .catalog import Catalog, load_catalog
from .counts import meetup_counts
from .discovery import CATALOG_FILE, Entry, PollFile, display, not_found, poll_files, read_index, relative
from .form_exports import Options, read_export
from .formats.detect import TALLY_SUFFIXES
from .precedence import meetup_meta, not_an_event
from .tally import read_tally

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
TEXT_COLUMNS = {"survey": "str", "question": "str", "text": "str", "n": "Int64"}


@dataclass(frozen=True)
class Survey:
    """Everything the statistics stage needs; see docs/polls-engine-contract.md."""

    meetups: pd.DataFrame
    counts: pd.DataFrame
    catalog: Catalog
    texts: pd.DataFrame = field(default_factory=lambda: _frame([], TEXT_COLUMNS))



def load_survey(path: str | Path, events: Mapping[str, Mapping] | None = None, memo=None) -> Survey:
    """Read a survey folder; raises PollDataError listing every problem of every file.

    ``events`` (the site's, by slug) is None for a standalone folder; given, every poll
    file must name one of them or a meetup of index.yaml.  ``memo(path, inputs, read)``
    may give a poll file's reading kept from an earlier build of the same file and
    ``inputs`` instead of ``read()``.
    """
    root = Path(path)
    if not root.is_dir():
        raise PollDataError(Problem(str(root), 0, 0, "survey folder not found"))
    links = [Problem(str(Path(display(found.link.parent)) / found.link.name), 0, 0, found.message)
             for found in link_problems(root)]
    if links:  # nothing is read through a link that leaves the folder, loops or is broken
        raise PollDataError(links)
    catalog = load_catalog(root / CATALOG_FILE, display(root / CATALOG_FILE))
    entries, problems = read_index(root)
    polls = poll_files(root, entries)
    missing = [p for p in polls if not p.path.is_file()]
    problems += [not_found(p, entries, root) for p in missing]
    polls = [p for p in polls if p not in missing]
    for poll in polls:
        entry = entries.get(poll.survey)
        if poll.path.suffix.lower() in TALLY_SUFFIXES:
            poll.tally = _read(memo, poll.path, ("tally", poll.file, catalog),
                               lambda poll=poll: read_tally(poll.path, poll.file, catalog))
            problems += poll.tally.problems
            if poll.tally.event and poll.tally.event != poll.survey and poll.survey not in entries:
                poll.survey = poll.tally.event
        else:
            options = entry.options if entry else Options()
            poll.export = _read(memo, poll.path, ("export", poll.file, catalog, options),
                                lambda poll=poll, options=options: read_export(poll.path, poll.file, catalog, options))
            problems += poll.export.problems
    failed = {p.file for p in problems}
    meetups, counts, texts, found = _assemble(root, polls, entries, events, catalog, failed)
    problems += found
    if problems:
        raise PollDataError(sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.message)))
    return Survey(meetups, counts, catalog, texts)



def _read(memo, path: Path, inputs: tuple, read):
    return read() if memo is None else memo(path, inputs, read)


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
            problems += not_an_event(sid, group, events)
            continue
        meta = meetup_meta(sid, group, entries.get(sid), events or {}, problems)
        if meta is None:
            if all(p.file in failed for p in group):
                problems.pop()  # the file's own problems say enough; a missing date would follow
            continue
        counts += meetup_counts(sid, group, meta, catalog, problems)
        exports = [p.export for p in group if p.export]
        texts += [{"survey": sid, **t} for e in exports for t in e.texts]
        respondents = [e.respondents for e in exports if e.respondents is not None]
        meetups.append(
            {
                **meta,
                "respondents": max(respondents) if respondents else pd.NA,
                "source": ", ".join(relative(p.path, root) for p in group),
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
