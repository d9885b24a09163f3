"""Plain Python values out of the engine's pandas frames (NA-aware)."""

from __future__ import annotations

import datetime
from typing import Any

import pandas as pd

from ..read.catalog import catalog_question


def plain_int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def plain_float(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def plain_bool(value: Any) -> bool:
    return False if value is None or pd.isna(value) else bool(value)


def plain_str(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def iso_date(value: Any) -> str:
    if isinstance(value, datetime.datetime | pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return pd.Timestamp(value).date().isoformat()


def first_known(values: Any) -> Any:
    """The first non-NA value of a column (a question's answered/attended repeat per row)."""
    for value in values:
        if value is not None and not pd.isna(value):
            return value
    return None


def option_order(aggregates: pd.DataFrame, question: str, catalog: Any) -> list[str]:
    """Options of a question in catalog order; without a catalog, in order of appearance."""
    entry = catalog_question(catalog, question)
    if entry is not None:
        return [option.id for option in entry.options]
    seen = aggregates.loc[aggregates["question"] == question, "option"]
    return list(dict.fromkeys(str(option) for option in seen))


def option_labels(question: str, catalog: Any) -> dict[str, str]:
    entry = catalog_question(catalog, question)
    return {} if entry is None else {option.id: option.label for option in entry.options}
