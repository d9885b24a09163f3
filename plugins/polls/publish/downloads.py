"""The aggregates as a download: CSV and JSON, byte-identical for the same input.

What makes the files deterministic and safe to publish:

- rows sorted by date, survey, question, option; columns in a fixed order;
- shares and interval bounds as fractions (0..1) with four decimals, counts as
  integers, dates as ISO ``YYYY-MM-DD``, booleans as ``true``/``false``, missing
  values empty (CSV) or ``null`` (JSON), ``\\n`` line endings, UTF-8 without BOM;
- a row marked suppressed never carries its count, share or interval, even if
  the table handed in still has them (a hand-built table, a notebook edit),
  and gives only the public reason ("small" or "secondary", see ``polls.stats.suppression``);
- in the CSV, a text cell that a spreadsheet would run as a formula (starting
  with =, +, -, @, a tab or a carriage return; meetup titles can come from remote
  imports) starts with a single quote, as OWASP's CSV injection advice says.
  A carriage return inside a text cell becomes a line break, so the cell is
  quoted and the row stays one row.  The JSON keeps the text as written.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import IO, Any

import pandas as pd

from ..stats.suppression import public_reason

EXPORT_COLUMNS = [
    "survey", "date", "group", "title", "question", "option",
    "count", "base", "base_kind", "answered", "attended",
    "share", "ci_low", "ci_high", "approx", "suppressed", "suppression",
]
INTEGER_COLUMNS = ("count", "base", "answered", "attended")
FRACTION_COLUMNS = ("share", "ci_low", "ci_high")
BOOLEAN_COLUMNS = ("approx", "suppressed")
HIDDEN_WHEN_SUPPRESSED = ("count", "share", "ci_low", "ci_high")
DECIMALS = 4
#: First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SORT_KEYS = ["date", "survey", "question", "option"]


def export_rows(aggregates: pd.DataFrame) -> list[dict[str, Any]]:
    """The published rows as plain Python values (None for missing), sorted, in column order."""
    missing = [c for c in EXPORT_COLUMNS if c not in aggregates.columns]
    if missing:
        raise ValueError(f"aggregates table lacks column(s): {', '.join(missing)}")
    table = aggregates[EXPORT_COLUMNS].sort_values(SORT_KEYS, kind="stable")
    # column by column: converting cell by cell was most of the time of writing the downloads
    columns = [_column(name, table[name]) for name in EXPORT_COLUMNS]
    rows = []
    for values in zip(*columns, strict=True):
        row = dict(zip(EXPORT_COLUMNS, values, strict=True))
        if row["suppressed"]:
            row["suppression"] = public_reason(row["suppression"] or "")
            row.update(dict.fromkeys(HIDDEN_WHEN_SUPPRESSED))
        else:
            row["suppression"] = ""
        rows.append(row)
    return rows


def _column(name: str, series: pd.Series) -> list[Any]:
    """One column as plain Python values; missing cells are None (False for the booleans)."""
    missing = series.isna().tolist()
    if name == "date":
        present = series[~series.isna()]
        iso = dict(zip(present.index, pd.to_datetime(present).dt.strftime("%Y-%m-%d"), strict=True))
        return [None if gone else iso[index] for index, gone in zip(series.index, missing, strict=True)]
    values = series.tolist()
    if name in INTEGER_COLUMNS:
        return [None if gone else int(v) for v, gone in zip(values, missing, strict=True)]
    if name in FRACTION_COLUMNS:
        return [None if gone else round(float(v), DECIMALS) for v, gone in zip(values, missing, strict=True)]
    if name in BOOLEAN_COLUMNS:
        return [False if gone else bool(v) for v, gone in zip(values, missing, strict=True)]
    return [None if gone else str(v) for v, gone in zip(values, missing, strict=True)]


def _csv_cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column in FRACTION_COLUMNS:
        return f"{value:.{DECIMALS}f}"
    if column in BOOLEAN_COLUMNS:
        return "true" if value else "false"
    if isinstance(value, str):
        text = "'" + value if value.startswith(FORMULA_STARTS) else value
        # The csv module quotes a cell only for the characters of its line terminator
        # ("\n"), so a bare carriage return would end the row early in most readers.
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return str(value)


def csv_text(aggregates: pd.DataFrame, rows: list[dict[str, Any]] | None = None) -> str:
    """The CSV export as a string (``rows``: export_rows(aggregates), when already made)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in export_rows(aggregates) if rows is None else rows:
        writer.writerow([_csv_cell(column, row[column]) for column in EXPORT_COLUMNS])
    return buffer.getvalue()


def json_text(aggregates: pd.DataFrame, rows: list[dict[str, Any]] | None = None) -> str:
    """The JSON export as a string: a list of row objects with keys in column order."""
    return json.dumps(export_rows(aggregates) if rows is None else rows, indent=2, ensure_ascii=False) + "\n"


def _write(text: str, path_or_buffer: str | Path | IO[str]) -> None:
    if isinstance(path_or_buffer, str | Path):
        with open(path_or_buffer, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    else:
        path_or_buffer.write(text)


def export_csv(aggregates: pd.DataFrame, path_or_buffer: str | Path | IO[str]) -> None:
    """Write the aggregates as CSV to a path or an open text stream."""
    _write(csv_text(aggregates), path_or_buffer)


def export_json(aggregates: pd.DataFrame, path_or_buffer: str | Path | IO[str]) -> None:
    """Write the aggregates as JSON to a path or an open text stream."""
    _write(json_text(aggregates), path_or_buffer)
