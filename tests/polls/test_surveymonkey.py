"""SurveyMonkey CSV exports: two header rows, one column per option of a multi-select,
metadata columns first, "Other (please specify)" text beside a choice."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from polls import load_survey
from polls.read.catalog import load_catalog
from polls.read.form_exports import read_export

FORMS = Path(__file__).resolve().parent.parent / "data" / "polls" / "forms"
SOURCE = FORMS / "surveymonkey.csv"
METADATA = [
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
]


@pytest.fixture(scope="module")
def survey():
    return load_survey(FORMS, {"docker-brno-3": {"date": "2016-01-14"}})


@pytest.fixture(scope="module")
def table():
    """The raw file as (question, item) headers and data rows, read with the csv module."""
    rows = list(csv.reader(io.StringIO(SOURCE.read_text(encoding="utf-8"), newline="")))
    questions, current = [], ""
    for text in rows[0]:
        current = text or current
        questions.append(current)
    return list(zip(questions, rows[1], strict=True)), rows[2:]


def column(table, question: str, item: str) -> list[str]:
    headers, rows = table
    index = headers.index((question, item))
    return [row[index] for row in rows]


def counts_of(survey, question: str) -> dict[str, int]:
    rows = survey.counts[(survey.counts["survey"] == "surveymonkey") & (survey.counts["question"] == question)]
    return dict(zip(rows["option"], rows["count"], strict=True))


def answered_of(survey, question: str) -> int:
    rows = survey.counts[(survey.counts["survey"] == "surveymonkey") & (survey.counts["question"] == question)]
    return int(rows["answered"].iloc[0])


def test_detected_with_its_respondents(survey, table):
    meetup = survey.meetups.set_index("survey").loc["surveymonkey"]
    assert (meetup["format"], meetup["respondents"]) == ("surveymonkey", len(table[1]))


def test_response_column_counts_answers(survey, table):
    answers = column(table, "Are you visiting from another city?", "Response")
    assert counts_of(survey, "visiting") == {"yes": answers.count("Yes")}
    assert answered_of(survey, "visiting") == sum(1 for a in answers if a)


def test_one_column_per_option_counts_filled_cells(survey, table):
    labels = {"kubernetes": "Kubernetes", "swarm": "Docker Swarm", "mesos": "Mesos, Marathon", "none": "None yet"}
    expected = {
        option: sum(1 for cell in column(table, "Which orchestrators do you use?", label) if cell)
        for option, label in labels.items()
    }
    assert counts_of(survey, "orchestrators") == expected


def test_respondent_who_ticked_several_options_is_answered_once(survey, table):
    headers, rows = table
    indexes = [i for i, (q, _) in enumerate(headers) if q == "Which orchestrators do you use?"]
    assert answered_of(survey, "orchestrators") == sum(1 for row in rows if any(row[i] for i in indexes))


def test_other_please_specify_counts_as_the_other_option_and_its_text_is_dropped(survey, table):
    typed = [t for t in column(table, "What is your main role?", "Other (please specify)") if t]
    assert counts_of(survey, "role")["other"] == len(typed)
    kept = survey.texts[survey.texts["question"] == "role"]
    assert kept.empty


def test_free_text_opted_in_keeps_the_text_without_its_email_address(survey, table):
    answers = column(table, "Which talk did you like best?", "Response")
    typed = [a for a in answers if a and a not in ("Nulecule", "Ceph and Docker")]
    texts = survey.texts[survey.texts["question"] == "favourite_talk"]["text"].tolist()
    assert len(texts) == len(typed) == 1
    assert "@" in typed[0] and "@" not in texts[0]
    assert texts[0] == typed[0].split(": ")[0] + ": [e-mail removed]"


def test_metadata_columns_never_reach_the_output(survey, table):
    text = survey.meetups.to_csv() + survey.counts.to_csv() + survey.texts.to_csv()
    values = [(name, value) for name in METADATA for value in column(table, name, "") if value]
    assert values and survey.meetups["survey"].iloc[0] in text
    for name, value in values:
        assert value not in text, (name, value)


def test_option_unknown_in_the_second_header_row_is_reported_there(tmp_path):
    catalog = load_catalog(FORMS / "questions.yaml")
    changed = tmp_path / "sm.csv"
    changed.write_text(
        SOURCE.read_text(encoding="utf-8").replace(",Docker Swarm,", ",Swarm mode,", 1), encoding="utf-8"
    )
    header = next(csv.reader(io.StringIO(changed.read_text(encoding="utf-8").splitlines()[1])))
    result = read_export(changed, "sm.csv", catalog)
    assert [(p.line, p.column) for p in result.problems] == [(2, header.index("Swarm mode") + 1)]
    assert result.problems[0].message.startswith("unknown option 'Swarm mode' for question 'orchestrators'")
    assert result.problems[0].message.endswith("closest option: 'swarm'")


def test_question_unknown_in_the_first_header_row_is_reported_once(tmp_path):
    catalog = load_catalog(FORMS / "questions.yaml")
    changed = tmp_path / "sm.csv"
    changed.write_text(
        SOURCE.read_text(encoding="utf-8").replace(
            "Which orchestrators do you use?", "Which orchestrator do you use?", 1
        ),
        encoding="utf-8",
    )
    header = next(csv.reader(io.StringIO(changed.read_text(encoding="utf-8").splitlines()[0])))
    result = read_export(changed, "sm.csv", catalog)
    assert [(p.line, p.column) for p in result.problems] == [(1, header.index("Which orchestrator do you use?") + 1)]
    assert "closest catalog question: orchestrators" in result.problems[0].message


def test_repeated_respondent_is_a_duplicate(tmp_path):
    catalog = load_catalog(FORMS / "questions.yaml")
    lines = SOURCE.read_text(encoding="utf-8").splitlines(keepends=True)
    copy = tmp_path / "sm.csv"
    copy.write_text("".join(lines + [lines[3]]), encoding="utf-8")
    result = read_export(copy, "sm.csv", catalog)
    assert [(p.line, p.message) for p in result.problems] == [
        (len(lines) + 1, "duplicate row: the same response as line 4")
    ]
