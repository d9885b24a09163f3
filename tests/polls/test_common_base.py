"""Two meetups that asked a question of different people, compared on a base they share or refused.

The oracle is statsmodels' Newcombe interval on counts worked out by hand in each test.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import polls
import pytest
from polls.read.catalog import load_catalog
from statsmodels.stats.proportion import confint_proportions_2indep

CATALOG = load_catalog(Path(__file__).resolve().parent.parent / "data" / "polls" / "common-base" / "questions.yaml")


def survey(ignored: int):
    """"earlier" asked everyone the production row; "later" only those who said yes to containers."""
    rows = [
        # earlier: 60 using, 20 planned of 80 who chose an option, ``ignored`` answered "N/A"
        ("earlier", "production", "using", 60, 80, ignored, ""),
        ("earlier", "production", "planned", 20, 80, ignored, ""),
        # later: 70 of 85 said yes to containers; of those 70, 50 use them in production, 12 plan to
        ("later", "containers", "yes", 70, 85, 0, ""),
        ("later", "containers", "no", 15, 85, 0, ""),
        ("later", "production", "using", 50, 62, 0, "containers=yes"),
        ("later", "production", "planned", 12, 62, 0, "containers=yes"),
    ]
    counts = pd.DataFrame(rows, columns=["survey", "question", "option", "count", "answered", "ignored", "asked"])
    for column in ("count", "answered", "ignored"):
        counts[column] = counts[column].astype("Int64")
    counts["attended"] = pd.array([None] * len(counts), dtype="Int64")
    counts["base"] = counts["answered"]
    counts["base_kind"] = "answered"
    counts["method"] = "form"
    counts[["approx", "count_approx", "base_approx"]] = False
    counts["written"] = pd.array([None] * len(counts), dtype="Float64")
    meetups = pd.DataFrame({"survey": ["earlier", "later"], "title": ["Earlier poll", "Later poll"],
                            "date": pd.to_datetime(["2019-06-30", "2020-06-30"])})
    return SimpleNamespace(catalog=CATALOG, counts=counts, meetups=meetups)


def test_an_implied_answer_is_compared_on_the_base_of_everyone_who_answered_the_screening_question():
    # later: 50 of the 85 who answered "uses containers" (the 15 "no" were not asked: not in production)
    # earlier: 60 of 80 + 12 "N/A" = 92 who answered the row
    result = polls.change(survey(ignored=12), "production", "using", "earlier", "later", min_cell=10)
    low, high = confint_proportions_2indep(50, 85, 60, 92, method="newcomb", compare="diff")
    assert (result.share_a, result.share_b) == pytest.approx((60 / 92, 50 / 85))
    assert (result.ci_low, result.ci_high) == pytest.approx((low, high))
    assert result.common_base.startswith("shares of everyone who answered \u201cUses containers\u201d at "
                                         "Later poll (30 Jun 2020)")
    assert result.common_base.endswith("at Earlier poll (30 Jun 2019), its 12 answers of \u201cN/A\u201d included")


def test_an_answer_those_not_asked_could_have_given_is_still_refused():
    result = polls.change(survey(ignored=12), "production", "planned", "earlier", "later", min_cell=10)
    assert (result.direction, result.verdict) == ("not comparable", "not comparable: asked of different people")


def test_a_common_base_that_would_give_away_a_small_count_of_ignored_answers_is_refused():
    # 5 "N/A" answers: the restated base 85 beside the published 80 would reveal them
    result = polls.change(survey(ignored=5), "production", "using", "earlier", "later", min_cell=10)
    assert (result.direction, result.difference) == ("not comparable", None)
