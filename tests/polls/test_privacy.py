"""Privacy: identifying columns are dropped on reading, free text only when opted in, and
e-mail addresses never reach a table, a summary or an error message."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from polls import PollDataError, load_survey
from polls.read.check import check_survey
from polls.read.privacy import is_identifying, redact

FORMS = Path(__file__).resolve().parent.parent / "data" / "polls" / "forms"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EVENTS = {"docker-brno-3": {"title": "Docker Brno #3", "date": dt.date(2016, 1, 14)}}


def addresses_in_test_exports() -> set[str]:
    found = set()
    for path in FORMS.glob("*.csv"):
        found |= set(EMAIL.findall(path.read_bytes().decode("utf-8", errors="replace")))
    return found


@pytest.mark.parametrize(
    "header",
    [
        "Timestamp",
        "Email Address",
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Časová značka",
    ],
)
def test_metadata_columns_of_every_tool_are_identifying(header):
    assert is_identifying(header)


@pytest.mark.parametrize("header", ["Are you visiting from another city?", "What is your main role?"])
def test_question_columns_are_not_identifying(header):
    assert not is_identifying(header)


def test_redact_blanks_email_addresses_and_links():
    assert redact("write to jan.novak+polls@example.cz or see https://example.org/x") == (
        "write to [e-mail removed] or see [link removed]"
    )


def test_test_exports_hold_addresses_to_leak():
    assert len(addresses_in_test_exports()) >= 5


def test_no_address_reaches_the_survey_tables():
    survey = load_survey(FORMS, EVENTS)
    text = survey.meetups.to_csv() + survey.counts.to_csv() + survey.texts.to_csv()
    assert [a for a in addresses_in_test_exports() if a in text] == []


def test_no_address_reaches_the_survey_check_summary():
    result = check_survey(FORMS, EVENTS)
    assert result.ok
    assert [a for a in addresses_in_test_exports() if a in "\n".join(result.summary)] == []


def test_no_address_reaches_an_error_message(tmp_path):
    """An unknown answer is quoted in its problem: with the address blanked."""
    shutil.copy(FORMS / "questions.yaml", tmp_path / "questions.yaml")
    (tmp_path / "index.yaml").write_text("meetups:\n  - id: leak\n    date: 2016-01-14\n", encoding="utf-8")
    (tmp_path / "leak.csv").write_text(
        "Timestamp,What is your main role?,Which orchestrators do you use?\n"
        '2016/01/14 19:00,Developer,"Kubernetes, mail me at eva@example.org"\n',
        encoding="utf-8",
    )
    with pytest.raises(PollDataError) as caught:
        load_survey(tmp_path)
    messages = "\n".join(str(p) for p in caught.value.problems)
    assert "unknown option" in messages
    assert "eva@example.org" not in messages and "[e-mail removed]" in messages
