"""A percentage typed into a tally is published as written: "~45%" of 30 reads "≈45 %", never "≈47 %"."""

from __future__ import annotations

from pathlib import Path

import polls
import pytest
from chart_helpers import render_partial, table_rows
from polls.charts import render_charts, results_spec
from statsmodels.stats.proportion import proportion_confint

WRITTEN = Path(__file__).resolve().parents[1] / "data" / "polls" / "written"


@pytest.fixture(scope="module")
def survey():
    return polls.load_survey(WRITTEN)


def test_the_share_is_the_percentage_typed_and_its_interval_is_centred_on_it(survey):
    row = polls.aggregate(survey, min_cell=0).set_index("question").loc["students"]
    assert (row["count"], row["base"], row["share"]) == (14, 30, pytest.approx(0.45))  # 13.5 people, 14 heads
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(proportion_confint(13.5, 30, method="wilson"))


def test_the_results_table_shows_the_percentage_as_written(survey, tmp_path):
    aggregates = polls.aggregate(survey, min_cell=0)
    spec = results_spec(aggregates, "as-written", "students", survey.catalog, min_cell=0, meetups=survey.meetups)
    chart = render_charts([spec], tmp_path, workers=1, progress=False).charts[spec.key]
    [row] = table_rows(render_partial(chart)).values()
    assert row["Share"] == "≈45 %"
    assert row["n (base)"] == "30 attended"
