"""Across meetups: trend series, pooled totals and change verdicts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from polls.stats.aggregate import aggregate_counts
from polls.stats.comparisons import adjust, change, pool, trend, trend_fit
from polls.stats.intervals import holm, wilson_interval
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint


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
    # 75 % against 12.5 % is far more spread than chance: the interval is widened for it.
    phi = statsmodels_dispersion([30, 20], [40, 160])
    assert (pooled.ci_low, pooled.ci_high) == pytest.approx(proportion_confint(50 / phi, 200 / phi, method="wilson"))


def statsmodels_dispersion(counts: list[int], bases: list[int]) -> float:
    """Pearson X² / residual df of a binomial GLM with an intercept only (R's quasibinomial dispersion)."""
    import numpy as np
    import statsmodels.api as sm

    endog = np.column_stack([counts, np.subtract(bases, counts)])
    fit = sm.GLM(endog, np.ones((len(counts), 1)), family=sm.families.Binomial()).fit()
    return fit.pearson_chi2 / fit.df_resid


def test_a_pooled_interval_is_widened_by_the_spread_between_meetups():
    # 30/60, 45/60 and 20/60 vary more between meetups than chance would have them.
    cells = [("a", 30, 60), ("b", 45, 60), ("c", 20, 60)]
    pooled = pool(counts(*cells), "containers", "yes", min_cell=0)
    phi = statsmodels_dispersion([30, 45, 20], [60, 60, 60])
    assert phi > 1
    assert pooled.dispersion == pytest.approx(phi)
    assert (pooled.ci_low, pooled.ci_high) == pytest.approx(proportion_confint(95 / phi, 180 / phi, method="wilson"))


def test_a_pooled_interval_is_never_narrower_than_wilson_when_meetups_agree():
    # 30/60 and 31/60 vary less than chance: no narrowing below the plain Wilson interval.
    pooled = pool(counts(("a", 30, 60), ("b", 31, 60)), "containers", "yes")
    assert statsmodels_dispersion([30, 31], [60, 60]) < 1
    assert (pooled.ci_low, pooled.ci_high) == pytest.approx(proportion_confint(61, 120, method="wilson"))


def test_pooling_leaves_out_meetups_whose_own_cell_is_hidden():
    # b's 4 is hidden on its own page: a pool of a and b beside a's 30 would give it back.
    pooled = pool(counts(("a", 30, 60), ("b", 4, 100)), "containers", "yes")
    assert (pooled.surveys, pooled.count, pooled.base) == (("a",), 30, 60)


def test_pooling_meetups_that_are_all_hidden_hides_the_pool():
    # 8 of 40 and 9 of 50 are both hidden; their sum 17 would pin each of them to 7..9.
    pooled = pool(counts(("a", 8, 40), ("b", 9, 50)), "containers", "yes")
    assert (pooled.suppressed, pooled.suppression, pooled.count) == (True, "secondary", None)


def test_pooling_raw_counts_is_still_possible_for_unpublished_analysis():
    pooled = pool(counts(("a", 30, 60), ("b", 4, 100)), "containers", "yes", published_only=False)
    assert (pooled.surveys, pooled.count, pooled.base) == (("a", "b"), 34, 160)


def test_pooling_can_pick_meetups():
    # (c's 40 of 50 and 10 who said no are both published on its own page.)
    pooled = pool(counts(("a", 30, 40), ("b", 20, 160), ("c", 40, 50)), "containers", "yes",
                  surveys=["a", "c"])
    assert (pooled.surveys, pooled.count, pooled.base) == (("a", "c"), 70, 90)


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


def demo_tallies() -> pd.DataFrame:
    """The demo group's first and latest "containers in production": ~20 of ~55 hands, then 38 of 64 forms."""
    frame = counts(("first", 20, 55, True), ("latest", 38, 64))
    frame["count_approx"] = [True, False]
    frame["base_approx"] = [True, False]
    return frame


def newcombe(count_b: float, base_b: float, count_a: float, base_a: float) -> tuple[float, float]:
    """The oracle: statsmodels' Newcombe interval for b minus a."""
    return confint_proportions_2indep(count_b, base_b, count_a, base_a, method="newcomb", compare="diff")


def test_an_approximate_tally_that_may_have_been_22_of_53_is_no_clear_change():
    # Taken at face value, 20 of 55 against 38 of 64 "rose 23.0 points (+5.0 to +39.0)"...
    assert newcombe(38, 64, 20, 55)[0] > 0.04
    # ...but ~20 of ~55 may well have been 22 of 53, and then the interval reaches below 0.
    assert newcombe(38, 64, 22, 53)[0] < 0
    result = change(demo_tallies(), "containers", "yes", "first", "latest")
    assert result.direction == "no clear change" and result.approx is True


def test_the_interval_of_an_approximate_change_spans_every_corner_of_the_plausible_ranges():
    # ~20 is 18..22 people and ~55 is 50..60 (plus or minus max(2, 10 %))
    corners = [newcombe(38, 64, count, base) for count in (18, 22) for base in (50, 60)]
    result = change(demo_tallies(), "containers", "yes", "first", "latest")
    assert (result.ci_low, result.ci_high) == pytest.approx(
        (min(low for low, _ in corners), max(high for _, high in corners)), abs=1e-9)
    assert result.verdict == (
        f"no clear change: from ≈36 % to 59 % (95 % CI {result.ci_low * 100:+.1f} to "
        f"{result.ci_high * 100:+.1f} points, allowing for the ≈ figures)".replace("-", "\N{MINUS SIGN}")
    )


def test_a_change_larger_than_any_plausible_tally_still_rose():
    # ~10 of ~50: 8..12 people of 45..55
    frame = counts(("first", 10, 50, True), ("latest", 40, 50))
    frame["base_approx"] = [True, False]
    result = change(frame, "containers", "yes", "first", "latest")
    assert result.direction == "rose"
    assert result.ci_low == pytest.approx(min(newcombe(40, 50, count, base)[0]
                                              for count in (8, 12) for base in (45, 55)), abs=1e-9)


def test_the_plausible_range_is_a_setting():
    # With no range at all, "~20 of ~55" is read as exactly 20 of 55, and the old verdict comes back.
    result = change(demo_tallies(), "containers", "yes", "first", "latest", approx_range=(0, 0))
    assert result.direction == "rose"
    assert (result.ci_low, result.ci_high) == pytest.approx(newcombe(38, 64, 20, 55), abs=1e-9)


def test_a_percentage_typed_into_a_tally_is_compared_as_written():
    # "~45%" of 30 people is 13.5 people: the verdict says 45 %, not the 47 % of a rounded 14
    frame = counts(("first", 14, 30, True), ("latest", 20, 30))
    frame["count_approx"] = [True, False]
    frame["written"] = pd.array([0.45, None], dtype="Float64")
    result = change(frame, "containers", "yes", "first", "latest")
    assert result.share_a == pytest.approx(0.45)
    assert result.verdict.startswith("no clear change: from ≈45 % to 67 %")


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
    assert result.verdict == "cannot compare a with z: z has no figure for this answer"


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
        "cannot compare Docker Brno #1 (10 Jun 2015) with Docker Brno #2 (15 Oct 2015): the Docker Brno #2 "
        "(15 Oct 2015) figure is suppressed (it is hidden so that another hidden figure cannot be worked out)"
    )


def test_pool_over_a_survey_folder_adds_the_tallies():
    from polls.read.folder import load_survey

    pooled = pool(load_survey(SURVEY), "students", "yes")
    assert (pooled.surveys, pooled.count, pooled.base) == (("docker-brno-1", "docker-brno-2"), 35, 160)


# --- a trend over every meetup ---------------------------------------------------------------

TREND_MEETUPS = pd.DataFrame({
    "survey": [f"m{i}" for i in range(1, 7)],
    "title": [f"Meetup #{i}" for i in range(1, 7)],
    "date": pd.to_datetime(["2024-01-10", "2024-04-10", "2024-07-10", "2024-10-10", "2025-01-10", "2025-04-10"]),
    "group": ["g"] * 6,
})
# 6 meetups a quarter apart, exact counts; the second table spreads far more than chance would
STEADY = [(12, 60), (15, 58), (18, 62), (20, 55), (25, 61), (27, 59)]
SPREAD = [(12, 60), (30, 58), (10, 62), (35, 55), (14, 61), (38, 59)]


def trend_table(cells, approx=()) -> pd.DataFrame:
    frame = counts(*[(f"m{i}", count, base, i in approx) for i, (count, base) in enumerate(cells, 1)])
    frame = frame.drop(columns="kind")
    frame["count_approx"] = frame["approx"]
    frame["base_approx"] = frame["approx"]
    return aggregate_counts(frame, TREND_MEETUPS, {"containers": "yes-no"}, min_cell=0)


def oracle(cells) -> tuple[float, float, float, float]:
    """statsmodels' GLM as the test sees it: (points a year, CI low, CI high, p), by finite differences."""
    years = ((TREND_MEETUPS["date"] - TREND_MEETUPS["date"].iloc[0]).dt.days / 365.25).to_numpy()[:len(cells)]
    count = np.array([c for c, _ in cells], dtype=float)
    base = np.array([b for _, b in cells], dtype=float)
    exog = sm.add_constant(years)
    model = sm.GLM(np.column_stack([count, base - count]), exog, family=sm.families.Binomial())
    first = model.fit()
    fit = model.fit(scale=max(1.0, first.pearson_chi2 / first.df_resid))

    # central differences with steps of 1e-4: truncation and rounding errors both near 1e-8, where steps of
    # 1e-6 nested in each other leave rounding errors near 1e-4 that move with numpy's exp
    def average_slope(params):
        h = 1e-4
        up = 1 / (1 + np.exp(-(params[0] + params[1] * (years + h))))
        down = 1 / (1 + np.exp(-(params[0] + params[1] * (years - h))))
        return np.mean((up - down) / (2 * h))

    effect = average_slope(fit.params)
    step = 1e-4
    gradient = np.array([(average_slope(fit.params + step * np.eye(2)[i]) -
                          average_slope(fit.params - step * np.eye(2)[i])) / (2 * step) for i in range(2)])
    error = np.sqrt(gradient @ fit.cov_params() @ gradient)
    return effect, effect - 1.959964 * error, effect + 1.959964 * error, fit.pvalues[1]


def test_a_trend_is_a_binomial_model_of_the_share_over_years_in_points_a_year():
    fitted = trend_fit(trend_table(STEADY), "containers", "yes")
    effect, low, high, p = oracle(STEADY)
    assert (fitted.slope, fitted.ci_low, fitted.ci_high) == pytest.approx((effect, low, high), abs=1e-5)
    assert fitted.p_value == pytest.approx(p, rel=1e-6)
    assert fitted.surveys == ("m1", "m2", "m3", "m4", "m5", "m6") and fitted.dispersion == 1.0


def test_meetups_that_spread_more_than_chance_widen_the_trend_interval():
    fitted = trend_fit(trend_table(SPREAD), "containers", "yes")
    effect, low, high, p = oracle(SPREAD)
    assert fitted.dispersion > 5
    assert (fitted.slope, fitted.ci_low, fitted.ci_high, fitted.p_value) == pytest.approx((effect, low, high, p),
                                                                                         abs=1e-5)
    assert adjust([fitted])[0].direction == "no clear change"


def test_a_clear_trend_rose_and_says_so_in_points_a_year():
    [verdict] = adjust([trend_fit(trend_table(STEADY), "containers", "yes")])
    effect, low, high, p = oracle(STEADY)
    assert verdict.direction == "rose" and verdict.tested == 1
    points = f"{effect * 100:.1f}"
    assert verdict.verdict == (
        f"rose by {points} points a year over 6 meetups (95 % CI +{low * 100:.1f} to +{high * 100:.1f}; "
        f"p < 0.001; Holm-adjusted over 1 comparison, p < 0.001)"
    )


def test_a_trend_carried_by_approximate_figures_must_hold_at_every_corner_of_their_ranges():
    # the same counts written "~" at the first three meetups: at their high end (and the
    # bases at their low end) the early shares rise and the trend may vanish
    steady = trend_fit(trend_table(STEADY), "containers", "yes")
    rough = trend_fit(trend_table(STEADY, approx={1, 2, 3}), "containers", "yes")
    assert rough.approx is True
    assert rough.slope == pytest.approx(steady.slope)
    # ~12 of ~60 may be 14 of 54 (max(2, 10 %) each way): the interval covers that corner too
    high_corner = [(14, 54), (17, 53), (20, 56)] + STEADY[3:]
    assert rough.ci_low == pytest.approx(min(steady.ci_low, oracle(high_corner)[1]), abs=1e-5)
    assert rough.ci_low < steady.ci_low


def test_hidden_figures_are_left_out_of_a_trend_and_counted():
    table = trend_table(STEADY)
    table = aggregate_counts(counts(*[(f"m{i}", c, b) for i, (c, b) in enumerate([(4, 60)] + STEADY[1:], 1)])
                             .drop(columns="kind"), TREND_MEETUPS, {"containers": "yes-no"})
    fitted = trend_fit(table, "containers", "yes")
    assert fitted.hidden == ("m1",) and fitted.surveys == ("m2", "m3", "m4", "m5", "m6")
    assert "over 5 meetups (1 hidden figure left out; 95 % CI " in adjust([fitted])[0].verdict


def test_a_trend_needs_three_published_meetups():
    [verdict] = adjust([trend_fit(trend_table(STEADY[:2]), "containers", "yes")])
    assert (verdict.direction, verdict.tested) == ("not tested", 0)
    assert verdict.verdict == "too few meetups with a published figure for a trend (only 2; a trend needs 3)"


# --- multiplicity -------------------------------------------------------------------------

P_VALUES = [0.010, 0.040, 0.030, 0.005, 0.200, 0.049]


def test_holm_adjusts_like_statsmodels():
    expected = multipletests(P_VALUES, alpha=0.05, method="holm")[1]
    assert holm(P_VALUES) == pytest.approx(expected, abs=1e-12)


def test_verdicts_of_one_page_are_adjusted_together():
    fitted = trend_fit(trend_table(STEADY), "containers", "yes")
    trends = [replace(fitted, option=f"o{i}", p_value=p) for i, p in enumerate(P_VALUES)]
    adjusted = adjust(trends)
    reject, expected, _, _ = multipletests(P_VALUES, alpha=0.05, method="holm")
    assert [t.adjusted_p for t in adjusted] == pytest.approx(list(expected), abs=1e-12)
    assert [t.direction == "rose" for t in adjusted] == list(reject)
    assert {t.tested for t in adjusted} == {6}
    assert adjusted[1].verdict.endswith(f"p = 0.040; Holm-adjusted over 6 comparisons, p = {expected[1]:.3f})")


def test_a_pooled_percentage_typed_into_a_tally_counts_as_written():
    # "~45%" of 30 (13.5 people) and 20 of 30: 33.5 of 60, not the 34 that a rounded 14 would add up to
    frame = counts(("a", 14, 30, True), ("b", 20, 30))
    frame["written"] = pd.array([0.45, None], dtype="Float64")
    pooled = pool(frame, "containers", "yes")
    assert pooled.share == pytest.approx(33.5 / 60)
    # combined with main's pool(): the interval is widened by the Pearson dispersion of the written figures
    p = 33.5 / 60
    dispersion = sum((c - 30 * p) ** 2 / (30 * p * (1 - p)) for c in (13.5, 20)) / (2 - 1)
    assert pooled.dispersion == pytest.approx(dispersion)
    assert (pooled.ci_low, pooled.ci_high) == pytest.approx(
        proportion_confint(33.5 / max(1, dispersion), 60 / max(1, dispersion), method="wilson"))


def test_a_trend_over_meetups_polled_by_different_methods_is_fitted_over_the_majority():
    # five shows of hands and one form: the trend runs over the five, and says what it left out
    table = trend_table(STEADY)
    table["method"] = ["tally"] * (len(table) - 1) + ["form"]
    [verdict] = adjust([trend_fit(table, "containers", "yes")])
    effect, low, high, p = oracle(STEADY[:5])
    assert verdict.surveys == ("m1", "m2", "m3", "m4", "m5") and verdict.left_out == ("m6",)
    assert (verdict.slope, verdict.ci_low, verdict.ci_high) == pytest.approx((effect, low, high), abs=1e-5)
    assert verdict.p_value == pytest.approx(p, rel=1e-6)
    assert verdict.verdict.startswith(f"rose by {effect * 100:.1f} points a year over 5 meetups (")
    assert verdict.verdict.endswith(
        "; 1 meetup polled by a form left out (not comparable with a show of hands): Meetup #6 (10 Apr 2025)")


def test_a_trend_left_partly_out_still_counts_as_one_comparison():
    table = trend_table(STEADY)
    table["method"] = ["tally"] * (len(table) - 1) + ["form"]
    verdicts = adjust([trend_fit(table, "containers", "yes"), trend_fit(trend_table(STEADY[:2]), "containers", "yes")])
    assert [v.tested for v in verdicts] == [1, 1]
    assert verdicts[0].adjusted_p == pytest.approx(verdicts[0].p_value)


def test_a_trend_is_not_comparable_when_no_method_has_three_meetups():
    # two shows of hands and two forms: neither kind of poll has the three meetups a trend needs
    table = trend_table(STEADY[:4])
    table["method"] = ["tally", "tally", "form", "form"]
    [verdict] = adjust([trend_fit(table, "containers", "yes")])
    assert (verdict.direction, verdict.tested, verdict.p_value) == ("not comparable", 0, None)
    assert verdict.verdict == ("not comparable: a show of hands against a form (Meetup #1 (10 Jan 2024) and "
                               "Meetup #3 (10 Jul 2024)); no one kind of poll has the 3 meetups a trend needs")


def test_a_trend_over_meetups_that_asked_different_people_leaves_the_minority_out():
    table = trend_table(STEADY)
    table["method"] = "tally"
    table["asked"] = ["role=developer"] * 2 + [""] * (len(table) - 2)
    [verdict] = adjust([trend_fit(table, "containers", "yes")])
    assert verdict.surveys == ("m3", "m4", "m5", "m6") and verdict.left_out == ("m1", "m2")
    assert verdict.verdict.endswith(
        "; 2 meetups that asked different people left out (not comparable): "
        "Meetup #1 (10 Jan 2024) and Meetup #2 (10 Apr 2024)")


def test_with_equally_many_meetups_of_each_kind_the_trend_runs_over_the_latest_kind():
    table = trend_table(STEADY)
    table["method"] = ["tally"] * 3 + ["form"] * 3
    fitted = trend_fit(table, "containers", "yes")
    assert fitted.surveys == ("m4", "m5", "m6") and fitted.left_out == ("m1", "m2", "m3")
