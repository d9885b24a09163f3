"""The aggregates as a download: CSV and JSON, byte-identical for the same input.

What makes the files deterministic and safe to publish:

- rows sorted by date, survey, question, option; columns in a fixed order;
- shares and interval bounds as fractions (0..1) with four decimals, counts as
  integers, dates as ISO ``YYYY-MM-DD``, booleans as ``true``/``false``, missing
  values empty (CSV) or ``null`` (JSON), ``\\n`` line endings, UTF-8 without BOM;
- a row marked suppressed never carries its count, share or interval, even if
  the table handed in still has them (a hand-built table, a notebook edit),
  and gives only the public reason ("small" or "secondary", see ``polls.suppress``);
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

from .suppress import public_reason

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
    rows = []
    for record in table.to_dict("records"):
        row = {column: _value(column, record[column]) for column in EXPORT_COLUMNS}
        row["suppression"] = public_reason(row["suppression"] or "") if row["suppressed"] else ""
        if row["suppressed"]:
            row.update(dict.fromkeys(HIDDEN_WHEN_SUPPRESSED))
        rows.append(row)
    return rows


def _value(column: str, value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return False if column in BOOLEAN_COLUMNS else None
    if column == "date":
        return pd.Timestamp(value).date().isoformat()
    if column in INTEGER_COLUMNS:
        return int(value)
    if column in FRACTION_COLUMNS:
        return round(float(value), DECIMALS)
    if column in BOOLEAN_COLUMNS:
        return bool(value)
    return str(value)


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


def csv_text(aggregates: pd.DataFrame) -> str:
    """The CSV export as a string."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in export_rows(aggregates):
        writer.writerow([_csv_cell(column, row[column]) for column in EXPORT_COLUMNS])
    return buffer.getvalue()


def json_text(aggregates: pd.DataFrame) -> str:
    """The JSON export as a string: a list of row objects with keys in column order."""
    return json.dumps(export_rows(aggregates), indent=2, ensure_ascii=False) + "\n"


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
