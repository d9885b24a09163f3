"""A meetup's count rows: each tally figure or export count with its base, how it was polled and who was asked."""

from __future__ import annotations

import pandas as pd

from ..approx import MARK, count_range
from ..errors import Problem
from .catalog import Catalog
from .discovery import PollFile
from .form_exports import Export
from .tally import Tally
from .validate import resolve_count

#: How a poll was taken, from its format: comparing the two is comparing different things.
TALLY_METHOD = "tally"
FORM_METHOD = "form"


def meetup_counts(sid: str, group: list[PollFile], meta: dict, catalog: Catalog, problems: list[Problem]) -> list[dict]:
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

