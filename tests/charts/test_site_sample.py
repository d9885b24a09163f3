"""Every chart of the site's own sample polls (survey/), through the real poll engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from chart_helpers import number, parse_svg, render_partial, table_rows
from meetup.standalone import load_site, poll_events
from polls.charts import attendance_spec, render_charts, results_spec, trend_spec

ROOT = Path(__file__).resolve().parent.parent.parent
polls = pytest.importorskip("polls")


def site_events() -> dict[str, dict]:
    """The events of content/events/ as the engine takes them, through the site's own reader."""
    return poll_events(load_site(ROOT / "content", {"MEETUP_TIMEZONE": "Europe/Prague"}))


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    survey = polls.load_survey(ROOT / "survey", site_events())
    aggregates = polls.aggregate(survey)
    specs = [results_spec(aggregates, sid, qid, survey.catalog, meetups=survey.meetups)
             for sid, qid in aggregates[["survey", "question"]].drop_duplicates().itertuples(index=False)
             if qid != "attendance"]
    specs += [trend_spec(aggregates, qid, oid, catalog=survey.catalog)
              for qid, oid in aggregates[["question", "option"]].drop_duplicates().itertuples(index=False)]
    specs.append(attendance_spec(survey.meetups))
    report = render_charts(specs, tmp_path_factory.mktemp("charts"), workers=1, progress=False)
    return aggregates, report


def test_every_sample_chart_is_an_accessible_svg(sample):
    _, report = sample
    assert report.rendered == len(report.charts) > 0
    for chart in report.charts.values():
        root = parse_svg(chart.svg)
        assert root.get("role") == "img" and root.get("aria-labelledby")


def test_every_sample_results_table_matches_the_engines_aggregates(sample):
    aggregates, report = sample
    checked = 0
    for chart in report.charts.values():
        if chart.kind != "results":
            continue
        rows = table_rows(render_partial(chart))
        survey_id, question = chart.key.split("/")[1:]
        for bar, record in zip(chart.spec.rows, aggregates[
                (aggregates["survey"] == survey_id) & (aggregates["question"] == question)
        ].set_index("option").loc[[bar.option for bar in chart.spec.rows]].itertuples(), strict=True):
            row = rows[bar.label]
            if record.suppressed:
                assert row["Share"].startswith("suppressed") and row["People"] == "suppressed"
            else:
                assert abs(number(row["Share"]) - record.share * 100) <= 0.5
                assert number(row["People"]) == record.count
                assert row["Share"].startswith("≈") == bool(record.approx)
            checked += 1
    assert checked == len(aggregates[aggregates["question"] != "attendance"])
