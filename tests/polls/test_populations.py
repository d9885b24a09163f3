"""Who a figure is about: how it was polled, who was asked, which options the form offered.

A comparison between two meetups is only made between like populations; an option
a form did not offer is missing from that meetup, never a count of 0.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from polls import PollDataError, aggregate, change, export_csv, load_catalog, load_survey

DATA = Path(__file__).resolve().parent.parent / "data" / "polls"
SURVEY = DATA / "populations"
BAD = DATA / "bad" / "asked-if-problems.yaml"


@pytest.fixture(scope="module")
def survey():
    return load_survey(SURVEY)


def test_a_tally_is_recorded_as_a_show_of_hands_and_an_export_as_a_form(survey):
    methods = survey.counts.groupby("survey")["method"].unique().map(list).to_dict()
    assert methods == {"docker-brno-1": ["tally"], "docker-brno-2": ["tally"], "docker-brno-3": ["form"]}


def test_a_show_of_hands_is_not_compared_with_a_form(survey):
    # 85 % of ~100 raised a hand; 47 of 80 present ticked "yes" on the form.
    result = change(survey, "containers", "yes", "docker-brno-2", "docker-brno-3")
    assert result.direction == "not comparable"
    assert result.verdict == "not comparable: a show of hands against a form"
    assert (result.share_a, result.share_b, result.difference) == (None, None, None)


def test_two_shows_of_hands_are_still_compared(survey):
    result = change(survey, "containers", "yes", "docker-brno-1", "docker-brno-2")
    assert result.direction == "rose"


def test_a_question_asked_only_after_an_answer_records_who_was_asked(survey):
    rows = survey.counts[survey.counts["question"] == "runtimes"]
    assert set(rows["asked"]) == {"containers=yes"}


def test_an_option_the_form_did_not_offer_is_no_row_at_all(survey):
    rows = survey.counts[(survey.counts["survey"] == "docker-brno-3") & (survey.counts["question"] == "runtimes")]
    assert list(rows["option"]) == ["docker", "podman", "lxc"]


def test_an_option_not_offered_is_absent_from_the_published_table_and_the_download(survey, tmp_path):
    table = aggregate(survey)
    assert "crio" not in set(table["option"])
    export_csv(table, tmp_path / "polls.csv")
    import csv

    with (tmp_path / "polls.csv").open(encoding="utf-8", newline="") as handle:
        options = {row["option"] for row in csv.DictReader(handle)}
    assert "crio" not in options and {"docker", "podman", "lxc"} <= options


def test_who_was_asked_travels_into_the_aggregates(survey):
    table = aggregate(survey)
    asked = table.set_index(["survey", "question", "option"])["asked"]
    assert asked[("docker-brno-3", "runtimes", "docker")] == "containers=yes"
    assert asked[("docker-brno-3", "role", "dev")] == ""


@pytest.fixture(scope="module")
def asked_if_problems():
    with pytest.raises(PollDataError) as caught:
        load_catalog(BAD)
    return [str(problem) for problem in caught.value.problems]


def test_asked_if_naming_no_question_of_the_catalog_is_reported_where_it_is(asked_if_problems):
    assert f"{BAD}:9:26: question 'production': asked_if names 'containres', which is not another " \
           "question of the catalog" in asked_if_problems


def test_asked_if_with_an_answer_the_question_does_not_have_is_reported_where_it_is(asked_if_problems):
    assert f"{BAD}:14:46: question 'runtime': asked_if answer 'maybe' is not an option of 'containers'" \
        in asked_if_problems


def test_asked_if_that_is_not_a_mapping_is_reported_where_it_is(asked_if_problems):
    assert f"{BAD}:19:15: question 'orchestrator': asked_if is a mapping with `question` and `answer` " \
           "(and optional `surveys`)" in asked_if_problems


def test_asked_if_implying_an_option_the_question_does_not_have_is_reported_with_the_closest(asked_if_problems):
    assert f"{BAD}:24:66: question 'registry': asked_if implied_by 'harbour' is not an option of 'registry'; " \
           "closest option: 'harbor'" in asked_if_problems


def test_every_asked_if_mistake_is_reported_together(asked_if_problems):
    assert len(asked_if_problems) == 4
