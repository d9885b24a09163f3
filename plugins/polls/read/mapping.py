"""From an export's columns and answers to catalog question and option ids.

Columns are matched through the catalog's wordings (case, spacing and punctuation
folded); answers through each option's spellings.  All counting works on the
distinct answers of a column (``value_counts`` of a categorical), so a million rows
cost no more Python than a hundred: each distinct cell is looked at once.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import Problem
from .catalog import Catalog, Option, Question, normalize
from .privacy import quoted, redact
from .sheet import Column, column_letter

PLAIN_ITEMS = {normalize(t) for t in ("", "Response", "Open-Ended Response")}
UNMAPPED_POLICIES = ("error", "ignore")


@dataclass(frozen=True)
class Mapped:
    """An export column that answers a catalog question.

    ``option`` is set for indicator columns (one column per option: a non-empty cell
    means the respondent chose it); ``free_text`` for "Other (please specify)" text.
    """

    column: Column
    question: Question
    option: Option | None = None
    free_text: bool = False


@dataclass
class Counted:
    """Counts of one export: rows for survey.counts (without survey and base), and texts."""

    rows: list[dict] = field(default_factory=list)
    texts: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def map_columns(
    columns: list[Column], catalog: Catalog, file: str, unmapped: str = "error"
) -> tuple[list[Mapped], list[Problem]]:
    """Match answer columns to catalog questions; report unknown questions and options."""
    mapped: list[Mapped] = []
    problems: list[Problem] = []
    reported: set[str] = set()
    for column in columns:
        if column.identifying or not column.question:
            continue
        if unmapped == "ignore" and not catalog.find(column.question):
            continue
        found, problem = _map_column(column, catalog, file)
        if found:
            repeated = _same_answer(found, mapped) if found.column.named or found.option else None
            if repeated:
                problems.append(_twice(found, repeated, file))
                continue
            mapped.append(found)
        elif problem and unmapped == "error" and (problem.line == 2 or column.question not in reported):
            reported.add(column.question)
            problems.append(problem)
    return mapped, problems


def _same_answer(found: Mapped, mapped: list[Mapped]) -> Mapped | None:
    """An earlier column holding the same answer (question, option, typed text): counting both counts people twice."""
    key = (found.question.id, found.option.id if found.option else None, found.free_text)
    return next((m for m in mapped if (m.question.id, m.option.id if m.option else None, m.free_text) == key), None)


def _twice(found: Mapped, first: Mapped, file: str) -> Problem:
    what = f"question {found.question.id!r}" + (f" option {found.option.id!r}" if found.option else "")
    message = (
        f"{what} is in two columns, {column_letter(first.column.position)} and "
        f"{column_letter(found.column.position)}: keep one"
    )
    return Problem(file, 2 if found.option else 1, found.column.position + 1, message)


def _map_column(column: Column, catalog: Catalog, file: str) -> tuple[Mapped | None, Problem | None]:
    where = f"column {column_letter(column.position)}"
    pairs = catalog.find(column.question)
    if not pairs:
        hint = catalog.closest(column.question)
        message = f"unknown question {quoted(column.question)} ({where})"
        if hint:
            message += f"; closest catalog question: {hint}"
        return None, Problem(file, 1, column.position + 1, message)
    item = normalize(column.item)
    for question, wording in pairs:
        if not wording.item:
            continue
        row = normalize(wording.item)
        if item == row:
            return Mapped(column, question), None
        if item.startswith(row + " "):
            option = question.option(item[len(row) + 1 :])
            if option:
                return Mapped(column, question, option), None
            return None, _unknown_option(column, question, item[len(row) + 1 :], file)
    plain = next((q for q, w in pairs if not w.item), None)
    if plain is None:
        message = f"unknown question {quoted(column.question)} / {quoted(column.item)} ({where})"
        return None, Problem(file, 2, column.position + 1, message)
    if plain.kind == "attendance":
        message = f"question {plain.id!r} is an attendance count: it can only be tallied"
        return None, Problem(file, 1, column.position + 1, message)
    if item in PLAIN_ITEMS:
        return Mapped(column, plain), None
    option = plain.option(column.item)
    if option:
        return Mapped(column, plain, option), None
    if "please specify" in item or item == "other":
        return Mapped(column, plain, free_text=True), None
    return None, _unknown_option(column, plain, column.item, file)


def _unknown_option(column: Column, question: Question, item: str, file: str) -> Problem:
    hint = question.closest_option(item)
    message = f"unknown option {quoted(item)} for question {question.id!r} (column {column_letter(column.position)})"
    if hint:
        message += f"; closest option: {hint!r}"
    return Problem(file, 2, column.position + 1, message)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def split_choices(cell: str, question: Question, separator: str) -> tuple[list[Option], list[str]]:
    """The options in a multi-select cell, and the parts that match none.

    Known options are matched longest first at each position, so an option that
    contains the separator ("Docker, Inc.") is taken whole; only what matches no
    option is split at the separator.
    """
    spellings = sorted(
        {(_fold(s), o.id): o for o in question.options for s in (o.label, o.id, *o.spellings)}.items(),
        key=lambda pair: -len(pair[0][0]),
    )
    sep = separator.strip()
    rest = _fold(cell)
    found: list[Option] = []
    unknown: list[str] = []
    while True:
        rest = rest.lstrip(f"{sep} ")
        if not rest:
            break
        for (spelling, _), option in spellings:
            tail = rest[len(spelling) :]
            if rest.startswith(spelling) and (not tail or tail.lstrip().startswith(sep)):
                found.append(option)
                rest = tail
                break
        else:
            token, _, rest = rest.partition(sep)
            option = question.option(token)
            if option:
                found.append(option)
            else:
                unknown.append(_original(token.strip(), cell))
    return found, unknown


def _original(folded: str, cell: str) -> str:
    """The part of ``cell`` that folds to ``folded``, as the respondent typed it."""
    pattern = r"\s+".join(re.escape(word) for word in folded.split())
    match = re.search(pattern, unicodedata.normalize("NFKC", cell), re.IGNORECASE)
    return match.group(0) if match else folded


def count_answers(
    frame: pd.DataFrame, mapped: list[Mapped], separator: str | None, file: str, first_record: int, line_of
) -> Counted:
    """Count every catalog option of every mapped question over the rows of ``frame``.

    ``frame`` holds the data rows only, columns named by field position;
    ``first_record`` is the record number of its first row (the header rows come
    before it), ``line_of`` turns record numbers into file lines for problems.
    """
    result = Counted()
    unknown: list[tuple[Mapped, str, str, int]] = []
    by_question: dict[str, list[Mapped]] = {}
    for m in mapped:
        by_question.setdefault(m.question.id, []).append(m)
    for group in by_question.values():
        question = group[0].question
        counts: Counter[str] = Counter()
        answered_mask = np.zeros(len(frame), dtype=bool)
        ignored_mask = np.zeros(len(frame), dtype=bool)
        for m in group:
            series = frame[m.column.position]
            valid = _count_column(series, m, question, separator, counts, result, unknown)
            answered_mask |= series.isin(valid).to_numpy()
            if question.ignore:
                glitches = [v for v in series.unique() if isinstance(v, str) and question.ignores(v.strip())]
                ignored_mask |= series.isin(glitches).to_numpy()
        answered = int(answered_mask.sum())
        # kept, not counted: "N/A" is no answer to the question, but a comparison on a common base
        # (everyone shown the question) needs to know how many gave it
        ignored = int((ignored_mask & ~answered_mask).sum())
        for option in question.options:
            if question.kind == "yes-no" and option.id != "yes":
                continue
            result.rows.append(
                {"question": question.id, "option": option.id, "count": counts[option.id], "answered": answered,
                 "ignored": ignored}
            )
    result.problems += _unknown_answer_problems(frame, unknown, file, first_record, line_of)
    return result


def _count_column(
    series: pd.Series,
    m: Mapped,
    question: Question,
    separator: str | None,
    counts: Counter,
    result: Counted,
    unknown: list,
) -> list[str]:
    """Add one column's answers to ``counts``; return the cell values that answer the question."""
    valid: list[str] = []
    distinct = series.value_counts(sort=False)
    for value, n in distinct[distinct > 0].items():
        text = str(value).strip()
        if not text:
            continue
        if m.free_text:
            valid.append(value)
            other = question.other_option()
            if other:
                counts[other.id] += int(n)
            if question.free_text:
                result.texts.append({"question": question.id, "text": redact(text), "n": int(n)})
            continue
        if m.option is not None:
            counts[m.option.id] += int(n)
            valid.append(value)
            continue
        if question.ignores(text):
            continue
        if question.kind == "multiple" and separator:
            options, leftovers = split_choices(text, question, separator)
        else:
            option = question.option(text)
            options, leftovers = ([option], []) if option else ([], [text])
        if leftovers:
            other = question.other_option()
            if other:
                options.append(other)
            elif question.free_text:
                result.texts.append({"question": question.id, "text": redact(text), "n": int(n)})
                if not options:
                    continue
            else:
                unknown.extend((m, value, leftover, int(n)) for leftover in leftovers)
                continue
        for option_id in dict.fromkeys(o.id for o in options):
            counts[option_id] += int(n)
        valid.append(value)
    return valid


def _unknown_answer_problems(
    frame: pd.DataFrame, unknown: list, file: str, first_record: int, line_of
) -> list[Problem]:
    if not unknown:
        return []
    firsts = []
    for m, value, _, _ in unknown:
        row = int(np.argmax((frame[m.column.position] == value).to_numpy()))
        firsts.append(first_record + row)
    lines = line_of(sorted(set(firsts)))
    problems = []
    for (m, _, leftover, n), record in zip(unknown, firsts, strict=True):
        hint = m.question.closest_option(leftover)
        rows = f"{n} row{'s' if n > 1 else ''}"
        message = (
            f"unknown option {quoted(leftover)} for question {m.question.id!r} "
            f"(column {column_letter(m.column.position)}, {rows})"
        )
        if hint:
            message += f"; closest option: {hint!r}"
        problems.append(Problem(file, lines[record], m.column.position + 1, message))
    return problems
