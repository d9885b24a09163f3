"""Google Forms CSV exports: Timestamp first, checkbox answers joined by ", " in one cell."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from polls import load_survey
from polls.read.catalog import load_catalog
from polls.read.form_exports import Options, read_export

DATA = Path(__file__).resolve().parent.parent / "data" / "polls"
FORMS = DATA / "forms"
BAD = DATA / "bad"
EVENTS = {
    "docker-brno-3": {
        "title": "Docker Brno #3",
        "date": dt.date(2016, 1, 14),
        "group": "docker-brno",
        "attendance": 60,
        "attendance_approx": False,
    }
}
ORCHESTRATORS = {"kubernetes": "Kubernetes", "swarm": "Docker Swarm", "mesos": "Mesos, Marathon", "none": "None yet"}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(FORMS / "questions.yaml")


@pytest.fixture(scope="module")
def survey():
    return load_survey(FORMS, EVENTS)


def raw_rows(name: str, encoding: str = "utf-8") -> list[dict[str, str]]:
    text = (FORMS / name).read_bytes().decode(encoding)
    return list(csv.DictReader(io.StringIO(text, newline="")))


def counts_of(survey, survey_id: str, question: str) -> dict[str, int]:
    rows = survey.counts[(survey.counts["survey"] == survey_id) & (survey.counts["question"] == question)]
    return dict(zip(rows["option"], rows["count"], strict=True))


def answered_of(survey, survey_id: str, question: str) -> int:
    rows = survey.counts[(survey.counts["survey"] == survey_id) & (survey.counts["question"] == question)]
    return int(rows["answered"].iloc[0])


def test_format_and_encoding_are_detected(survey):
    meetup = survey.meetups.set_index("survey").loc["docker-brno-3"]
    assert (meetup["format"], meetup["encoding"], meetup["respondents"]) == ("google-forms", "utf-8", 8)


def test_a_file_named_after_an_event_takes_its_title_date_and_headcount(survey):
    meetup = survey.meetups.set_index("survey").loc["docker-brno-3"]
    assert (meetup["title"], meetup["date"].date(), meetup["attended"]) == ("Docker Brno #3", dt.date(2016, 1, 14), 60)


def test_yes_no_counts_the_yes_answers_of_those_who_answered(survey):
    rows = raw_rows("docker-brno-3.csv")
    answers = [r["Are you visiting from another city?"] for r in rows]
    assert counts_of(survey, "docker-brno-3", "visiting") == {"yes": answers.count("Yes")}
    assert answered_of(survey, "docker-brno-3", "visiting") == sum(1 for a in answers if a)


def test_checkbox_cells_are_matched_against_known_options_not_split_on_commas(survey):
    cells = [r["Which orchestrators do you use?"] for r in raw_rows("docker-brno-3.csv")]
    expected = {
        option: sum(1 for c in cells if re.search(rf"(^|, ){re.escape(label)}(, |$)", c))
        for option, label in ORCHESTRATORS.items()
    }
    assert expected["mesos"] == 3  # "Mesos, Marathon" holds the separator itself
    assert counts_of(survey, "docker-brno-3", "orchestrators") == expected
    assert answered_of(survey, "docker-brno-3", "orchestrators") == sum(1 for c in cells if c)


def test_numbers_fall_into_bucket_ranges(survey):
    answers = [r["How many images does your application use?"] for r in raw_rows("docker-brno-3.csv")]
    numbers = [int(a) for a in answers if a.isdigit()]
    expected = {
        "1": numbers.count(1),
        "2": numbers.count(2),
        "3+": sum(1 for n in numbers if n >= 3) + answers.count("3 or more"),
    }
    assert counts_of(survey, "docker-brno-3", "images_per_app") == expected


def test_bucket_question_on_the_headcount_base_uses_the_attendance(survey):
    rows = survey.counts[(survey.counts["survey"] == "docker-brno-3") & (survey.counts["question"] == "images_per_app")]
    assert set(rows["base_kind"]) == {"attended"} and set(rows["base"]) == {60}


def test_czech_cp1250_export_maps_through_czech_wordings(survey):
    rows = raw_rows("brno-cz.csv", encoding="cp1250")
    meetup = survey.meetups.set_index("survey").loc["brno-cz"]
    assert (meetup["format"], meetup["encoding"]) == ("google-forms", "cp1250")
    visiting = [r["Přijeli jste z jiného města?"] for r in rows]
    assert counts_of(survey, "brno-cz", "visiting") == {"yes": visiting.count("Ano")}
    roles = [r["Jaká je vaše hlavní role?"] for r in rows]
    assert counts_of(survey, "brno-cz", "role") == {
        "developer": roles.count("Vývojář"),
        "operations": roles.count("Provoz"),
        "other": 0,
    }
    none_yet = [r["Jaké orchestrátory používáte?"] for r in rows].count("Zatím žádný")
    assert counts_of(survey, "brno-cz", "orchestrators")["none"] == none_yet


def test_byte_order_mark_does_not_hide_the_timestamp_column(survey):
    assert survey.meetups.set_index("survey").loc["with-bom", "encoding"] == "utf-8-sig"
    for question in ("visiting", "orchestrators", "company_size"):
        assert counts_of(survey, "with-bom", question) == counts_of(survey, "docker-brno-3", question)


def test_timestamps_and_email_addresses_are_not_kept(survey):
    rows = raw_rows("docker-brno-3.csv")
    text = survey.meetups.to_csv() + survey.counts.to_csv() + survey.texts.to_csv()
    assert rows and "docker-brno-3" in text
    for row in rows:
        assert row["Timestamp"] not in text
        assert not row["Email Address"] or row["Email Address"] not in text


# --- problems -----------------------------------------------------------------------------


def problems(catalog, name: str) -> list[tuple[int, int, str]]:
    result = read_export(BAD / name, name, catalog)
    return [(p.line, p.column, p.message) for p in result.problems]


def line_of(name: str, text: str) -> int:
    lines = (BAD / name).read_bytes().decode("utf-8", errors="replace").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def test_unknown_question_column_names_the_closest_catalog_question(catalog):
    found = problems(catalog, "unknown.csv")
    assert (
        1,
        4,
        "unknown question 'Favourite pizza?' (column D); closest catalog question: favourite_talk (Favourite talk)",
    ) in found


def test_unknown_answer_is_reported_on_its_physical_line_after_a_multi_line_cell(catalog):
    found = problems(catalog, "unknown.csv")
    line = line_of("unknown.csv", "Nomad")
    assert line == 4  # the record before it spans lines 2 and 3
    assert (line, 3, "unknown option 'Nomad' for question 'orchestrators' (column C, 1 row)") in found
    assert (
        line_of("unknown.csv", "Maybe"),
        2,
        "unknown option 'Maybe' for question 'visiting' (column B, 1 row)",
    ) in found


def test_duplicate_row_is_reported_with_the_line_it_repeats(catalog):
    assert problems(catalog, "duplicates.csv") == [(4, 1, "duplicate row: the same response as line 2")]


def test_same_answers_at_different_times_are_not_duplicates(catalog):
    result = read_export(BAD / "duplicates.csv", "duplicates.csv", catalog)
    assert len(result.problems) == 1  # lines 3 and 5 share answers but not their timestamp


def test_empty_file(catalog):
    assert problems(catalog, "empty.csv") == [(1, 1, "empty file")]


def test_header_without_responses(catalog):
    assert problems(catalog, "header-only.csv") == [(2, 1, "empty file: no responses below the header")]


def test_semicolon_separated_file_loads_with_its_delimiter_detected(catalog):
    result = read_export(BAD / "semicolons.csv", "semicolons.csv", catalog)
    assert (result.problems, result.delimiter, result.respondents) == ([], ";", 1)


def test_semicolon_separated_file_declared_comma_separated_is_a_wrong_delimiter(catalog):
    result = read_export(BAD / "semicolons.csv", "semicolons.csv", catalog, Options(delimiter=","))
    found = [(p.line, p.column, p.message) for p in result.problems]
    first_line = (BAD / "semicolons.csv").read_text(encoding="utf-8").splitlines()[0]
    assert [(line, column) for line, column, _ in found] == [(1, first_line.index(";") + 1)]
    assert found[0][2].startswith("wrong delimiter: fields are separated by semicolons")


def test_undecodable_bytes_are_reported_where_they_are(catalog):
    found = problems(catalog, "undecodable.csv")
    raw_line = (BAD / "undecodable.csv").read_bytes().split(b"\n")[2]
    assert found == [(3, raw_line.index(b"\xe8") + 1, "undecodable bytes: not valid utf-8")]


def test_a_csv_from_no_known_tool_says_what_was_expected(catalog):
    found = problems(catalog, "unknown-format.csv")
    assert [(line, column) for line, column, _ in found] == [(1, 1)]
    assert "first column Timestamp" in found[0][2]
