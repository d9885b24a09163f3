"""Bad poll data stops the build with the engine's own one-line problems; the last good site stays."""

from __future__ import annotations

import shutil

import polls
import pytest
from pollsite import DATA, assert_built, build_polls_site, site_events, tree_digest


def test_a_count_above_the_base_fails_the_build_with_the_engines_problems(small_site, tmp_path):
    content, survey = small_site
    output, cache = tmp_path / "output", tmp_path / "cache"
    assert_built(build_polls_site(output, cache, content=content, survey=survey))
    before = tree_digest(output)
    shutil.copy(DATA / "count-above-base.yaml", survey / "small-2.yaml")
    with pytest.raises(polls.PollDataError) as engine:
        polls.load_survey(survey, events=site_events(content))

    built = build_polls_site(output, cache, content=content, survey=survey)

    assert not built.result.ok
    assert built.result.problems == engine.value.problems
    assert len(built.result.problems) == 2  # both wrong counts, found in one round
    assert all("\n" not in str(problem) and problem.line > 0 for problem in built.result.problems)
    assert tree_digest(output) == before


def test_more_form_answers_than_people_present_fails_the_build_at_the_first_extra_response(small_site, tmp_path):
    content, survey = small_site
    output, cache = tmp_path / "output", tmp_path / "cache"
    assert_built(build_polls_site(output, cache, content=content, survey=survey))
    before = tree_digest(output)
    (survey / "small-1.yaml").unlink()  # the headcount of 40 now comes from the event's page
    shutil.copy(DATA / "more-answers.csv", survey / "small-1.csv")

    built = build_polls_site(output, cache, content=content, survey=survey)

    assert not built.result.ok
    assert [str(problem) for problem in built.result.problems] == [
        f"{survey / 'small-1.csv'}:42:1: more answers than people present: 45 responses but a headcount of 40 "
        "(response 41 starts here); check the headcount or the file"
    ]
    assert tree_digest(output) == before
