"""Microsoft Forms exports: an .xlsx workbook or the CSV saved from it; multi-select joined by ";"."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook
from polls.read.catalog import load_catalog
from polls.read.form_exports import read_export

FORMS = Path(__file__).resolve().parent.parent / "data" / "polls" / "forms"
SOURCE = FORMS / "ms-forms.csv"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(FORMS / "questions.yaml")


def rows_of_csv() -> list[list[str]]:
    return list(csv.reader(io.StringIO(SOURCE.read_text(encoding="utf-8"), newline="")))


@pytest.fixture
def workbook(tmp_path) -> Path:
    """The same responses as an .xlsx, as Forms' "Open in Excel" gives them (ids as numbers)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for index, row in enumerate(rows_of_csv()):
        sheet.append([int(v) if index and v.isdigit() else v for v in row])
    path = tmp_path / "ms-forms.xlsx"
    book.save(path)
    return path


def counts(result) -> dict[tuple[str, str], int]:
    return {(r["question"], r["option"]): r["count"] for r in result.rows}


def test_csv_is_detected_as_microsoft_forms(catalog):
    result = read_export(SOURCE, "ms-forms.csv", catalog)
    assert (result.format, result.encoding, result.respondents, result.problems) == (
        "ms-forms",
        "utf-8",
        len(rows_of_csv()) - 1,
        [],
    )


def test_semicolon_joined_choices_count_each_option(catalog):
    rows = rows_of_csv()
    cells = [row[rows[0].index("Which orchestrators do you use?")] for row in rows[1:]]
    chosen = [[part for part in cell.split(";") if part] for cell in cells]
    result = counts(read_export(SOURCE, "ms-forms.csv", catalog))
    for option, label in (
        ("kubernetes", "Kubernetes"),
        ("swarm", "Docker Swarm"),
        ("mesos", "Mesos, Marathon"),
        ("none", "None yet"),
    ):
        assert result[("orchestrators", option)] == sum(label in parts for parts in chosen)


def test_workbook_gives_the_same_counts_as_its_csv(catalog, workbook):
    from_xlsx = read_export(workbook, "ms-forms.xlsx", catalog)
    from_csv = read_export(SOURCE, "ms-forms.csv", catalog)
    assert (from_xlsx.format, from_xlsx.encoding, from_xlsx.problems) == ("ms-forms", "xlsx", [])
    assert counts(from_xlsx) == counts(from_csv)
    assert from_xlsx.respondents == from_csv.respondents


def test_names_and_emails_are_not_read(catalog, workbook):
    rows = rows_of_csv()
    personal = {row[i] for row in rows[1:] for i in (3, 4)} - {"", "anonymous"}
    assert personal
    for path in (SOURCE, workbook):
        result = read_export(path, path.name, catalog)
        assert not [value for value in personal if value in repr(result)]


def test_unknown_answer_in_a_workbook_is_reported_at_its_row_and_column(catalog, tmp_path):
    book = Workbook()
    sheet = book.active
    rows = rows_of_csv()
    rows[3][5] = "Maybe"
    for row in rows:
        sheet.append(row)
    path = tmp_path / "bad.xlsx"
    book.save(path)
    result = read_export(path, "bad.xlsx", catalog)
    assert [(p.line, p.column) for p in result.problems] == [(4, 6)]
    assert result.problems[0].message.startswith("unknown option 'Maybe' for question 'visiting' (column F")


def test_answer_outside_the_options_counts_as_other_when_the_question_has_one(catalog, tmp_path):
    rows = rows_of_csv()
    before = counts(read_export(SOURCE, "ms-forms.csv", catalog))[("role", "other")]
    rows[1][7] = "Architect"
    path = tmp_path / "other.csv"
    path.write_text("\n".join(",".join(f'"{v}"' for v in row) for row in rows), encoding="utf-8")
    result = read_export(path, "other.csv", catalog)
    assert result.problems == []
    assert counts(result)[("role", "other")] == before + 1


def test_a_file_that_is_not_a_workbook_is_reported(catalog, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a zip file")
    result = read_export(path, "broken.xlsx", catalog)
    assert len(result.problems) == 1 and "not a readable .xlsx workbook" in result.problems[0].message
