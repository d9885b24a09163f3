"""The site's plan: each meetup's results as HTML figures per topic (no results chart), verdicts as the engine gives."""

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


def test_each_meetup_gets_one_figure_block_per_question_it_asked(sample):
    survey, aggregates, plan = sample
    asked = aggregates[aggregates["kind"] != "attendance"].groupby("survey")["question"].nunique()
    blocks = {name: sum(len(figure.blocks) for figure in figures) for name, figures in plan.figures.items()}
    assert blocks == asked.to_dict()


def test_a_meetups_figures_follow_the_catalogs_topics_in_catalog_order(sample):
    survey, _, plan = sample
    catalog = [q for q in survey.catalog.questions if q.kind != "attendance"]
    assert any(plan.figures.values())
    for figures in plan.figures.values():
        shown = [(figure.topic, block.question) for figure in figures for block in figure.blocks]
        assert shown == [(q.topic, q.id) for q in catalog if q.id in {question for _, question in shown}]
        assert len({figure.topic for figure in figures}) == len(figures)


def test_no_results_chart_is_drawn_for_the_event_pages(sample):
    _, _, plan = sample
    assert [spec.key for spec in plan.specs if spec.kind == "results"] == []


def test_batch_planned_results_equal_the_one_at_a_time_builder(sample):
    survey, aggregates, plan = sample
    planned = {spec.key: spec for spec in plan.results.values()}
    assert planned
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
