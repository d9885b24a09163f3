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
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import PollDataError, Problem


@dataclass(frozen=True)
class Column:
    """One column of an export: where it is, the question text, and the second header cell."""

    position: int  # 0-based field number
    question: str
    item: str = ""
    identifying: bool = False
    key: bool = False
    #: The header names the question in this very column (not so for SurveyMonkey's
    #: further columns of one question, whose first header cell is empty).
    named: bool = True


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
    delimiter: str = ""  # the field separator, for CSV


def column_letter(position: int) -> str:
    """Spreadsheet letter of a 0-based column (0 -> A, 26 -> AA)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


DELIMITERS = ",;\t|"
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}
SNIFF_CHARS = 64 * 1024
MAX_REPORTED = 10


def detect_delimiter(text: str) -> str:
    """The field separator of a CSV text: comma, semicolon (Excel, Czech locale), tab or bar.

    csv.Sniffer decides on a sample; its guess is kept only when it splits the header
    into several fields (it can be fooled by a ";" inside quoted Microsoft Forms
    cells), else the candidate that splits the header into the most fields, else ",".
    """
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    widths = {d: _header_width(sample, d) for d in DELIMITERS}
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""
    if widths.get(sniffed, 0) > 1:
        return sniffed
    best = max(DELIMITERS, key=lambda d: (widths[d], -DELIMITERS.index(d)))
    return best if widths[best] > 1 else ","


def _header_width(sample: str, delimiter: str) -> int:
    try:
        return len(next(_records(sample, delimiter), Record(1, [], None)).fields)
    except csv.Error:
        return 0


def delimiter_problem(delimiter: str) -> str | None:
    """Why a declared ``delimiter:`` cannot separate fields (None when it can)."""
    if len(delimiter) == 1 and delimiter not in "\"\r\n" and not delimiter.isalnum():
        return None
    return f'delimiter: one character such as ",", ";", "\\t" (a tab, in double quotes) or "|", not {delimiter!r}'


def open_csv(raw: bytes, encoding: str, file: str, delimiter: str | None = None) -> Table:
    """A CSV export decoded with ``encoding``; ``delimiter`` None means detect it.

    Header and body are read by one parser (the csv module over the whole text), so
    both agree on where a record ends; a record cut by a stray carriage return, or
    holding more fields than the header, is a problem, never answers shifted into
    other columns.
    """
    text = raw.decode(encoding, errors="replace").lstrip("\ufeff")
    delimiter = delimiter or detect_delimiter(text)
    head: list[list[str]] = []
    problems: list[Problem] = []
    try:
        head = [record.fields for _, record in zip(range(3), _records(text, delimiter), strict=False)]
    except csv.Error as error:
        problems.append(Problem(file, 1, 0, f"not a readable CSV file: {error}"))
    starts: list[int] = []

    def read_columns(positions: list[int], key: int | None = None) -> pd.DataFrame:
        columns, found = _read_body(text, delimiter, positions, file)
        if found:
            raise PollDataError(found)
        data = {p: pd.Series(columns[p], dtype="str") if p == key else _categorical(columns[p]) for p in positions}
        return pd.DataFrame(data, index=pd.RangeIndex(len(columns[positions[0]]) if positions else 0))

    def line_of(records: list[int]) -> dict[int, int]:
        # Only problems need lines: the records are walked again, line by line, then.
        if not starts:
            starts.extend(record.line for record in _records(text, delimiter))
        return {r: starts[r] if r < len(starts) else r + 1 for r in records}

    return Table(file, encoding, head, read_columns, line_of, problems, raw, delimiter)


@dataclass(frozen=True)
class Record:
    """One CSV record: the line it starts on, its fields, the line of a lone "\r" that ended it."""

    line: int
    fields: list[str]
    bare_cr: int | None


class _Lines:
    """The text's lines for csv.reader, counted at "\n" as editors and other problems count them.

    The csv module ends a record at a carriage return not followed by "\n"; that is
    right only in an old Mac file (no "\n" at all), so elsewhere the reader notes it.
    """

    def __init__(self, text: str):
        self._chunks = io.StringIO(text, newline="")
        self._mac = "\n" not in text
        self.line = 1
        self.bare_cr: int | None = None

    def __iter__(self):
        return self

    def __next__(self) -> str:
        chunk = next(self._chunks)
        self.bare_cr = None
        if chunk.endswith("\n") or self._mac:
            self.line += 1
        elif chunk.endswith("\r"):
            self.bare_cr = self.line
        return chunk


def _records(text: str, delimiter: str) -> Iterator[Record]:
    """Every non-blank record of the text (blank lines are skipped, as form tools never write them)."""
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=delimiter, strict=False)
    while True:
        start = lines.line
        row = next(reader, None)
        if row is None:
            return
        if row:
            yield Record(start, row, lines.bare_cr)


def _categorical(values: list[str]) -> pd.Categorical:
    """Answers repeat, so a column is a categorical; coded through a dict, which is several
    times faster than pandas' factorising of a list of str (the key column, unique per
    row, stays plain text)."""
    codes: dict[str, int] = {}
    numbers = np.fromiter((codes.setdefault(v, len(codes)) for v in values), dtype=np.int32, count=len(values))
    return pd.Categorical.from_codes(numbers, categories=list(codes))


def _read_body(
    text: str, delimiter: str, positions: list[int], file: str
) -> tuple[dict[int, list[str]], list[Problem]]:
    """Chosen columns of every record (header rows included, "" where a row is short),
    or the records that cannot be trusted.

    The common file (no lone carriage return, no row wider than the header) is read
    in one go by the csv module; any other is walked record by record to say where.
    """
    problems = [] if _plain(text) else _record_problems(text, delimiter, file)
    try:
        rows = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False) if row]
    except csv.Error:
        rows = None
    width = len(rows[0]) if rows else 0
    if problems or rows is None or max(map(len, rows), default=0) > width:
        return {p: [] for p in positions}, problems or _record_problems(text, delimiter, file)
    full = min(map(len, rows), default=0) == width
    return {p: [r[p] for r in rows] if full else [r[p] if p < len(r) else "" for r in rows] for p in positions}, []


def _plain(text: str) -> bool:
    """No carriage return but in line ends (or an old Mac file, where it is the line end)."""
    return text.count("\r") == text.count("\r\n") or "\n" not in text


def _record_problems(text: str, delimiter: str, file: str) -> list[Problem]:
    """Lone carriage returns that cut a row, rows wider than the header, what csv cannot read."""
    problems: list[Problem] = []
    width = 0
    cut = False
    line = 1
    try:
        for record in _records(text, delimiter):
            line = record.line
            width = width or len(record.fields)
            if record.bare_cr is not None:
                problems.append(
                    Problem(
                        file,
                        record.bare_cr,
                        len(record.fields),
                        "a line break (carriage return) inside a cell that is not in quotes cuts this row in two; "
                        "put the cell in quotes or remove the line break",
                    )
                )
            elif len(record.fields) > width and not cut:
                problems.append(
                    Problem(
                        file,
                        record.line,
                        width + 1,
                        f"{len(record.fields)} fields in this row but {width} in the header: "
                        "a delimiter inside a cell that is not in quotes?",
                    )
                )
            cut = record.bare_cr is not None
    except csv.Error as error:
        problems.append(Problem(file, line, 0, f"not a readable CSV file: {error}"))
    if len(problems) > MAX_REPORTED:
        more = len(problems) - MAX_REPORTED
        problems = problems[:MAX_REPORTED] + [Problem(file, 0, 0, f"{more} more rows like these not shown")]
    return problems


def open_xlsx(path: Path, file: str) -> Table:
    """The first sheet of an .xlsx workbook (read with openpyxl) as text cells."""
    try:
        values = _sheet_values(path)
    except DAMAGED_XLSX as error:
        # The error's own text may quote a cell (openpyxl's ValueError does): name its kind only.
        problem = Problem(
            file, 0, 0, f"not a readable .xlsx workbook: damaged, or not an Excel workbook ({_kind(error)})"
        )
        return Table(file, "xlsx", [], lambda *_: pd.DataFrame(), lambda r: {}, [problem])
    # outside the try: an error of our own from here on is a bug, not a damaged workbook
    rows = [[_cell_text(v) for v in row] for row in values]
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


# What a truncated, bit-flipped or foreign file makes the zip, deflate and XML layers raise.
DAMAGED_XLSX = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    OSError,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    SyntaxError,  # xml.etree's and lxml's parse errors
    RecursionError,
)


def _sheet_values(path: Path) -> list[tuple]:
    """The first sheet's cell values; openpyxl reads lazily, so damage may surface while iterating."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        if not workbook.worksheets:
            return []
        sheet = workbook.worksheets[0]
        return list(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


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


def _kind(error: Exception) -> str:
    name = type(error).__name__
    return f"{type(error).__module__}.{name}" if name == "error" else name
