"""The site's chart plan: one results chart per meetup and question, verdicts as the engine gives them."""

from __future__ import annotations

from pathlib import Path

import polls
import pytest
from meetup.standalone import load_site, poll_events
from polls.charts import results_spec
from polls.stats.comparisons import change
from polls_site import page_plan as site_plan

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample():
    survey = polls.load_survey(ROOT / "survey", events=poll_events(load_site(ROOT / "content")))
    aggregates = polls.aggregate(survey)
    return survey, aggregates, site_plan.plan(survey, aggregates, 10, "polls/{slug}/index.html")


def test_each_meetup_gets_one_results_chart_per_question_it_asked(sample):
    survey, aggregates, plan = sample
    asked = aggregates[aggregates["kind"] != "attendance"].groupby("survey")["question"].nunique()
    assert {name: len(keys) for name, keys in plan.by_event.items()} == asked.to_dict()


def test_batch_planned_results_charts_equal_the_one_at_a_time_builder(sample):
    survey, aggregates, plan = sample
    planned = {spec.key: spec for spec in plan.specs if spec.kind == "results"}
    for key, spec in planned.items():
        _, name, question = key.split("/")
        alone = results_spec(aggregates, name, question, survey.catalog, min_cell=10, meetups=survey.meetups)
        assert alone == spec


def test_trend_verdicts_equal_change_over_the_whole_survey(sample):
    survey, _, plan = sample
    verdicts = [c for page in plan.trend_pages for _, c in page.changes]
    assert verdicts
    for c in verdicts:
        assert change(survey, c.question, c.option, c.survey_a, c.survey_b) == c
