"""Chart specs: plain, picklable, hashable values built from the aggregates."""

from __future__ import annotations

import pickle

import pytest
from polls.charts import attendance_spec, results_spec, trend_spec
from polls.errors import NoData


def test_specs_survive_pickling_and_hash_by_value(aggregates, meetups, catalog):
    specs = [
        results_spec(aggregates, "docker-brno-3", "orchestrator", catalog),
        trend_spec(aggregates, "experimenting", "yes", catalog=catalog),
        attendance_spec(meetups),
    ]
    for spec in specs:
        copy = pickle.loads(pickle.dumps(spec))
        assert copy == spec and hash(copy) == hash(spec)
        assert copy.canonical() == spec.canonical()


def test_a_trend_has_one_point_per_meetup_in_date_order(aggregates, catalog):
    spec = trend_spec(aggregates, "experimenting", "yes", catalog=catalog)
    assert [point.survey for point in spec.rows] == [
        "docker-brno-1", "docker-brno-2", "docker-prague-1", "docker-brno-3"]
    assert [point.count for point in spec.rows] == [30, 85, 42, 70]
    assert [point.approx for point in spec.rows] == [False, True, True, False]


def test_a_trend_of_one_group_leaves_the_other_groups_out(aggregates, catalog):
    spec = trend_spec(aggregates, "experimenting", "yes", "docker-prague", catalog=catalog)
    assert [point.survey for point in spec.rows] == ["docker-prague-1"]
    assert spec.key == "trend/docker-prague/experimenting/yes"


def test_a_suppressed_trend_point_has_no_numbers_but_keeps_its_base(aggregates, catalog):
    spec = trend_spec(aggregates, "students", "yes", catalog=catalog)
    last = spec.rows[-1]
    assert (last.survey, last.share, last.count, last.suppression, last.base) == (
        "docker-brno-3", None, None, "small", 80)


def test_attendance_lists_every_meetup_with_its_headcount(meetups):
    spec = attendance_spec(meetups, "docker-brno")
    assert [(row.survey, row.attended, row.approx) for row in spec.rows] == [
        ("docker-brno-1", 45, False), ("docker-brno-2", 100, True), ("docker-brno-3", 80, False)]


def test_unknown_survey_or_question_is_a_clear_error(aggregates, catalog):
    with pytest.raises(NoData, match="no-such-meetup"):
        results_spec(aggregates, "no-such-meetup", "orchestrator", catalog)
    with pytest.raises(NoData, match="nothing"):
        trend_spec(aggregates, "nothing", "yes")


def test_a_key_error_from_broken_aggregates_propagates_as_itself(aggregates, catalog):
    # a table without its "option" column is a bug upstream, not a chart nobody polled for
    broken = aggregates.drop(columns="option")

    with pytest.raises(KeyError):
        results_spec(broken, "docker-brno-3", "orchestrator", catalog)


def test_no_data_is_not_a_built_in_lookup_error():
    # an `except LookupError` meant for a dict lookup must not take "nothing to draw" for a bug, nor the reverse
    assert not issubclass(NoData, LookupError)
    assert str(NoData("no aggregates for survey 'x'")) == "no aggregates for survey 'x'"


def test_without_a_catalog_options_keep_their_ids_and_order(aggregates):
    spec = results_spec(aggregates, "docker-brno-3", "orchestrator")
    assert [bar.label for bar in spec.rows] == ["kubernetes", "swarm", "mesos", "none"]
    assert spec.title == "orchestrator"
