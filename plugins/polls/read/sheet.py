"""Per-respondent exports as tables: the header rows first, the answer columns on demand.

A million-row export must load in well under a second, so the body is read by
pandas' C parser, only the columns the catalog maps, each as a categorical column
(answers repeat; each distinct answer is then looked at once, never each row).
Identifying columns are never read at all, apart from the one key column the
duplicate check needs.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd

from ..errors import Problem

HEAD_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    """One column of an export: where it is, the question text, and the second header cell."""

    position: int  # 0-based field number
    question: str
    item: str = ""
    identifying: bool = False
    key: bool = False


@dataclass
class Table:
    """An opened export: its header rows and a way to read chosen columns of its body."""

    file: str
    encoding: str
    head: list[list[str]]
    read_columns: Callable[[list[int], int | None], pd.DataFrame]
    line_of: Callable[[list[int]], dict[int, int]]
    problems: list[Problem] = field(default_factory=list)
    raw: bytes | None = None  # the file's bytes, for CSV


def column_letter(position: int) -> str:
    """Spreadsheet letter of a 0-based column (0 -> A, 26 -> AA)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def open_csv(raw: bytes, encoding: str, file: str, delimiter: str = ",") -> Table:
    """A CSV export decoded with ``encoding``; problems cover an unreadable header."""
    text_head = raw[:HEAD_BYTES].decode(encoding, errors="replace")
    head, problems = _csv_head(text_head, delimiter, file)

    def read_columns(positions: list[int], key: int | None = None) -> pd.DataFrame:
        return _read_csv_columns(raw, encoding, delimiter, positions, key)

    def line_of(records: list[int]) -> dict[int, int]:
        return _record_lines(raw.decode(encoding, errors="replace"), delimiter, records)

    return Table(file, encoding, head, read_columns, line_of, problems, raw)


def _csv_head(text: str, delimiter: str, file: str, rows: int = 3) -> tuple[list[list[str]], list[Problem]]:
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        head = [row for _, row in zip(range(rows), reader, strict=False)]
    except csv.Error as error:
        return [], [Problem(file, 1, 0, f"not a readable CSV file: {error}")]
    return head, []


def _read_csv_columns(raw: bytes, encoding: str, delimiter: str, positions: list[int], key: int | None) -> pd.DataFrame:
    """Chosen columns of every record (header rows included), "" for empty.

    Answer columns are categoricals; the key column (unique per row) is plain text,
    because building categories of a million distinct values is slow.
    """
    dtypes = {p: ("str" if p == key else "category") for p in positions}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = pd.read_csv(
            io.BytesIO(raw),
            header=None,
            usecols=positions,
            dtype=dtypes,
            sep=delimiter,
            na_filter=False,
            encoding=encoding,
            encoding_errors="replace",
            engine="c",
        )
    return frame


_PANDAS_ROW = re.compile(r"(?:line|row) (\d+)")


def parser_problem(error: Exception, file: str) -> Problem:
    """pandas' tokenizer error as a Problem (it counts records from 1)."""
    found = _PANDAS_ROW.search(str(error))
    line = int(found.group(1)) if found else 0
    message = str(error).replace("Error tokenizing data. C error: ", "")
    return Problem(file, line, 0, f"not a readable CSV file: {message}")


def _record_lines(text: str, delimiter: str, records: list[int]) -> dict[int, int]:
    """Physical line where each wanted record (0-based, header rows included) starts.

    Only called to report problems, so walking the file in Python is fine; quoted
    cells may span lines, which is why record numbers are not line numbers.
    """
    wanted = set(records)
    found: dict[int, int] = {}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    index, start = 0, 1
    try:
        for row in reader:
            # pandas skips blank lines, which csv reports as empty records: skip them too.
            if row:
                if index in wanted:
                    found[index] = start
                    if len(found) == len(wanted):
                        break
                index += 1
            start = reader.line_num + 1
    except csv.Error:
        pass  # a record csv cannot read (pandas could): fall back to record numbers below
    return {r: found.get(r, r + 1) for r in records}


def open_xlsx(path: Path, file: str) -> Table:
    """The first sheet of an .xlsx workbook (read with openpyxl) as text cells."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        problem = Problem(file, 0, 0, f"not a readable .xlsx workbook: {error}")
        return Table(file, "xlsx", [], lambda *_: pd.DataFrame(), lambda r: {}, [problem])
    try:
        sheet = workbook.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    while rows and not any(rows[-1]):
        rows.pop()

    def read_columns(positions: list[int], key: int | None = None) -> pd.DataFrame:
        data = {p: pd.Categorical([r[p] for r in rows]) for p in positions}
        return pd.DataFrame(data, index=pd.RangeIndex(len(rows)))

    def line_of(records: list[int]) -> dict[int, int]:
        return {r: r + 1 for r in records}

    return Table(file, "xlsx", rows[:3], read_columns, line_of)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
