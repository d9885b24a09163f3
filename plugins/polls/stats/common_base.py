"""Two meetups that asked a question of different people, restated on a base they share.

A form can show a question only to those who gave some earlier answer (CNCF 1H 2020
showed "containers in production" only to those who said they use containers), while
another year asked everyone.  Their shares are of different people and are not
compared as they stand.  They can be, on an explicitly common base, when the
catalog says the answer compared implies the screening answer (``asked_if:
implied_by``: nobody uses containers in production without using containers):

- at the screened meetup, the base becomes everyone who answered the screening
  question; those it kept from the question count as not choosing the answer;
- at the meetup that asked everyone, the base becomes everyone who answered the
  question, the answers the catalog ignores ("N/A") included: they answered it,
  just not with an option.

The restatement needs the exact counts of a form (approximate tallies are not
restated) and is refused when the ignored answers are fewer than ``min_cell``
(but some): the restated base would give that small count away.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Restated:
    """(count, base) at the two meetups on the common base, and what that base is, in words."""

    count_a: float
    base_a: float
    count_b: float
    base_b: float
    ignored: int  # answers the catalog ignores ("N/A") put back into the base of the meetup that asked everyone
    screened: str  # the survey id of the meetup that asked only some
    screen_text: str  # the screening question's text


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _number(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def restate(data: Any, question: str, option: str, a: Any, b: Any, survey_a: str, survey_b: str,
            min_cell: int) -> Restated | None:
    """Cells ``a`` and ``b`` (of ``survey_a`` and ``survey_b``) on a common base, or None when the data do not allow it.

    ``data`` must be the Survey (its catalog says who was asked and what is implied;
    its counts give the screening question's answers).
    """
    catalog, counts = getattr(data, "catalog", None), getattr(data, "counts", None)
    entry = catalog.get(question) if catalog is not None else None
    rule = entry.asked_if if entry is not None else None
    if rule is None or counts is None:
        return None
    implied = {found.id for found in (entry.option(name) for name in rule.implied_by) if found is not None}
    screening = f"{rule.question}={rule.answer}"
    cells = {_text(a.get("asked")): (a, survey_a), _text(b.get("asked")): (b, survey_b)}
    if option not in implied or set(cells) != {"", screening}:
        return None
    if any(bool(cell.get("approx")) or _text(cell.get("base_kind")) != "answered" for cell in (a, b)):
        return None
    (everyone, _), (screened, screened_id) = cells[""], cells[screening]
    ignored, answered = _number(everyone.get("ignored")), _number(everyone.get("answered"))
    rows = counts[(counts["survey"] == screened_id) & (counts["question"] == rule.question)]
    screen_answered = rows["answered"].dropna()
    if ignored is None or answered is None or screen_answered.empty or 0 < ignored < min_cell:
        return None
    common = {id(everyone): (float(everyone["count"]), float(answered + ignored)),
              id(screened): (float(screened["count"]), float(screen_answered.iloc[0]))}
    screen = catalog.get(rule.question)
    (count_a, base_a), (count_b, base_b) = common[id(a)], common[id(b)]
    return Restated(count_a, base_a, count_b, base_b, ignored, screened_id,
                    screen.text if screen is not None else rule.question)
