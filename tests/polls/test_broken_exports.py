"""Exports that are cut, padded or saved the way spreadsheets do: each record read once, by one
parser, so a stray line break or an extra field is a problem at its line, never answers shifted
into other columns; semicolon- and tab-separated files load with their separator detected."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from polls import PollDataError, load_survey
from polls.read.catalog import load_catalog
from polls.read.check import check_survey
from polls.read.form_exports import read_export

DATA = Path(__file__).resolve().parent.parent / "data" / "polls"
HOSTILE = DATA / "hostile"
CATALOG = DATA / "forms" / "questions.yaml"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(CATALOG)


def problems(catalog, name: str) -> list[tuple[int, int, str]]:
    result = read_export(HOSTILE / name, name, catalog)
    return [(p.line, p.column, p.message) for p in result.problems]


def folder_with(tmp_path: Path, name: str) -> Path:
    shutil.copy(CATALOG, tmp_path / "questions.yaml")
    (tmp_path / "index.yaml").write_text("meetups:\n  - id: spring\n    date: 2016-04-07\n", encoding="utf-8")
    shutil.copy(HOSTILE / name, tmp_path / f"spring{Path(name).suffix}")
    return tmp_path


def test_a_lone_carriage_return_in_an_unquoted_cell_is_a_problem_where_it_is(catalog):
    assert problems(catalog, "bare-cr.csv") == [
        (
            2,
            2,
            "a line break (carriage return) inside a cell that is not in quotes cuts this row in two; "
            "put the cell in quotes or remove the line break",
        )
    ]


def test_a_name_shifted_by_a_carriage_return_reaches_no_table_and_no_message(tmp_path):
    with pytest.raises(PollDataError) as caught:
        load_survey(folder_with(tmp_path, "bare-cr.csv"))
    assert "Jana" not in str(caught.value) and "Nováková" not in str(caught.value)


def test_a_carriage_return_inside_quotes_is_part_of_the_cell(catalog, tmp_path):
    text = (HOSTILE / "bare-cr.csv").read_bytes().replace(b"Nule\rcule", b'"Nulecule\r"')
    (tmp_path / "quoted.csv").write_bytes(text)
    result = read_export(tmp_path / "quoted.csv", "quoted.csv", catalog)
    assert (result.problems, result.respondents) == ([], 2)


def test_a_row_with_more_fields_than_the_header_is_a_problem_at_its_first_extra_field(catalog):
    assert problems(catalog, "extra-fields.csv") == [
        (3, 4, "4 fields in this row but 3 in the header: a delimiter inside a cell that is not in quotes?")
    ]


def test_the_extra_field_is_not_quoted(catalog):
    assert not any("example.cz" in message for _, _, message in problems(catalog, "extra-fields.csv"))


def test_the_same_question_in_two_columns_is_a_problem_at_the_second(catalog):
    assert problems(catalog, "same-question-twice.csv") == [
        (1, 4, "question 'visiting' is in two columns, B and D: keep one")
    ]


def test_excel_csv_from_a_czech_locale_loads_with_semicolons_and_cp1250(catalog):
    result = read_export(HOSTILE / "excel-czech.csv", "excel-czech.csv", catalog)
    assert (result.problems, result.format, result.encoding, result.delimiter) == ([], "google-forms", "cp1250", ";")
    counts = {(r["question"], r["option"]): r["count"] for r in result.rows}
    assert counts[("visiting", "yes")] == 2
    assert (counts[("orchestrators", "kubernetes")], counts[("orchestrators", "mesos")]) == (2, 1)


def test_excel_unicode_text_loads_as_utf16_with_tabs(catalog):
    result = read_export(HOSTILE / "excel-unicode-text.csv", "excel-unicode-text.csv", catalog)
    assert (result.problems, result.format, result.encoding, result.delimiter) == ([], "ms-forms", "utf-16", "\t")
    assert result.respondents == 3
    assert {(r["question"], r["option"]): r["count"] for r in result.rows}[("role", "developer")] == 2


@pytest.mark.parametrize(
    ("name", "separated"),
    [("excel-czech.csv", "[google-forms, cp1250, semicolon-separated]"),
     ("excel-unicode-text.csv", "[ms-forms, utf-16, tab-separated]")],
)
def test_survey_check_says_which_separator_it_found(tmp_path, name, separated):
    result = check_survey(folder_with(tmp_path, name))
    assert result.ok, result.problems
    assert result.summary[0].startswith(f"spring (2016-04-07): spring.csv {separated} ")


def test_a_microsoft_forms_csv_with_semicolons_inside_quoted_cells_stays_comma_separated(catalog):
    result = read_export(DATA / "forms" / "ms-forms.csv", "ms-forms.csv", catalog)
    assert (result.problems, result.delimiter) == ([], ",")


def test_a_surveymonkey_question_named_twice_is_a_problem_but_its_further_columns_are_not(catalog):
    assert problems(catalog, "surveymonkey-same-question-twice.csv") == [
        (1, 5, "question 'visiting' is in two columns, B and E: keep one")
    ]
