"""Free text a question opts into keeps no way to reach a person: disguised e-mail addresses,
links with or without a scheme and phone numbers are blanked in every format, and a problem
line quotes a cell only after the same redaction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook
from polls import PollDataError, load_survey
from polls.read.privacy import quoted, redact

DATA = Path(__file__).resolve().parent.parent / "data" / "polls"
HOSTILE = DATA / "hostile"
CATALOG = DATA / "forms" / "questions.yaml"
# Each piece someone could be reached by, as typed in the test exports.
SECRETS = [
    "jana at example dot cz",
    "jana(at)example.cz",
    "petr＠example.cz",
    "karel [at] example [dot] org",
    "linkedin.com/in/jana-novakova",
    "www.example.cz",
    "ftp://files.example.org",
    "+420 777 123 456",
    "777-123-456",
    "example",
    "Nováková",
]


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("jana at example dot cz", "[e-mail removed]"),
        ("write to jana(at)example.cz", "write to [e-mail removed]"),
        ("jana＠example.cz", "[e-mail removed]"),
        ("karel [at] example [dot] org", "[e-mail removed]"),
        ("eva{at}example.org", "[e-mail removed]"),
        ("see linkedin.com/in/jana-novakova", "see [link removed]"),
        ("slides on www.x.cz", "slides on [link removed]"),
        ("ftp://files.example.org/x.pdf", "[link removed]"),
        ("call +420 777 123 456", "call [phone removed]"),
        ("777-123-456 or (555) 123-4567", "[phone removed] or [phone removed]"),
    ],
)
def test_redact_blanks_every_disguise(typed, kept):
    assert redact(typed) == kept


@pytest.mark.parametrize(
    "text", ["the Node.js talk", "about 100 people, 15.10.2015", "Ceph and Docker", "3 or more images, 1 000 000 pulls"]
)
def test_redact_keeps_ordinary_answers(text):
    assert redact(text) == text


def test_a_quoted_value_is_redacted_and_shortened():
    assert quoted("mail jana at example dot cz " + "x" * 100) == repr("mail [e-mail removed] " + "x" * 57 + "…")


def folder_with(tmp_path: Path, source: Path, name: str) -> Path:
    tmp_path.mkdir(exist_ok=True)
    shutil.copy(CATALOG, tmp_path / "questions.yaml")
    (tmp_path / "index.yaml").write_text("meetups:\n  - id: talks\n    date: 2016-01-14\n", encoding="utf-8")
    shutil.copy(source, tmp_path / name)
    return tmp_path


def as_workbook(source: Path, target: Path) -> Path:
    import csv
    import io

    book = Workbook()
    for row in csv.reader(io.StringIO(source.read_text(encoding="utf-8"), newline="")):
        book.active.append(row)
    book.save(target)
    return target


@pytest.mark.parametrize(
    "export", ["free-text-google.csv", "free-text-surveymonkey.csv", "free-text-ms-forms.csv", "xlsx"]
)
def test_free_text_keeps_no_address_link_phone_or_name_in_any_format(tmp_path, export):
    if export == "xlsx":
        source = as_workbook(HOSTILE / "free-text-ms-forms.csv", tmp_path / "book.xlsx")
    else:
        source = HOSTILE / export
    survey = load_survey(folder_with(tmp_path / "survey", source, "talks" + source.suffix))
    texts = survey.texts["text"].tolist()
    assert len(texts) == 9
    published = survey.meetups.to_csv() + survey.counts.to_csv() + survey.texts.to_csv()
    assert [s for s in SECRETS if s in published] == []
    assert "@" not in published


def test_a_problem_line_quotes_an_unknown_answer_with_the_phone_number_blanked(tmp_path):
    folder = folder_with(tmp_path, HOSTILE / "unknown-answer-with-phone.csv", "talks.csv")
    with pytest.raises(PollDataError) as caught:
        load_survey(folder)
    assert [(p.line, p.column, p.message) for p in caught.value.problems] == [
        (2, 3, "unknown option 'Yes, call [phone removed]' for question 'visiting' (column C, 1 row)")
    ]
