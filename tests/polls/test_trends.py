"""Across meetups: trend series, pooled totals and change verdicts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from polls.stats.aggregate import aggregate_counts
from polls.stats.comparisons import change, pool, trend
from polls.stats.intervals import wilson_interval


def counts(*cells: tuple, question: str = "containers", kind: str = "yes-no") -> pd.DataFrame:
    """Counts rows from (survey, count, base[, approx]) tuples for one yes/no answer."""
    rows = []
    for survey, count, base, *approx in cells:
        rows.append({"survey": survey, "question": question, "option": "yes", "count": count,
                     "answered": None, "attended": base, "base": base, "base_kind": "attended",
                     "approx": bool(approx and approx[0]), "kind": kind})
    frame = pd.DataFrame(rows)
    for column in ("count", "answered", "attended", "base"):
        frame[column] = frame[column].astype("Int64")
    return frame


MEETUPS = pd.DataFrame(
    {
        "survey": ["c", "a", "b", "x"],
        "title": ["Brno #3", "Brno #1", "Brno #2", "Prague #1"],
        "date": pd.to_datetime(["2016-02-18", "2015-06-10", "2015-10-15", "2015-11-01"]),
        "group": ["brno", "brno", "brno", "prague"],
    }
)


def aggregates(frame: pd.DataFrame) -> pd.DataFrame:
    return aggregate_counts(frame.drop(columns="kind"), MEETUPS, {"containers": "yes-no"})


def test_a_trend_lists_the_meetups_oldest_first():
    table = aggregates(counts(("c", 50, 80), ("a", 30, 60), ("b", 85, 100)))
    series = trend(table, "containers", "yes")
    assert series["survey"].tolist() == ["a", "b", "c"]
    assert series["share"].tolist() == pytest.approx([30 / 60, 85 / 100, 50 / 80])
    assert series["date"].is_monotonic_increasing


def test_a_trend_can_keep_one_group():
    table = aggregates(counts(("a", 30, 60), ("x", 40, 70), ("b", 85, 100)))
    assert trend(table, "containers", "yes", group="prague")["survey"].tolist() == ["x"]


def test_a_trend_keeps_suppressed_meetups_as_gaps():
    table = aggregates(counts(("a", 30, 60), ("b", 4, 100), ("c", 50, 80)))
    series = trend(table, "containers", "yes").set_index("survey")
    assert bool(series.loc["b", "suppressed"]) is True
    assert pd.isna(series.loc["b", "share"]) and series.loc["b", "base"] == 100


def test_a_trend_carries_intervals_and_approximation():
    table = aggregates(counts(("a", 30, 60), ("b", 85, 100, True)))
    series = trend(table, "containers", "yes").set_index("survey")
    assert (series.loc["a", "ci_low"], series.loc["a", "ci_high"]) == pytest.approx(
        wilson_interval(30, 60)
    )
    assert series["approx"].tolist() == [False, True]


def test_pooling_adds_counts_and_bases_instead_of_averaging_shares():
    # 30 of 40 at a small meetup, 20 of 160 at a big one: 50 of 200 people, 25 %,
    # not the 43.75 % that averaging 75 % and 12.5 % would claim.
    pooled = pool(counts(("a", 30, 40), ("b", 20, 160)), "containers", "yes")
    assert (pooled.count, pooled.base) == (50, 200)
    assert pooled.share == pytest.approx(0.25)
    average_of_shares = (30 / 40 + 20 / 160) / 2
    assert pooled.share != pytest.approx(average_of_shares)
    assert (pooled.ci_low, pooled.ci_high) == pytest.approx(wilson_interval(50, 200))


def test_pooling_can_pick_meetups():
    pooled = pool(counts(("a", 30, 40), ("b", 20, 160), ("c", 45, 50)), "containers", "yes",
                  surveys=["a", "c"])
    assert (pooled.surveys, pooled.count, pooled.base) == (("a", "c"), 75, 90)


def test_a_pooled_figure_is_suppressed_when_still_small():
    pooled = pool(counts(("a", 3, 40), ("b", 4, 60)), "containers", "yes")
    assert (pooled.suppressed, pooled.suppression) == (True, "small")
    assert pooled.count is None and pooled.share is None and pooled.base == 100


def test_a_pooled_figure_hidden_because_nearly_everyone_answered_gives_the_public_reason():
    # 95 of 100: the 5 who said no would be revealed; published reasons are only "small" and "secondary".
    pooled = pool(counts(("a", 50, 52), ("b", 45, 48)), "containers", "yes")
    assert (pooled.suppressed, pooled.suppression) == (True, "secondary")


def test_a_small_cell_verdict_says_fewer_people_gave_the_answer():
    result = change(counts(("a", 48, 80), ("b", 4, 100)), "containers", "yes", "a", "b")
    assert result.verdict == (
        "cannot compare a with b: the b figure is suppressed (fewer than 10 people gave this answer)"
    )


def test_pooling_marks_approximate_tallies():
    assert pool(counts(("a", 30, 40), ("b", 20, 160, True)), "containers", "yes").approx is True


def test_pooling_refuses_published_aggregates_with_hidden_cells():
    table = aggregates(counts(("a", 30, 60), ("b", 4, 100)))
    with pytest.raises(ValueError, match="suppressed in b"):
        pool(table, "containers", "yes")


def test_pooling_refuses_questions_whose_bases_differ():
    frame = counts(("a", 30, 40), ("b", 20, 160))
    frame.loc[1, "base_kind"] = "answered"
    with pytest.raises(ValueError, match="bases differ"):
        pool(frame, "containers", "yes")


def test_pooling_one_base_kind_leaves_the_other_meetups_out():
    # b had no headcount, so its 20 are of 60 who answered: not addable to a's share of 40 present.
    frame = counts(("a", 30, 40), ("b", 20, 60), ("c", 50, 100))
    frame.loc[1, "base_kind"] = "answered"
    pooled = pool(frame, "containers", "yes", base_kind="attended")
    assert (pooled.surveys, pooled.count, pooled.base, pooled.base_kind) == (("a", "c"), 30 + 50, 40 + 100, "attended")


def test_a_share_of_respondents_is_not_compared_with_a_share_of_attendees():
    frame = counts(("a", 48, 80), ("b", 56, 70))
    frame.loc[1, "base_kind"] = "answered"
    result = change(frame, "containers", "yes", "a", "b")
    assert result.direction == "not comparable" and result.difference is None
    assert result.verdict == (
        "cannot compare a with b: different bases (the a figure is a share of everyone present, "
        "the b figure a share of those who answered)"
    )


def test_a_change_whose_interval_excludes_zero_rose():
    # Newcombe's (1998) worked example: 48/80 then 56/70, CI for the rise 0.0524 to 0.3339.
    result = change(counts(("a", 48, 80), ("b", 56, 70)), "containers", "yes", "a", "b")
    assert result.direction == "rose"
    assert (result.share_a, result.share_b) == pytest.approx((0.6, 0.8))
    assert (result.difference, result.ci_low, result.ci_high) == pytest.approx(
        (0.2, 0.0524, 0.3339), abs=5e-5
    )
    assert result.verdict == (
        "rose by 20.0 points, from 60 % to 80 % (95 % CI +5.2 to +33.4 points)"
    )


def test_the_same_change_read_backwards_fell():
    result = change(counts(("a", 56, 70), ("b", 48, 80)), "containers", "yes", "a", "b")
    assert result.direction == "fell"
    assert (result.difference, result.ci_low, result.ci_high) == pytest.approx(
        (-0.2, -0.3339, -0.0524), abs=5e-5
    )
    assert result.verdict.startswith("fell by 20.0 points")


def test_an_interval_that_spans_zero_is_no_clear_change():
    result = change(counts(("a", 30, 60), ("b", 36, 60)), "containers", "yes", "a", "b")
    assert result.ci_low < 0 < result.ci_high
    assert result.direction == "no clear change"
    assert result.verdict.startswith("no clear change: from 50 % to 60 %")


def test_a_verdict_rounds_half_percents_up_like_the_charts():
    # 57 of 200 is 28.5 % and 23 of 40 is 57.5 %: "from 29 % to 58 %", not the floats' 28 and 57.
    result = change(counts(("a", 57, 200), ("b", 23, 40)), "containers", "yes", "a", "b")
    assert "from 29 % to 58 %" in result.verdict


def test_approximate_tallies_are_compared_but_said_to_be_approximate():
    result = change(counts(("a", 48, 80), ("b", 56, 70, True)), "containers", "yes", "a", "b")
    assert result.direction == "rose" and result.approx is True
    assert result.verdict.endswith("; approximate tallies")


def test_a_suppressed_cell_is_not_compared():
    # 95 of 100 would tell the room that 5 people said no; the difference would too.
    result = change(counts(("a", 48, 80), ("b", 95, 100)), "containers", "yes", "a", "b")
    assert result.direction == "not comparable"
    assert result.difference is None and result.share_b is None
    assert result.verdict == (
        "cannot compare a with b: the b figure is suppressed "
        "(it is hidden so that another hidden figure cannot be worked out)"
    )


def test_a_meetup_that_did_not_ask_is_not_compared():
    result = change(counts(("a", 48, 80)), "containers", "yes", "a", "z")
    assert result.direction == "not comparable"
    assert result.verdict == "cannot compare a with z: z has no figure for containers/yes"


# --- on a survey folder read by load_survey -----------------------------------------------

SURVEY = Path(__file__).resolve().parent.parent / "data" / "polls" / "stats" / "survey"


def test_change_between_two_tallied_meetups_of_a_survey_folder():
    from polls.read.folder import load_survey

    # 30 of 60 at #1, ~85 % of ~100 at #2.
    result = change(load_survey(SURVEY), "containers", "yes", "docker-brno-1", "docker-brno-2")
    assert result.direction == "rose" and result.approx is True
    assert result.difference == pytest.approx(0.85 - 0.5)


def test_change_uses_the_threshold_it_is_given():
    from polls.read.folder import load_survey

    # ~85 of ~100 leaves ~15 who said no: published at 10, hidden at 20.
    result = change(load_survey(SURVEY), "containers", "yes", "docker-brno-1", "docker-brno-2",
                    min_cell=20)
    assert result.direction == "not comparable"
    assert result.verdict == (
        "cannot compare docker-brno-1 with docker-brno-2: the docker-brno-2 figure is "
        "suppressed (it is hidden so that another hidden figure cannot be worked out)"
    )


def test_pool_over_a_survey_folder_adds_the_tallies():
    from polls.read.folder import load_survey

    pooled = pool(load_survey(SURVEY), "students", "yes")
    assert (pooled.surveys, pooled.count, pooled.base) == (("docker-brno-1", "docker-brno-2"), 35, 160)
