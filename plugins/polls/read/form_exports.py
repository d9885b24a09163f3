"""Read one per-respondent export (Google Forms, SurveyMonkey, Microsoft Forms) into counts.

open the file -> decode -> detect the tool -> map the columns through the catalog
-> read only the mapped columns -> count the distinct answers.  Identifying columns
are never read, except the key column the duplicate check needs, which is dropped
right after the check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PollDataError, Problem
from .catalog import Catalog
from .encoding import detect_encoding
from .formats.detect import EXPECTED, EXPORT_FORMATS, detect_format
from .mapping import count_answers, map_columns
from .sheet import Table, open_csv, open_xlsx
from .validate import duplicate_rows


@dataclass
class Export:
    file: str
    format: str = ""
    encoding: str = ""
    delimiter: str = ""  # the CSV field separator ("" for workbooks)
    respondents: int | None = None
    rows: list[dict] = field(default_factory=list)
    texts: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Line where the response with this 0-based number starts (cells may span lines).
    response_line: Callable[[int], int] | None = None


@dataclass(frozen=True)
class Options:
    """Per-file settings from survey/index.yaml (all optional)."""

    format: str | None = None
    encoding: str | None = None
    delimiter: str | None = None  # None: detected
    unmapped: str = "error"


def read_export(path: Path, file: str, catalog: Catalog, options: Options = Options()) -> Export:
    result = Export(file)
    table = _open(path, file, options, result)
    if table is None:
        return result
    fmt = options.format or detect_format(path, table.head)
    if fmt not in EXPORT_FORMATS:
        result.problems.append(Problem(file, 1, 1, f"unknown poll file format: {EXPECTED}"))
        return result
    result.format = fmt
    module = EXPORT_FORMATS[fmt]
    if len(table.head) < module.HEADER_ROWS:
        result.problems.append(
            Problem(file, len(table.head) + 1, 1, f"empty file: a {fmt} export has {module.HEADER_ROWS} header rows")
        )
        return result
    columns = module.describe(table.head)
    mapped, problems = map_columns(columns, catalog, file, options.unmapped)
    result.problems += problems
    if not mapped and not problems:
        result.problems.append(Problem(file, 1, 1, "no column of this file maps to a catalog question"))
    positions = sorted({m.column.position for m in mapped})
    try:
        frame = table.read_columns(positions, None)
    except PollDataError as error:
        result.problems += error.problems
        return result
    data = frame.iloc[module.HEADER_ROWS :].reset_index(drop=True)
    result.respondents = len(data)
    first = module.HEADER_ROWS
    result.response_line = lambda number: table.line_of([first + number])[first + number]
    if data.empty:
        result.problems.append(Problem(file, module.HEADER_ROWS + 1, 1, "empty file: no responses below the header"))
        return result
    if any(c.key for c in columns):
        result.problems += _duplicates(table, len(columns), module.HEADER_ROWS, file)
    counted = count_answers(data, mapped, module.SEPARATOR, file, module.HEADER_ROWS, table.line_of)
    result.rows, result.texts = counted.rows, counted.texts
    result.problems += counted.problems
    return result


def _duplicates(table: Table, width: int, header_rows: int, file: str) -> list[Problem]:
    """Responses submitted twice: rows equal in every column, respondent id or timestamp included.

    Only a file with such a key column is checked (without one, two people may well
    give the same answers).  Comparing raw lines first keeps the common case cheap;
    the exact, column-by-column check runs only when some line repeats.
    """
    if table.raw is not None:
        lines = table.raw.split(b"\n")
        distinct = set(lines) - {b"", b"\r"}
        if len(distinct) == len(lines) - lines.count(b"") - lines.count(b"\r"):
            return []
    frame = table.read_columns(list(range(width)), None).iloc[header_rows:].reset_index(drop=True)
    return duplicate_rows(frame, file, header_rows, table.line_of)


def _open(path: Path, file: str, options: Options, result: Export) -> Table | None:
    if path.suffix.lower() == ".xlsx":
        table = open_xlsx(path, file)
        result.encoding = "xlsx"
        result.problems += table.problems
        if not table.problems and not table.head:
            result.problems.append(Problem(file, 1, 1, "empty file: the first sheet has no rows"))
        return None if result.problems else table
    raw = path.read_bytes()
    if not raw.strip():
        result.problems.append(Problem(file, 1, 1, "empty file"))
        return None
    detected = detect_encoding(raw, file, options.encoding)
    result.encoding = detected.encoding
    result.problems += detected.problems
    if detected.problems:
        return None
    table = open_csv(raw, detected.encoding, file, options.delimiter)
    result.delimiter = table.delimiter
    result.problems += table.problems
    if table.problems or not table.head:
        return None
    delimiter_problem = options.delimiter and _wrong_delimiter(
        table.head[0], raw, detected.encoding, options.delimiter, file
    )
    if delimiter_problem:
        result.problems.append(delimiter_problem)
        return None
    return table


def _wrong_delimiter(first_row: list[str], raw: bytes, encoding: str, delimiter: str, file: str) -> Problem | None:
    """A header read as one field that holds semicolons or tabs: saved with another separator."""
    if len(first_row) != 1:
        return None
    for other, name in ((";", "semicolons"), ("\t", "tabs"), (",", "commas"), ("|", "bars")):
        if other != delimiter and first_row[0].count(other) >= 1:
            line = raw[:4096].decode(encoding, errors="replace").lstrip("\ufeff").split("\n", 1)[0]
            column = line.find(other) + 1
            return Problem(
                file,
                1,
                column,
                f"wrong delimiter: fields are separated by {name}; save the "
                f"file as comma-separated CSV, or set `delimiter: {other!r}` for it in "
                "survey/index.yaml",
            )
    return None
